/** `-c FILE | --preset NAME`, `--tokenizer` and `--vocabulary`, shared by the verbs that score. */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Argv } from 'yargs';
import { PRESETS, TOKENIZERS, parseConfig, presetConfig, type FilterConfig, type TokenizerName } from '../config/config.ts';
import { fingerprint } from '../config/fingerprint.ts';
import { UsageError } from '../errors.ts';
import { decodeVocabulary, vocabularyHash, type Vocabulary } from '../vocab/vocabulary.ts';

export interface ConfigFlags {
  config?: string;
  preset?: string;
  tokenizer?: TokenizerName;
  vocabulary?: string;
}

export function withConfigFlags<T>(y: Argv<T>) {
  return y
    .option('config', { alias: 'c', type: 'string', describe: 'Filter config file (JSON or YAML)' })
    .option('preset', { type: 'string', choices: Object.keys(PRESETS), describe: 'A named config instead of -c' })
    .option('tokenizer', { choices: TOKENIZERS, describe: "Override the config's tokenizer (none: no token counts)" })
    .option('vocabulary', { type: 'string', describe: "Override the config's vocabulary file (winnow vocab), for rare_tokens" });
}

/** A config with what it refers to loaded, and the fingerprint that binds them. */
export interface LoadedConfig {
  config: FilterConfig;
  vocabulary: Vocabulary | null;
  fingerprint: string;
}

/** Reads and resolves the config the flags name (exactly one of -c and --preset), and its vocabulary. */
export async function loadConfig(a: ConfigFlags): Promise<LoadedConfig> {
  if (!a.config === !a.preset) throw new UsageError('Expected exactly one of `-c FILE` or `--preset NAME`');
  const overrides = { ...(a.tokenizer && { tokenizer: a.tokenizer }), ...(a.vocabulary && { vocabulary: resolve(a.vocabulary) }) };
  let config: FilterConfig;
  if (a.preset) config = presetConfig(a.preset, overrides);
  else {
    let text: string;
    try {
      text = await readFile(a.config!, 'utf8');
    } catch (e) {
      throw new UsageError(`Cannot read config ${a.config}: ${e instanceof Error ? e.message : String(e)}`);
    }
    config = parseConfig(text, a.config!, overrides);
    // A vocabulary path in a config file is relative to the file.
    if (config.vocabulary && !a.vocabulary) config = { ...config, vocabulary: resolve(dirname(a.config!), config.vocabulary) };
  }
  let vocabulary: Vocabulary | null = null;
  let hash: string | null = null;
  if (config.vocabulary) {
    let bytes: Buffer;
    try {
      bytes = await readFile(config.vocabulary);
    } catch (e) {
      throw new UsageError(`Cannot read vocabulary ${config.vocabulary}: ${e instanceof Error ? e.message : String(e)}`);
    }
    try {
      vocabulary = decodeVocabulary(bytes, config.vocabulary);
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    if (config.tokenizer !== 'none' && vocabulary.tokenizer !== config.tokenizer) {
      throw new UsageError(`${config.vocabulary} counts ${vocabulary.tokenizer} tokens, but the config tokenizes with ${config.tokenizer}`);
    }
    hash = vocabularyHash(bytes);
  }
  return { config, vocabulary, fingerprint: fingerprint(config, hash) };
}
