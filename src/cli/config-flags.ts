/** `-c FILE | --preset NAME` and `--tokenizer`, shared by the verbs that score. */
import { readFile } from 'node:fs/promises';
import type { Argv } from 'yargs';
import { PRESETS, TOKENIZERS, parseConfig, presetConfig, type FilterConfig, type TokenizerName } from '../config/config.ts';
import { UsageError } from '../errors.ts';

export interface ConfigFlags {
  config?: string;
  preset?: string;
  tokenizer?: TokenizerName;
}

export function withConfigFlags<T>(y: Argv<T>) {
  return y
    .option('config', { alias: 'c', type: 'string', describe: 'Filter config file (JSON or YAML)' })
    .option('preset', { type: 'string', choices: Object.keys(PRESETS), describe: 'A named config instead of -c' })
    .option('tokenizer', { choices: TOKENIZERS, describe: "Override the config's tokenizer (none: no token counts)" });
}

/** Reads and resolves the config the flags name; exactly one of -c and --preset. */
export async function loadConfig(a: ConfigFlags): Promise<FilterConfig> {
  if (!a.config === !a.preset) throw new UsageError('Expected exactly one of `-c FILE` or `--preset NAME`');
  let config: FilterConfig;
  if (a.preset) config = presetConfig(a.preset);
  else {
    let text: string;
    try {
      text = await readFile(a.config!, 'utf8');
    } catch (e) {
      throw new UsageError(`Cannot read config ${a.config}: ${e instanceof Error ? e.message : String(e)}`);
    }
    config = parseConfig(text, a.config!);
  }
  return a.tokenizer ? { ...config, tokenizer: a.tokenizer } : config;
}
