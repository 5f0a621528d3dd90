/**
 * Files that ship with winnow or its dependencies (the bad-words list, tiktoken's rank data,
 * package.json), read synchronously once when first needed. Never user data: that goes through
 * the store (store.ts).
 */
import { readFileSync } from 'node:fs';

/** The UTF-8 text of a file that ships with the package (a `file:` URL or a resolved path). */
export const readBundled = (location: URL | string): string => readFileSync(location, 'utf8');
