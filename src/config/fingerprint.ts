/**
 * Canonical form and fingerprint of a resolved config: sha256 over the canonical JSON, the
 * vocabulary file's hash and the scorer-definition version. An audit is bound to this value.
 */
import { createHash } from 'node:crypto';
import { SCORER_VERSION, type FilterConfig } from './config.ts';

/** JSON with object keys sorted at every depth (arrays keep their order: filter order is meaningful). */
export function canonicalJson(value: unknown): string {
  // JSON has no Infinity or NaN: JSON.stringify would print null, and two configs would share one
  // fingerprint. The schema refuses them first; this is the last line.
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new TypeError(`canonical form: ${value} is not a finite number`);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** The canonical config object, as `config show` prints it. */
export function canonicalConfig(config: FilterConfig): unknown {
  return JSON.parse(
    canonicalJson({
      tokenizer: config.tokenizer,
      vocabulary: config.vocabulary,
      filters: config.filters.map((f) => ({ [f.name]: f.options })),
      rules: config.rules,
    }),
  );
}

/** A filter whose option names a file, with that option replaced by the file's content hash (when known). */
function byContent(
  f: FilterConfig['filters'][number],
  qualityModels: Readonly<Record<string, string>>,
  clusterFiles: Readonly<Record<string, string>>,
): FilterConfig['filters'][number] {
  const [option, hashes] =
    f.name === 'quality'
      ? ['model', qualityModels]
      : f.name === 'minhash'
        ? ['clusters', clusterFiles]
        : [null, {}];
  if (option === null) return f;
  const hash = (hashes as Readonly<Record<string, string>>)[f.options[option] as string];
  return hash === undefined ? f : { ...f, options: { ...f.options, [option]: hash } };
}

/**
 * `sha256:<hex>` of the canonical config, the vocabulary hash (or null), the language models'
 * hashes (null without a `language` filter) and SCORER_VERSION. A quality filter's `model` counts by
 * the model file's hash (`qualityModels[location]`), like the vocabulary; a minhash filter's
 * `clusters` folder by its clusters.bin's hash (`clusterFiles[folder]`).
 */
export function fingerprint(
  config: FilterConfig,
  vocabularyHash: string | null = null,
  modelHash: string | null = null,
  qualityModels: Readonly<Record<string, string>> = {},
  clusterFiles: Readonly<Record<string, string>> = {},
): string {
  const h = createHash('sha256');
  // The vocabulary and a language model count by their content hash, not their path: the same
  // filter moved to another machine or folder keeps its fingerprint (and its audit).
  const byHash = {
    ...config,
    filters: config.filters.map((f) => byContent(f, qualityModels, clusterFiles)),
  };
  const canonical: Record<string, unknown> = {
    ...(canonicalConfig(byHash) as Record<string, unknown>),
    vocabulary: config.vocabulary ? 'file' : null,
  };
  if (modelHash !== null) {
    canonical.filters = byHash.filters.map((f) => ({
      [f.name]:
        f.name === 'language' && f.options.model ? { ...f.options, model: 'file' } : f.options,
    }));
  }
  // Configs without a language filter keep the fingerprint they had before models existed.
  h.update(
    canonicalJson({
      config: canonical,
      vocabulary_hash: vocabularyHash,
      scorer_version: SCORER_VERSION,
      ...(modelHash !== null && { model_hash: modelHash }),
    }),
  );
  return `sha256:${h.digest('hex')}`;
}
