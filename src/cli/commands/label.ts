/**
 * `winnow label to-label.jsonl -o labels.jsonl`: label a sample in the terminal, or with
 * `--serve` in a browser page served on loopback. Both append every answer to the labels file at
 * once (src/label/labels-file.ts); a rerun resumes at the first unanswered item, and the last
 * answer for an item wins. Through a pipe the terminal labeler reads one command per line (g, b,
 * s, p, q), so it can be scripted and tested.
 */
import { createInterface } from 'node:readline';
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { UsageError } from '../../errors.ts';
import * as store from '../../io/store.ts';
import { parseItems } from '../../label/items.ts';
import { LabelsFile } from '../../label/labels-file.ts';
import { keyCommands, labelSession, lineCommand, type Command } from '../../label/terminal.ts';
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
  y.positional('input', { type: 'string', demandOption: true, describe: 'to-label JSONL from winnow sample (documents or pairs)' })
    .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'Labels JSONL (appended; resumable)' })
    .option('text-field', { type: 'string', default: 'text', describe: 'Field holding the text' })
    .option('item', { type: 'number', describe: 'Start at item N (1-based), answered or not, to revise it' })
    .option('serve', { type: 'boolean', default: false, describe: 'Label in a browser: serve a local page and print its URL' })
    .option('port', { type: 'number', default: 8080, describe: 'Port for --serve (0: any free port)' })
    .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address for --serve to listen on (loopback unless you say otherwise)' })
    .example('$0 label to-label.jsonl -o labels.jsonl', 'g good · b bad · s skip · p back · space page · n next span · q quit')
    .example('$0 label to-label.jsonl -o labels.jsonl --serve', 'the same in a browser page on http://127.0.0.1:8080/');

/** Commands from stdin: keypresses on a TTY, lines through a pipe. */
async function* commands(): AsyncGenerator<Command | null> {
  const stdin = process.stdin;
  if (stdin.isTTY) {
    stdin.setRawMode(true);
    try {
      for await (const chunk of stdin as AsyncIterable<Buffer>) yield* keyCommands(chunk.toString('utf8'));
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
      const r = await Promise.race([pending, new Promise<'resize'>((res) => (resized = () => res('resize')))]);
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

export async function run(a: ArgumentsCamelCase<LabelArgs>, io: Io): Promise<number> {
  if (!(await store.exists(a.input))) throw new UsageError(`No such file: ${a.input}`);
  const items = parseItems(await store.readText(a.input), a.input, a.textField);
  if (a.item !== undefined && !(Number.isInteger(a.item) && a.item >= 1 && a.item <= items.length)) {
    throw new UsageError(`Expected \`--item\` to be an item number from 1 to ${items.length}, got ${a.item}`);
  }
  if (a.serve) {
    if (!(Number.isInteger(a.port) && a.port >= 0 && a.port <= 65535)) throw new UsageError(`Expected \`--port\` to be a port number from 0 to 65535, got ${a.port}`);
    const { serveLabels } = await import('../../label/server.ts');
    return serveLabels({ input: a.input, out: a.out, items, host: a.host, port: a.port, ...(a.item !== undefined && { start: a.item }) }, io);
  }
  if (items[0]?.kind === 'pair') throw new UsageError(`${a.input} holds pairs: label them side by side with --serve`);
  const labels = LabelsFile.open(a.out, a.input);
  try {
    if (a.item === undefined && labels.answers.size >= items.length && items.every((_, k) => labels.answers.has(k + 1))) {
      io.err(`winnow: all ${items.length} items of ${a.input} are labeled in ${a.out}; to revise one, rerun with --item N\n`);
      return 0;
    }
    const tty = process.stderr.isTTY === true && process.stdin.isTTY === true;
    const screen = { tty, cols: () => process.stderr.columns ?? 80, rows: () => process.stderr.rows ?? 24, write: (s: string) => io.err(s) };
    const r = await labelSession(items, labels, tty ? withResize(commands()) : commands(), screen, a.item !== undefined ? a.item - 1 : undefined);
    io.err(`\nwinnow: ${r.answered} of ${r.total} labeled in ${a.out}${r.answered < r.total ? ' (run again to resume)' : ''}\n`);
    return 0;
  } finally {
    labels.close();
  }
}
