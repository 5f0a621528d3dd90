/**
 * The `label` flow: a to-label file → answers appended to a labels file, in the terminal or
 * (`serve`) from a local browser page. Typed options in, typed result out; the CLI maps flags,
 * hands over the terminal (keys and screen) and prints. The labels file is local: every answer is
 * appended and fsync'ed where it lies.
 */
import * as store from '../io/store.ts';
import { UsageError } from '../errors.ts';
import { parseItems } from '../label/items.ts';
import { LabelsFile } from '../label/labels-file.ts';
import { labelSession, type Command, type Screen } from '../label/terminal.ts';

export interface LabelFlowOptions {
  input: string;
  out: string;
  textField: string;
  /** Open item N (1-based) first, answered or not. */
  item?: number;
  /** Serve the page on this address instead of labeling in the terminal. */
  serve?: { host: string; port: number };
}

/** The terminal: its keys as commands, and where screens go. */
export interface LabelTerminal {
  commands: () => AsyncIterable<Command | null>;
  screen: Screen;
}

export type LabelFlowResult =
  | { done: 'all-labeled'; total: number }
  | { done: 'session'; answered: number; total: number }
  | { done: 'served' };

export async function label(
  o: LabelFlowOptions,
  terminal: LabelTerminal,
  log: (s: string) => void,
): Promise<LabelFlowResult> {
  if (!(await store.exists(o.input))) throw new UsageError(`No such file: ${o.input}`);
  const items = parseItems(await store.readText(o.input), o.input, o.textField);
  if (
    o.item !== undefined &&
    !(Number.isInteger(o.item) && o.item >= 1 && o.item <= items.length)
  ) {
    throw new UsageError(
      `Expected \`--item\` to be an item number from 1 to ${items.length}, got ${o.item}`,
    );
  }
  if (o.serve) {
    const { host, port } = o.serve;
    if (!(Number.isInteger(port) && port >= 0 && port <= 65535))
      throw new UsageError(`Expected \`--port\` to be a port number from 0 to 65535, got ${port}`);
    const { serveLabels } = await import('../label/server.ts');
    await serveLabels(
      {
        input: o.input,
        out: o.out,
        items,
        host,
        port,
        ...(o.item !== undefined && { start: o.item }),
      },
      log,
    );
    return { done: 'served' };
  }
  if (items[0]?.kind === 'pair')
    throw new UsageError(`${o.input} holds pairs: label them side by side with --serve`);
  const labels = await LabelsFile.open(o.out, o.input);
  try {
    if (o.item === undefined && items.every((_, k) => labels.answers.has(k + 1)))
      return { done: 'all-labeled', total: items.length };
    const r = await labelSession(
      items,
      labels,
      terminal.commands(),
      terminal.screen,
      o.item !== undefined ? o.item - 1 : undefined,
    );
    return { done: 'session', ...r };
  } finally {
    labels.close();
  }
}
