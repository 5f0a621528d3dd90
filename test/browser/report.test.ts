/**
 * The HTML report in a real browser (Debian's chromium through playwright-core): the charts
 * render, no script from document text runs, nothing is fetched, and a screenshot is saved.
 * Without /usr/bin/chromium the test prints `SKIP: chromium absent` and passes, except under
 * CI=true, where .ci/run installs chromium and its absence is a failure.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cli } from '../cli/_run.ts';
import { tempDir } from '../_helpers.ts';
import { hostileRun } from '../report/_run.ts';
import { launch, present } from './_chromium.ts';

// The page's globals, for the function evaluated in chromium (the tsconfig has no DOM library).
interface PageElement {
  querySelectorAll(selector: string): { length: number };
  getBoundingClientRect(): { width: number; height: number };
  checkVisibility(): boolean;
}
declare const document: {
  title: string;
  querySelectorAll(selector: string): Iterable<PageElement> & { length: number };
};
declare const window: { __pwned?: unknown; parent: { __pwned?: unknown } };

/** What a page did: requests, console messages, the title and window.__pwned. */
async function visit(file: string, shot?: string) {
  const browser = await launch();
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const requests: string[] = [];
    const failed: string[] = [];
    const console: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('console', (m) => console.push(m.text()));
    page.on('pageerror', (e) => console.push(`pageerror: ${e.message}`));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    const state = await page.evaluate(() => {
      const svgs = [...document.querySelectorAll('svg')];
      return {
        title: document.title,
        pwned: window.__pwned,
        parentPwned: window.parent.__pwned,
        svgs: svgs.length,
        // A chart "has content" when it holds drawn marks; one on screen (not in a closed <details>) is laid out too.
        drawn: svgs.filter((s) => s.querySelectorAll('path, rect, line, text').length > 5).length,
        visible: svgs.filter((s) => s.checkVisibility()).length,
        laidOut: svgs.filter(
          (s) =>
            s.checkVisibility() &&
            s.getBoundingClientRect().width > 50 &&
            s.getBoundingClientRect().height > 50,
        ).length,
        scripts: document.querySelectorAll('script').length,
        images: document.querySelectorAll('img, iframe, link, object, embed').length,
        marks: document.querySelectorAll('pre.excerpt mark').length,
      };
    });
    if (shot) {
      await page.screenshot({ path: shot });
      await page.screenshot({ path: shot.replace(/\.png$/, '-full.png'), fullPage: true });
    }
    return { ...state, requests, failed, console };
  } finally {
    await browser.close();
  }
}

if (present) {
  const run = await hostileRun(join(tempDir('winnow-browser-'), 'run'));
  const html = join(run.dir, 'report.html');
  const r = await cli('report', run.out, '--audit', run.audit, '-o', html);
  if (r.code !== 0) throw new Error(r.err);
  const title = /<title>([^<]*)<\/title>/
    .exec(readFileSync(html, 'utf8'))![1]!
    .replace(/&amp;/g, '&');

  test('in chromium: the charts render, no document script runs, nothing is fetched', async () => {
    const shot = join(run.dir, 'report.png');
    const v = await visit(html, shot);
    console.log(`screenshot: ${shot} (and ${shot.replace(/\.png$/, '-full.png')})`);
    assert.ok(v.svgs >= 5, `svg count ${v.svgs}`);
    assert.is(v.drawn, v.svgs, 'every chart is drawn');
    assert.ok(v.visible >= 5, `visible charts ${v.visible}`);
    assert.is(v.laidOut, v.visible, 'every visible chart has a size');
    assert.is(v.title, title);
    assert.is(v.pwned, undefined);
    assert.is(v.parentPwned, undefined);
    assert.is(v.scripts, 0);
    assert.is(v.images, 0);
    assert.ok(v.marks > 0, 'flagged spans are highlighted');
    assert.equal(v.requests, [pathToFileURL(html).href]);
    assert.equal(v.failed, []);
    assert.equal(v.console, []);
  });

  test('second wall: a script that slipped into the page is refused by its Content-Security-Policy', async () => {
    const broken = join(run.dir, 'broken.html');
    const page = readFileSync(html, 'utf8').replace(
      '<main>',
      '<main><script>window.__pwned=1;document.title="pwned"</script><img src="http://127.0.0.1:9/x.png">',
    );
    writeFileSync(broken, page);
    const v = await visit(broken);
    assert.is(v.pwned, undefined);
    assert.is(v.title, title);
    assert.ok(
      v.console.some((m) => m.includes('Content Security Policy')),
      v.console.join('\n'),
    );
    // The image is refused by the policy before anything is sent (chromium still reports the attempt).
    assert.equal(v.requests, [pathToFileURL(broken).href, 'http://127.0.0.1:9/x.png']);
    assert.is(v.failed.length, 1);
    assert.match(v.failed[0]!, /^http:\/\/127\.0\.0\.1:9\/x\.png .*csp/i);
  });
} else {
  // Counted as skipped in uvu's summary (the SKIP line above says why).
  test.skip('in chromium: the charts render, no document script runs, nothing is fetched');
  test.skip(
    'second wall: a script that slipped into the page is refused by its Content-Security-Policy',
  );
}

test.run();
