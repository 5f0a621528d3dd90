/**
 * `winnow label to-label.jsonl -o labels.jsonl`: label a sample in the terminal, or with
 * `--serve` in a browser page served on loopback (the flow: src/flows/label.ts). This file maps
 * flags and hands over the terminal: keypresses on a TTY (raw mode, redrawn on resize), one
 * command per line through a pipe (g, b, s, p, q), so it can be scripted and tested.
 */
import { createInterface } from 'node:readline';
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { label } from '../../flows/label.ts';
import { keyCommands, lineCommand, type Command } from '../../label/terminal.ts';
import type { Io } from '../io.ts';

interface LabelArgs {
  input: string;
  out: string;
  textField: string;
  item?: number;
  serve: boolean;
  port: number;
  host: string;
}

export const command = 'label <input>';

export const builder = (y: Argv) =>
  y
    .positional('input', {
      type: 'string',
      demandOption: true,
      describe: 'to-label JSONL from winnow sample (documents or pairs)',
    })
    .option('out', {
      alias: 'o',
      type: 'string',
      demandOption: true,
      describe: 'Labels JSONL (appended; resumable)',
    })
    .option('text-field', { type: 'string', default: 'text', describe: 'Field holding the text' })
    .option('item', {
      type: 'number',
      describe: 'Start at item N (1-based), answered or not, to revise it',
    })
    .option('serve', {
      type: 'boolean',
      default: false,
      describe: 'Label in a browser: serve a local page and print its URL',
    })
    .option('port', {
      type: 'number',
      default: 8080,
      describe: 'Port for --serve (0: any free port)',
    })
    .option('host', {
      type: 'string',
      default: '127.0.0.1',
      describe: 'Address for --serve to listen on (loopback unless you say otherwise)',
    })
    .example(
      '$0 label to-label.jsonl -o labels.jsonl',
      'g good · b bad · s skip · p back · space page · n next span · q quit',
    )
    .example(
      '$0 label to-label.jsonl -o labels.jsonl --serve',
      'the same in a browser page on http://127.0.0.1:8080/',
    );

/** Commands from stdin: keypresses on a TTY, lines through a pipe. */
async function* commands(): AsyncGenerator<Command | null> {
  const stdin = process.stdin;
  if (stdin.isTTY) {
    stdin.setRawMode(true);
    try {
      for await (const chunk of stdin as AsyncIterable<Buffer>)
        yield* keyCommands(chunk.toString('utf8'));
    } finally {
      stdin.setRawMode(false);
    }
    return;
  }
  for await (const line of createInterface({ input: stdin, crlfDelay: Infinity })) {
    if (line.trim()) yield lineCommand(line);
  }
}

/** Commands with a redraw whenever the terminal is resized. */
async function* withResize(cmds: AsyncIterable<Command | null>): AsyncGenerator<Command | null> {
  const it = cmds[Symbol.asyncIterator]();
  let resized: (() => void) | null = null;
  const onResize = () => resized?.();
  process.stderr.on('resize', onResize);
  try {
    let pending = it.next();
    for (;;) {
      const r = await Promise.race([
        pending,
        new Promise<'resize'>((res) => (resized = () => res('resize'))),
      ]);
      if (r === 'resize') {
        yield 'redraw';
        continue;
      }
      if (r.done) return;
      yield r.value;
      pending = it.next();
    }
  } finally {
    process.stderr.off('resize', onResize);
  }
}

/** The terminal's size; a pseudo-terminal nobody sized (script(1), some containers) reports 0 × 0, which would leave room for nothing. */
export const screenSize = (t: {
  columns?: number;
  rows?: number;
}): { cols: number; rows: number } => ({ cols: t.columns || 80, rows: t.rows || 24 });

export async function run(a: ArgumentsCamelCase<LabelArgs>, io: Io): Promise<number> {
  const tty = process.stderr.isTTY === true && process.stdin.isTTY === true;
  const terminal = {
    commands: () => (tty ? withResize(commands()) : commands()),
    screen: {
      tty,
      cols: () => screenSize(process.stderr).cols,
      rows: () => screenSize(process.stderr).rows,
      write: (s: string) => io.err(s),
    },
  };
  const r = await label(
    {
      input: a.input,
      out: a.out,
      textField: a.textField,
      ...(a.item !== undefined && { item: a.item }),
      ...(a.serve && { serve: { host: a.host, port: a.port } }),
    },
    terminal,
    (s) => io.err(s),
  );
  if (r.done === 'all-labeled')
    io.err(
      `winnow: all ${r.total} items of ${a.input} are labeled in ${a.out}; to revise one, rerun with --item N\n`,
    );
  if (r.done === 'session')
    io.err(
      `\nwinnow: ${r.answered} of ${r.total} labeled in ${a.out}${r.answered < r.total ? ' (run again to resume)' : ''}\n`,
    );
  return 0;
}
