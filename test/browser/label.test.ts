/**
 * `winnow label --serve` in a real browser (Debian's chromium through playwright-core): labeling
 * by keyboard writes the same file as the terminal labeler given the same answers, hostile
 * documents run nothing and fetch nothing, a page of another origin cannot post answers, and
 * pairs are labeled side by side. Skips visibly without chromium (fails under CI=true).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { cliArgs } from '../cli/_run.ts';
import { PROSE_SENTENCES, tempDir } from '../_helpers.ts';
import { PAYLOADS } from '../report/_run.ts';
import { documents, writeToLabel } from '../label/_items.ts';
import { parseItems } from '../../src/label/items.ts';
import { startServer, type LabelServer } from '../../src/label/server.ts';
import { launch, present } from './_chromium.ts';

// The page's globals, for functions evaluated in chromium (the tsconfig has no DOM library).
interface El {
  tagName: string;
  title: string;
  textContent: string | null;
}
declare const document: {
  title: string;
  querySelectorAll(selector: string): ArrayLike<El> & Iterable<El>;
};
declare const window: { __pwned?: unknown };

const dir = tempDir('winnow-label-browser-');

/** A server on a free port for the to-label file `input`, answers into `out`. */
async function serve(input: string, out: string): Promise<LabelServer> {
  return startServer({
    input,
    out,
    items: parseItems(readFileSync(input, 'utf8'), input),
    host: '127.0.0.1',
    port: 0,
  });
}

/**
 * Serves `input` into `out`, opens the page in chromium and waits for its first item, runs `fn`,
 * then closes both; returns the server's URL.
 */
async function labeling(
  browser: Browser,
  input: string,
  out: string,
  fn: (page: Page) => Promise<void>,
  watch?: (page: Page) => void,
): Promise<string> {
  const s = await serve(input, out);
  const page = await browser.newPage({ viewport: { width: 1100, height: 700 } });
  watch?.(page);
  try {
    await page.goto(s.url);
    await page.waitForSelector('body[data-item="1"]');
    await fn(page);
  } finally {
    await page.close();
    await s.close();
  }
  return s.url;
}

/** Presses `key` and waits until the page shows item `item` (or 'done'). */
async function press(page: Page, key: string, item: number | 'done'): Promise<void> {
  await page.keyboard.press(key);
  await page.waitForSelector(`body[data-item="${item}"]`, { timeout: 10_000 });
}

const rows = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

if (present) {
  const browser = await launch();

  test('by keyboard: ten answers, back and change one, reload mid-way; the file equals the terminal labeler’s', async () => {
    const input = writeToLabel(dir, documents(12));
    const web = join(dir, 'web.jsonl');
    await labeling(browser, input, web, async (page) => {
      // Expected positions worked out by hand: after an answer, the first unanswered item after
      // this one (wrapping); back returns along the path taken.
      for (const [key, at] of [
        ['g', 2],
        ['b', 3],
        ['s', 4],
        ['g', 5],
        ['g', 6],
        ['p', 5],
        ['b', 6],
        ['g', 7],
        ['b', 8],
      ] as const)
        await press(page, key, at);
      assert.is(await page.textContent('#where'), 'item 8 of 12');
      await page.reload();
      await page.waitForSelector('body[data-item="3"]'); // resumes at the first unanswered item
      for (const [key, at] of [
        ['b', 8],
        ['g', 9],
        ['ArrowLeft', 8],
        ['g', 9],
        ['g', 10],
        ['b', 11],
        ['g', 12],
      ] as const)
        await press(page, key, at);
      await press(page, 's', 'done');
      assert.is(await page.textContent('#count'), '11 of 12 labeled');
    });
    // The same answers through the terminal labeler (a pipe), quitting where the page reloaded.
    const term = join(dir, 'term.jsonl');
    for (const keys of ['g\nb\ns\ng\ng\np\nb\ng\nb\nq\n', 'b\ng\np\ng\ng\nb\ng\ns\n']) {
      const r = spawnSync(process.execPath, cliArgs('label', input, '-o', term), {
        input: keys,
        encoding: 'utf8',
      });
      assert.is(r.status, 0, r.stderr);
    }
    assert.is(readFileSync(web, 'utf8'), readFileSync(term, 'utf8'));
    assert.equal(
      rows(web).map((r) => [r.label_item, r.label]),
      [
        [1, 'good'],
        [2, 'bad'],
        [4, 'good'],
        [5, 'good'],
        [5, 'bad'],
        [6, 'good'],
        [7, 'bad'],
        [3, 'bad'],
        [8, 'good'],
        [8, 'good'],
        [9, 'good'],
        [10, 'bad'],
        [11, 'good'],
      ],
    );
    assert.is(
      readFileSync(join(dir, 'web.strata.json'), 'utf8'),
      readFileSync(join(dir, 'to-label.strata.json'), 'utf8'),
    );
  });

  test('a note typed on an item is saved with its answer; flagged spans carry their rule on hover', async () => {
    const input = writeToLabel(dir, documents(3), 'notes');
    const out = join(dir, 'notes-labels.jsonl');
    await labeling(browser, input, out, async (page) => {
      await press(page, 'g', 2);
      const marks = await page.evaluate(() =>
        [...document.querySelectorAll('#text mark')].map((m) => ({
          title: m.title,
          text: m.textContent,
        })),
      );
      assert.equal(marks, [{ title: 'c4_quality.bad_lines', text: PROSE_SENTENCES[2] }]);
      await page.keyboard.press('t');
      await page.keyboard.type('g b s: typed into the note, not answers');
      await page.keyboard.press('Escape');
      await press(page, 'b', 3);
    });
    assert.equal(
      rows(out).map((r) => [r.label_item, r.label, r.note]),
      [
        [1, 'good', undefined],
        [2, 'bad', 'g b s: typed into the note, not answers'],
      ],
    );
  });

  test('hostile documents run nothing and fetch nothing: text stays text', async () => {
    const docs = PAYLOADS.map((p, i) => ({
      id: `h${i}`,
      text: `${p}\nclick here\n${p}`,
      stratum: '<img src=x onerror="window.__pwned=1">',
      reasons: ['<script>window.__pwned=1</script>'],
      spans: {
        '<b onmouseover=window.__pwned=1>x</b>': [
          [0, Array.from(p).length, 1] as [number, number, number],
        ],
      },
    }));
    const input = writeToLabel(dir, docs, 'hostile');
    const requests: string[] = [];
    const console: string[] = [];
    const watch = (page: Page) => {
      page.on('request', (r) => requests.push(r.url()));
      page.on('console', (m) => console.push(m.text()));
      page.on('pageerror', (e) => console.push(`pageerror: ${e.message}`));
    };
    const url = await labeling(
      browser,
      input,
      join(dir, 'hostile-labels.jsonl'),
      async (page) => {
        for (let k = 1; k <= docs.length; k++) {
          const shown = await page.evaluate(() => ({
            text: document.querySelectorAll('#text')[0]!.textContent,
            inside: [...document.querySelectorAll('#text *')].map((e) => e.tagName),
            scripts: document.querySelectorAll('script').length,
            embeds: document.querySelectorAll(
              'img, iframe, object, embed, svg, meta[http-equiv="refresh"]',
            ).length,
            tags: [...document.querySelectorAll('#reasons .tag, #stratum')].map(
              (e) => e.textContent,
            ),
            pwned: window.__pwned,
            title: document.title,
          }));
          assert.is(shown.text, docs[k - 1]!.text, `item ${k} shown as text`);
          assert.equal(shown.inside, ['MARK']);
          assert.is(shown.scripts, 1, 'only the page’s own script');
          assert.is(shown.embeds, 0);
          assert.equal(shown.tags, [
            'stratum <img src=x onerror="window.__pwned=1">',
            '<script>window.__pwned=1</script>',
          ]);
          assert.is(shown.pwned, undefined);
          assert.is(shown.title, 'winnow label · hostile.jsonl');
          await page.hover('#text mark');
          await press(page, 's', k < docs.length ? k + 1 : 1);
        }
      },
      watch,
    );
    const origin = new URL(url).origin;
    assert.equal(
      requests.filter((u) => !u.startsWith(origin + '/')),
      [],
      'no request leaves the server',
    );
    assert.equal(console, []);
  });

  test('a page of another origin cannot post answers (fetch without CORS, a form, a JSON fetch)', async () => {
    const input = writeToLabel(dir, documents(2), 'attacked');
    const out = join(dir, 'attacked-labels.jsonl');
    const s = await serve(input, out);
    const target = `${s.url}api/answer`;
    const attack = `<!doctype html><form id=f method=POST enctype=text/plain action="${target}"><input name='{"item":1,"label":"bad","x":"' value='"}'></form><script>
      fetch(${JSON.stringify(target)}, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: '{"item":1,"label":"bad"}' }).catch(() => {});
      fetch(${JSON.stringify(target)}, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"item":2,"label":"bad"}' }).catch(() => {})
        .finally(() => document.getElementById('f').submit());
    </script>`;
    const evil = createServer((_, res) =>
      res.writeHead(200, { 'Content-Type': 'text/html' }).end(attack),
    );
    await new Promise<void>((r) => evil.listen(0, '127.0.0.2', () => r()));
    const port = (evil.address() as { port: number }).port;
    const page = await browser.newPage();
    const statuses: number[] = [];
    page.on('response', (r) => void (r.url() === target && statuses.push(r.status())));
    try {
      // Another origin on this machine, as a page from anywhere else would be.
      await page.goto(`http://127.0.0.2:${port}/`);
      await page.waitForURL(target, { timeout: 10_000 });
      await page.waitForLoadState('load');
    } finally {
      await page.close();
      await s.close();
      evil.close();
    }
    assert.ok(statuses.includes(403), `the form post got ${statuses.join(', ')}`);
    assert.is(readFileSync(out, 'utf8'), '', 'nothing written');
  });

  test('pairs side by side: what differs is marked on both sides; d duplicate, n not a duplicate', async () => {
    const a =
      'The council announced that the library would open again next spring, and everyone was pleased.';
    const b =
      'The council announced that the museum would open again next summer, and everyone was pleased.';
    const input = join(dir, 'pairs.jsonl');
    writeFileSync(
      input,
      [
        { a: { id: 'k1', text: a }, b: { id: 'd1', text: b } },
        { a: { id: 'k2', text: a }, b: { id: 'd2', text: '<script>window.__pwned=1</script>' } },
      ]
        .map((p) => JSON.stringify(p))
        .join('\n') + '\n',
    );
    const out = join(dir, 'pairs-labels.jsonl');
    await labeling(browser, input, out, async (page) => {
      const marked = await page.evaluate(() => ({
        a: [...document.querySelectorAll('#a-text mark')].map((m) => m.textContent),
        b: [...document.querySelectorAll('#b-text mark')].map((m) => m.textContent),
        ids: [...document.querySelectorAll('#a-id, #b-id')].map((e) => e.textContent),
      }));
      assert.equal(marked, {
        a: ['library', 'spring'],
        b: ['museum', 'summer'],
        ids: ['A · k1', 'B · d1'],
      });
      await press(page, 'd', 2);
      assert.is(await page.textContent('#b-text'), '<script>window.__pwned=1</script>');
      await press(page, 'n', 'done');
      assert.is(await page.evaluate(() => window.__pwned), undefined);
    });
    assert.equal(
      rows(out).map((r) => [r.label_item, r.label]),
      [
        [1, 'duplicate'],
        [2, 'not_duplicate'],
      ],
    );
  });

  test.after(() => browser.close());
}

test.run();
