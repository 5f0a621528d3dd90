/**
 * A config as a verb uses it: read (a file, or a preset), resolved, with what it refers to loaded
 * (the vocabulary, quality models, language models, dedup cluster indexes) and the fingerprint
 * that binds them. The config and what it names may be `s3://` objects.
 */
import {
  parseConfigText,
  presetConfig,
  type FilterConfig,
  type TokenizerName,
} from '../config/config.ts';
import { fingerprint } from '../config/fingerprint.ts';
import { UsageError } from '../errors.ts';
import * as store from '../io/store.ts';
import { loadLanguageModels } from '../lid/models.ts';
import { decodeVocabulary, vocabularyHash, type Vocabulary } from '../vocab/vocabulary.ts';
import { preloadClusterIndexes } from '../dedup/cluster-cache.ts';
import type { QualityModel } from '../formats/model.ts';
import { loadModels } from './models.ts';
import { absoluteLocation } from './locations.ts';

/** Which config (exactly one of `config` and `preset`), and what overrides it. */
export interface ConfigChoice {
  /** A config file (JSON or YAML). */
  config?: string | undefined;
  /** A named config instead. */
  preset?: string | undefined;
  tokenizer?: TokenizerName | undefined;
  /** A vocabulary file instead of the config's. */
  vocabulary?: string | undefined;
}

/** A config with what it refers to loaded, and the fingerprint that binds them. */
export interface LoadedConfig {
  config: FilterConfig;
  vocabulary: Vocabulary | null;
  fingerprint: string;
  /** Quality models by the location the config names (resolved like the vocabulary). */
  models: Map<string, QualityModel>;
}

/** Reads and resolves the config the flags name (exactly one of -c and --preset), its vocabulary and language models. */
export async function loadConfig(a: ConfigChoice): Promise<LoadedConfig> {
  if (!a.config === !a.preset)
    throw new UsageError('Expected exactly one of `-c FILE` or `--preset NAME`');
  const overrides = {
    ...(a.tokenizer && { tokenizer: a.tokenizer }),
    ...(a.vocabulary && { vocabulary: absoluteLocation(a.vocabulary) }),
  };
  let config: FilterConfig;
  let stated: string | null = null;
  if (a.preset) config = presetConfig(a.preset, overrides);
  else {
    let text: string;
    try {
      text = (await store.read(a.config!)).toString('utf8');
    } catch (e) {
      throw new UsageError(
        `Cannot read config ${a.config}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    const parsed = parseConfigText(text, a.config!, overrides);
    config = parsed.config;
    stated = parsed.stated;
    // A vocabulary path in a config file is relative to the file.
    if (config.vocabulary && !a.vocabulary)
      config = { ...config, vocabulary: store.besides(a.config!, config.vocabulary) };
    // So is a quality filter's model.
    const from = a.config!;
    config = {
      ...config,
      filters: config.filters.map((f) =>
        f.name === 'quality'
          ? {
              ...f,
              options: { ...f.options, model: store.besides(from, f.options.model as string) },
            }
          : f,
      ),
    };
  }
  let vocabulary: Vocabulary | null = null;
  let hash: string | null = null;
  if (config.vocabulary) {
    let bytes: Buffer;
    try {
      bytes = await store.read(config.vocabulary);
    } catch (e) {
      throw new UsageError(
        `Cannot read vocabulary ${config.vocabulary}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    try {
      vocabulary = decodeVocabulary(bytes, config.vocabulary);
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    if (config.tokenizer !== 'none' && vocabulary.tokenizer !== config.tokenizer) {
      throw new UsageError(
        `${config.vocabulary} counts ${vocabulary.tokenizer} tokens, but the config tokenizes with ${config.tokenizer}`,
      );
    }
    hash = vocabularyHash(bytes);
  }
  const { models, hashes } = await loadModels(config);
  const modelHash = await loadLanguageModels(config);
  const clusterFiles = await preloadClusterIndexes(config);
  const fp = fingerprint(config, hash, modelHash, hashes, clusterFiles);
  // `config show` output fed back: an edit after it was printed would otherwise pass unnoticed.
  if (stated !== null && stated !== fp && !a.tokenizer && !a.vocabulary) {
    throw new UsageError(
      `${a.config}: states fingerprint ${stated}, but its config resolves to ${fp} (edited after \`config show\`?); remove the fingerprint line to use it as it is`,
    );
  }
  return { config, vocabulary, fingerprint: fp, models };
}
