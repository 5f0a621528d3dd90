/**
 * The terminal labeler's session: keys in, answers appended to the labels file, screens out.
 * On a terminal it takes the whole screen (header and key line pinned, the text paged); through
 * a pipe it reads one command per line (g, b, s, p, q) and prints each item as plain text, so it
 * can be scripted and tested.
 */
import type { DocItem, Item } from './items.ts';
import { firstUnanswered, nextUnanswered } from './items.ts';
import type { LabelsFile } from './labels-file.ts';
import { ANSI, PLAIN, renderItem } from './render.ts';
import { frame, layoutText, nextSpanTop, bodyHeight, type Layout } from './screen.ts';

export type Command =
  | 'good'
  | 'bad'
  | 'skip'
  | 'back'
  | 'quit'
  | 'down'
  | 'up'
  | 'pageDown'
  | 'pageUp'
  | 'nextSpan'
  | 'redraw';

/** Commands typed one per line through a pipe. */
const LINE_COMMANDS: Record<string, Command> = {
  g: 'good',
  good: 'good',
  b: 'bad',
  bad: 'bad',
  s: 'skip',
  skip: 'skip',
  p: 'back',
  back: 'back',
  k: 'back',
  q: 'quit',
  quit: 'quit',
};

/** Keys on a terminal (raw mode). Space pages, as in a pager; `b` stays "bad". */
const KEY_COMMANDS: Record<string, Command> = {
  g: 'good',
  b: 'bad',
  s: 'skip',
  p: 'back',
  k: 'back',
  '\x1b[D': 'back',
  '\x1bOD': 'back',
  q: 'quit',
  '\x03': 'quit',
  '\x04': 'quit',
  ' ': 'pageDown',
  '\x1b[6~': 'pageDown',
  '\x1b[B': 'down',
  '\x1bOB': 'down',
  j: 'down',
  '\x1b[5~': 'pageUp',
  u: 'pageUp',
  '\x1b[A': 'up',
  '\x1bOA': 'up',
  n: 'nextSpan',
  '\t': 'nextSpan',
  '\x0c': 'redraw',
};

/** One command per line of piped input (unknown words give null). */
export const lineCommand = (line: string): Command | null =>
  LINE_COMMANDS[line.trim().toLowerCase()] ?? null;

/** The commands in one chunk read from a terminal: several keys may arrive at once. */
export function keyCommands(chunk: string): (Command | null)[] {
  const keys = chunk.match(/\x1b\[[0-9;]*[A-Za-z~]|\x1bO[A-Za-z]|[\s\S]/gu) ?? [];
  return keys.map((k) => KEY_COMMANDS[k.length === 1 ? k.toLowerCase() : k] ?? null);
}

/** Where the session draws: a terminal of `cols` × `rows` cells, or a pipe/log (`tty` false). */
export interface Screen {
  tty: boolean;
  cols: () => number;
  rows: () => number;
  write: (s: string) => void;
}

export interface SessionResult {
  answered: number;
  total: number;
}

/**
 * Labels `items` into `labels` from `commands`, starting at `start` (0-based) or the first
 * unanswered item. Returns when quit, when every item is answered, or when the commands end.
 */
export async function labelSession(
  items: readonly Item[],
  labels: LabelsFile,
  commands: AsyncIterable<Command | null>,
  screen: Screen,
  start?: number,
): Promise<SessionResult> {
  const answered = (k: number) => labels.answers.has(k + 1);
  let i = start ?? firstUnanswered(answered, items.length);
  const history: number[] = [];
  let top = 0;
  let layout: { width: number; item: number; layout: Layout } | null = null;
  const current = (): Layout => {
    const width = screen.cols();
    if (!layout || layout.width !== width || layout.item !== i) {
      const it = items[i] as DocItem;
      layout = {
        width,
        item: i,
        layout: layoutText(it.text, Object.values(it.spans).flat(), width),
      };
    }
    return layout.layout;
  };
  const header = () => {
    const it = items[i]!;
    const prev = labels.answers.get(i + 1)?.label;
    return {
      index: i,
      total: items.length,
      reasons: it.reasons,
      ...(it.stratum && { stratum: it.stratum }),
      ...(prev && { previous: prev }),
    };
  };
  const show = () => {
    const it = items[i] as DocItem;
    if (!screen.tty) {
      screen.write('\n' + renderItem({ ...header(), text: it.text, spans: it.spans }, 3000, PLAIN));
      return;
    }
    const lines = frame(header(), current(), top, screen.cols(), screen.rows(), ANSI);
    screen.write(lines.map((l, r) => `\x1b[${r + 1};1H${l}\x1b[K`).join(''));
  };
  const scrollTo = (t: number) => {
    const last = Math.max(0, current().rows.length - bodyHeight(screen.rows()));
    top = Math.max(0, Math.min(last, t));
  };
  if (i < 0) return { answered: labels.answers.size, total: items.length };
  if (screen.tty) screen.write('\x1b[?1049h\x1b[?25l');
  try {
    show();
    for await (const cmd of commands) {
      if (cmd === null) continue;
      if (cmd === 'quit') break;
      const page = bodyHeight(screen.rows());
      if (cmd === 'redraw') top = Math.min(top, Math.max(0, current().rows.length - page));
      else if (cmd === 'down') scrollTo(top + 1);
      else if (cmd === 'up') scrollTo(top - 1);
      else if (cmd === 'pageDown') scrollTo(top + page);
      else if (cmd === 'pageUp') scrollTo(top - page);
      else if (cmd === 'nextSpan') top = nextSpanTop(current(), top, screen.rows());
      else if (cmd === 'back') {
        // Back through this session's path; before its start (a resumed session), the item before.
        if (history.length) i = history.pop()!;
        else if (i > 0) i--;
        top = 0;
      } else {
        if (cmd === 'good' || cmd === 'bad') labels.append(items[i]!.raw, i + 1, cmd);
        history.push(i);
        const next = nextUnanswered(answered, i, items.length);
        if (next === undefined) break;
        i = next;
        top = 0;
      }
      show();
    }
  } finally {
    if (screen.tty) screen.write('\x1b[?25h\x1b[?1049l');
  }
  return { answered: labels.answers.size, total: items.length };
}
