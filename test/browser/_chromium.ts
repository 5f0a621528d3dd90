/**
 * Debian's chromium through playwright-core, for the browser tests. Without /usr/bin/chromium
 * `present` is false and a `SKIP:` line is printed, except under CI=true, where .ci/run installs
 * chromium and its absence is a failure.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

export const present = existsSync(CHROMIUM);
if (!present) {
  if (process.env.CI === 'true')
    throw new Error(`SKIP refused: chromium absent (${CHROMIUM}) and CI=true; .ci/run installs it`);
  console.log('SKIP: chromium absent (apt-get install -y --no-install-recommends chromium)');
}

/** A headless chromium; close it when done. */
export async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}
