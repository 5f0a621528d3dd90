/**
 * `winnow label to-label.jsonl -o labels.jsonl`: label a sample in the terminal. Every answer is
 * appended to the labels file at once (the record, its `winnow_sample` field, `"label"` and
 * `"label_item"`, its line in the to-label file); a rerun resumes at the first unanswered item.
 * Going back and answering again appends a new line: the last answer for an item wins.
 * Through a pipe it reads one command per line (g, b, s, p, q), so it can be scripted and tested.
 */
import { createInterface } from 'node:readline';
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { UsageError } from '../../errors.ts';
import { getField } from '../../io/fields.ts';
import { spliceField } from '../../io/splice.ts';
import * as store from '../../io/store.ts';
import { ANSI, PLAIN, renderItem } from '../../label/render.ts';
import type { Io } from '../io.ts';
import { strataPathOf } from './sample.ts';

interface LabelArgs {
  input: string;
  out: string;
  textField: string;
  item?: number;
}

export const command = 'label <input>';

export const builder = (y: Argv) =>
  y.positional('input', { type: 'string', demandOption: true, describe: 'to-label JSONL from winnow sample' })
    .option('out', { alias: 'o', type: 'string', demandOption: true, describe: 'Labels JSONL (appended; resumable)' })
    .option('text-field', { type: 'string', default: 'text', describe: 'Field holding the text' })
    .option('item', { type: 'number', describe: 'Start at item N (1-based), answered or not, to revise it' })
    .example('$0 label to-label.jsonl -o labels.jsonl', 'g good · b bad · s skip · p back · q quit');

type Command = 'good' | 'bad' | 'skip' | 'back' | 'quit';
const COMMANDS: Record<string, Command> = {
  g: 'good', good: 'good', b: 'bad', bad: 'bad', s: 'skip', skip: 'skip', ' ': 'skip',
  p: 'back', back: 'back', '\x1b[D': 'back', k: 'back', q: 'quit', quit: 'quit', '\x03': 'quit', '\x04': 'quit',
};

/** Commands from stdin: keypresses on a TTY, lines through a pipe. */
async function* commands(): AsyncGenerator<Command | null> {
  const stdin = process.stdin;
  if (stdin.isTTY) {
    stdin.setRawMode(true);
    try {
      for await (const chunk of stdin as AsyncIterable<Buffer>) yield COMMANDS[chunk.toString('utf8').toLowerCase()] ?? null;
    } finally {
      stdin.setRawMode(false);
    }
    return;
  }
  for await (const line of createInterface({ input: stdin, crlfDelay: Infinity })) {
    const t = line.trim().toLowerCase();
    if (t) yield COMMANDS[t] ?? null;
  }
}

export async function run(a: ArgumentsCamelCase<LabelArgs>, io: Io): Promise<number> {
  if (!(await store.exists(a.input))) throw new UsageError(`No such file: ${a.input}`);
  const lines = (await store.read(a.input)).toString('utf8').split('\n').filter((l) => l.trim());
  const items = lines.map((l, i) => {
    let rec: Record<string, unknown>;
    try {
      rec = JSON.parse(l) as Record<string, unknown>;
    } catch {
      throw new UsageError(`${a.input}:${i + 1}: not a JSON record`);
    }
    const text = getField(rec, a.textField);
    if (typeof text !== 'string') throw new UsageError(`${a.input}:${i + 1}: missing string "${a.textField}"`);
    return { raw: Buffer.from(l), text, sample: (rec.winnow_sample ?? {}) as { reasons?: string[]; spans?: Record<string, [number, number, number][]>; stratum?: string } };
  });
  // Resume: the last answer per item wins.
  const answers = new Map<number, string>();
  if (await store.exists(a.out)) {
    for (const l of (await store.read(a.out)).toString('utf8').split('\n')) {
      if (!l.trim()) continue;
      const r = JSON.parse(l) as { label_item?: number; label?: string };
      if (typeof r.label_item === 'number' && typeof r.label === 'string') answers.set(r.label_item, r.label);
    }
  }
  const strata = strataPathOf(a.input);
  if ((await store.exists(strata)) && !(await store.exists(strataPathOf(a.out)))) await store.putIfAbsent(strataPathOf(a.out), await store.read(strata));
  const log = store.openAppendLog(a.out);
  const history: number[] = [];
  if (a.item !== undefined && !(Number.isInteger(a.item) && a.item >= 1 && a.item <= items.length)) {
    throw new UsageError(`Expected \`--item\` to be an item number from 1 to ${items.length}, got ${a.item}`);
  }
  let i = a.item !== undefined ? a.item - 1 : items.findIndex((_, k) => !answers.has(k + 1));
  try {
    if (i === -1) {
      io.err(`winnow: all ${items.length} items of ${a.input} are labeled in ${a.out}; to revise one, rerun with --item N\n`);
      return 0;
    }
    const show = () => {
      const it = items[i]!;
      // Clear the screen and use colour only on a terminal: a log or a pipe gets plain text.
      const tty = process.stderr.isTTY === true;
      const item = { index: i, total: items.length, text: it.text, reasons: it.sample.reasons ?? [], spans: it.sample.spans ?? {}, ...(it.sample.stratum && { stratum: it.sample.stratum }), ...(answers.has(i + 1) && { previous: answers.get(i + 1)! }) };
      io.err((tty ? '\x1b[2J\x1b[H' : '\n') + renderItem(item, 3000, tty ? ANSI : PLAIN));
    };
    show();
    for await (const cmd of commands()) {
      if (cmd === null) continue;
      if (cmd === 'quit') break;
      if (cmd === 'back') {
        // Back through this session's path; before its start (a resumed session), the item before.
        if (history.length) i = history.pop()!;
        else if (i > 0) i--;
        show();
        continue;
      }
      if (cmd === 'good' || cmd === 'bad') {
        const rec = spliceField(spliceField(items[i]!.raw, 'label', JSON.stringify(cmd)), 'label_item', String(i + 1));
        log.append(Buffer.concat([rec, Buffer.from('\n')]));
        answers.set(i + 1, cmd);
      }
      history.push(i);
      // Next: the first unanswered item after this one, wrapping around to skipped ones.
      const next = [...items.keys()].map((k) => (i + 1 + k) % items.length).find((k) => !answers.has(k + 1) && k !== i);
      if (next === undefined) break;
      i = next;
      show();
    }
  } finally {
    log.close();
  }
  const done = answers.size;
  io.err(`\nwinnow: ${done} of ${items.length} labeled in ${a.out}${done < items.length ? ' (run again to resume)' : ''}\n`);
  return 0;
}
