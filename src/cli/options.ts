/**
 * Flags shared by the verbs that read shards, and their translation into library options.
 */
import type { Argv } from 'yargs';
import { UsageError } from '../errors.ts';
import type { ReadOptions } from '../flows/run.ts';

/** --max-line-bytes's default. */
const MAX_LINE_BYTES = 16 * 1024 * 1024;

export interface ReadFlags {
  'text-field': string;
  'id-field': string;
  'max-line-bytes': number;
  'on-error': 'skip' | 'fail';
}

/** Adds the reading flags to a command. */
export function withReadFlags<T>(y: Argv<T>) {
  return y
    .option('text-field', {
      type: 'string',
      default: 'text',
      describe:
        'Field holding the text (dotted paths allowed: content.body; a key that literally contains the dots wins)',
    })
    .option('id-field', {
      type: 'string',
      default: 'id',
      describe: 'Field holding the id; a missing id becomes <shard>:<line>',
    })
    .option('max-line-bytes', {
      type: 'number',
      default: MAX_LINE_BYTES,
      describe: 'Longer lines are not parsed; they go verbatim to errors',
    })
    .option('on-error', {
      choices: ['skip', 'fail'] as const,
      default: 'skip' as const,
      describe: 'skip: record bad lines in errors and go on; fail: stop at the first, exit 1',
    });
}

/** The reading flags a task's command line repeats (a Slurm task): those not at their defaults. */
export function readTaskFlags(a: ReadFlags): string[] {
  readOptions(a); // a bad value is refused once, here, not by every task
  return [
    ...(a['text-field'] !== 'text' ? ['--text-field', a['text-field']] : []),
    ...(a['id-field'] !== 'id' ? ['--id-field', a['id-field']] : []),
    ...(a['max-line-bytes'] !== MAX_LINE_BYTES
      ? ['--max-line-bytes', String(a['max-line-bytes'])]
      : []),
    ...(a['on-error'] !== 'skip' ? ['--on-error', a['on-error']] : []),
  ];
}

export function readOptions(a: ReadFlags): ReadOptions {
  const max = a['max-line-bytes'];
  if (!Number.isInteger(max) || max < 1)
    throw new UsageError(
      `Expected \`--max-line-bytes\` to be an integer >= 1, got ${Number.isNaN(max) ? 'something that is not a number' : max}`,
    );
  return { textField: a['text-field'], idField: a['id-field'], maxLineBytes: max };
}
