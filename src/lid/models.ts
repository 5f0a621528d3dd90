/**
 * Loads the language identifiers a config's `language` filters use, at the edge (once per process
 * and once per worker thread), and registers them for scoring. The default model is fastText's
 * `lid.176.ftz` as the npm package `fasttext.wasm.js@1.0.0` ships it: nothing is downloaded, and
 * the file is checked against its known sha256 so a different file cannot pass for it.
 */
import { fileURLToPath } from 'node:url';
import type { FilterConfig } from '../config/config.ts';
import { UsageError } from '../errors.ts';
import { readBytes } from '../io/source.ts';
import { loadFastText } from './fasttext.ts';
import {
  identifierKey,
  maybeIdentifier,
  registerIdentifier,
  type LanguageIdentifier,
} from './identifier.ts';

/** fastText's lid.176.ftz (CC-BY-SA-3.0, fasttext.cc), 938,013 bytes. */
export const BUNDLED_MODEL_SHA256 =
  'sha256:8f3472cfe8738a7b6099e8e999c3cbfae0dcd15696aac7d7738a8039db603e83';

/** Where the bundled lid.176.ftz is on this machine (inside the installed package). */
export const bundledModelPath = (): string =>
  fileURLToPath(import.meta.resolve('fasttext.wasm.js/dist/fastText/models/lid.176.ftz'));

/** The options of a `language` filter that say which identifier it needs. */
interface LanguageOptions {
  backend: string;
  model: string | null;
  languages: readonly string[] | null;
}

const languageFilters = (config: FilterConfig): LanguageOptions[] =>
  config.filters
    .filter((f) => f.name === 'language')
    .map((f) => f.options as unknown as LanguageOptions);

/** Reads and parses one fastText model; a missing or corrupt file is a UsageError naming it. */
async function openFastText(model: string | null): Promise<LanguageIdentifier> {
  const location = model ?? bundledModelPath();
  let bytes: Buffer;
  try {
    bytes = await readBytes(location);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new UsageError(
      `Cannot read language model ${location}${model === null ? ' (the bundled lid.176.ftz of the fasttext.wasm.js package: reinstall it)' : ''}: ${why}`,
    );
  }
  let id: LanguageIdentifier;
  try {
    id = loadFastText(bytes, location);
  } catch (e) {
    throw new UsageError(
      `Cannot load language model: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  if (model === null && id.hash !== BUNDLED_MODEL_SHA256) {
    throw new UsageError(
      `${location}: expected fastText lid.176.ftz (${BUNDLED_MODEL_SHA256}), found ${id.hash}`,
    );
  }
  return id;
}

/** Refuses a `languages` entry the model does not know, listing the codes it knows. */
export function checkLanguages(
  id: LanguageIdentifier,
  languages: readonly string[] | null,
  what: string,
): void {
  const unknown = (languages ?? []).filter((l) => !id.labels.includes(l));
  if (unknown.length) {
    throw new UsageError(
      `language filter: ${unknown.map((l) => JSON.stringify(l)).join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not a language of ${what}; it knows: ${[...id.labels].sort().join(', ')}`,
    );
  }
}

/**
 * Loads (once per thread) every identifier the config's `language` filters need and checks their
 * `languages`. Returns what the fingerprint binds (the model hashes), or null without a language filter.
 */
export async function loadLanguageModels(config: FilterConfig): Promise<string | null> {
  const hashes: string[] = [];
  for (const o of languageFilters(config)) {
    const key = identifierKey(o.backend, o.model);
    let id = maybeIdentifier(key);
    if (!id) {
      // eld is imported only when a filter asks for it: loading its database costs ~0.4 CPU-s and
      // ~150 MB RSS in every thread that imports it (each `run` worker and the main thread).
      id =
        o.backend === 'eld'
          ? (await import('./eld.ts')).eldIdentifier()
          : await openFastText(o.model);
      registerIdentifier(key, id);
    }
    checkLanguages(id, o.languages, o.backend === 'eld' ? 'eld' : (o.model ?? 'lid.176.ftz'));
    hashes.push(id.hash);
  }
  return hashes.length ? hashes.join(',') : null;
}
