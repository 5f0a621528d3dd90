/**
 * The labeling server without a browser: what it refuses (another Host, another Origin, a POST
 * not from its page, anything but its page and JSON endpoints), answers from many tabs at once,
 * and an answer acknowledged just before a SIGKILL.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, tempDir } from '../_helpers.ts';
import { cli } from '../cli/_run.ts';
import { parseItems } from '../../src/label/items.ts';
import { parseAnswers } from '../../src/label/labels-file.ts';
import { startServer } from '../../src/label/server.ts';
import { CLIENT_JS } from '../../src/label/client.ts';
import { PAGE_CSP, PAGE_HTML } from '../../src/label/page.ts';
import { documents, writeToLabel } from './_items.ts';

const dir = tempDir('winnow-label-server-');
const input = writeToLabel(dir, documents(6));
const items = parseItems(readFileSync(input, 'utf8'), input);

/** A raw HTTP request (fetch would not let a test set Host). */
function request(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: opts.method ?? 'GET', headers: opts.headers ?? {} },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** A POST of an answer as the page sends it. */
const answer = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  request(`${url}api/answer`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: url.replace(/\/$/, ''), ...headers },
    body: JSON.stringify(body),
  });

test('serves its page (with its policy) and JSON endpoints, nothing else', async () => {
  const s = await startServer({
    input,
    out: join(dir, 'a.jsonl'),
    items,
    host: '127.0.0.1',
    port: 0,
  });
  try {
    const page = await request(s.url);
    assert.is(page.status, 200);
    assert.is(page.body, PAGE_HTML);
    assert.is(page.headers['content-security-policy'], PAGE_CSP);
    assert.match(PAGE_CSP, /script-src 'sha256-[A-Za-z0-9+/=]+'; style-src 'sha256-/);
    assert.not.match(PAGE_CSP, /unsafe-inline|unsafe-eval|https?:|\*/);
    assert.not.match(
      CLIENT_JS,
      /innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/,
    );
    const state = JSON.parse((await request(`${s.url}api/state`)).body);
    assert.equal(state.progress, {
      total: 6,
      answered: 0,
      strata: [
        { name: 'kept', n: 4, done: 0 },
        { name: 'dropped:c4_quality', n: 2, done: 0 },
      ],
    });
    assert.is(state.start, 1);
    for (const path of [
      'x',
      'api/item?k=0',
      'api/item?k=7',
      'api/item?k=1e0',
      'index.html',
      '../etc/passwd',
      'api/next',
    ]) {
      const r = await request(`${s.url}${path}`);
      assert.ok(r.status === 404 || r.status === 400, `${path}: ${r.status}`);
    }
    assert.is((await request(s.url, { method: 'PUT' })).status, 405);
  } finally {
    await s.close();
  }
});

test('refused: another Host (DNS rebinding), another Origin, a POST not from the page; nothing written', async () => {
  const out = join(dir, 'b.jsonl');
  const s = await startServer({ input, out, items, host: '127.0.0.1', port: 0 });
  const port = new URL(s.url).port;
  try {
    assert.is((await request(s.url, { headers: { Host: `evil.example:${port}` } })).status, 403);
    assert.is(
      (await request(s.url, { headers: { Host: `127.0.0.1:${Number(port) + 1}` } })).status,
      403,
    );
    assert.is(
      (await request(`${s.url}api/state`, { headers: { Origin: 'http://evil.example' } })).status,
      403,
    );
    assert.is((await request(s.url, { headers: { Host: `localhost:${port}` } })).status, 200);
    const good = { item: 1, label: 'good' };
    assert.is((await answer(s.url, good, { Origin: 'http://evil.example' })).status, 403);
    assert.is(
      (
        await answer(s.url, good, {
          Origin: `http://evil.example:${port}`,
          Host: `evil.example:${port}`,
        })
      ).status,
      403,
    );
    assert.is((await answer(s.url, good, { 'Sec-Fetch-Site': 'cross-site' })).status, 403);
    assert.is(
      (
        await request(`${s.url}api/answer`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(good),
        })
      ).status,
      403,
      'no Origin',
    );
    assert.is((await answer(s.url, good, { 'Content-Type': 'text/plain' })).status, 415);
    assert.is((await answer(s.url, { item: 1, label: 'BAD' })).status, 400);
    assert.is((await answer(s.url, { item: 9, label: 'bad' })).status, 400);
    assert.is((await answer(s.url, { item: 1, label: 'bad', note: 5 })).status, 400);
    assert.is(readFileSync(out, 'utf8'), '');
    const ok = await answer(s.url, { item: 2, label: 'bad', note: ' spam ' });
    assert.is(ok.status, 200);
    assert.equal(JSON.parse(ok.body).next, 3);
    assert.equal(
      [...parseAnswers(readFileSync(out, 'utf8'), out)],
      [[2, { label: 'bad', note: 'spam' }]],
    );
  } finally {
    await s.close();
  }
});

test('many tabs at once: every answer is one whole line, and the last for an item wins', async () => {
  const out = join(dir, 'c.jsonl');
  const s = await startServer({ input, out, items, host: '127.0.0.1', port: 0 });
  try {
    const sent = Array.from({ length: 60 }, (_, k) => ({
      item: (k % 6) + 1,
      label: k % 2 ? 'bad' : 'good',
      note: `answer ${k} `.repeat(k * 15),
    }));
    const rs = await Promise.all(sent.map((b) => answer(s.url, b)));
    assert.equal(
      rs.map((r) => r.status),
      sent.map(() => 200),
    );
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    assert.is(lines.length, 60);
    for (const l of lines) JSON.parse(l);
    // Requests are handled in the order they arrive on their sockets, so compare with the file's own order.
    const last = new Map<number, string>();
    for (const l of lines) {
      const r = JSON.parse(l) as { label_item: number; label: string };
      last.set(r.label_item, r.label);
    }
    assert.equal(
      [...parseAnswers(readFileSync(out, 'utf8'), out)].map(([k, a]) => [k, a.label]),
      [...last],
    );
  } finally {
    await s.close();
  }
});

test('a port out of range or in use is a usage error (exit 2) naming it', async () => {
  const out = join(dir, 'port.jsonl');
  const r = await cli('label', input, '-o', out, '--serve', '--port', '70000');
  assert.is(r.code, 2);
  assert.match(r.err, 'Expected `--port` to be a port number from 0 to 65535, got 70000');
  const s = await startServer({ input, out, items, host: '127.0.0.1', port: 0 });
  try {
    const busy = await cli('label', input, '-o', out, '--serve', '--port', new URL(s.url).port);
    assert.is(busy.code, 2);
    assert.match(
      busy.err,
      `Port ${new URL(s.url).port} on 127.0.0.1 is in use: pass --port N (0 takes any free port)`,
    );
  } finally {
    await s.close();
  }
});

test('SIGKILL of `label --serve` right after an acknowledged answer: the answer is in the file, and a restart resumes after it', async () => {
  const out = join(dir, 'killed.jsonl');
  // One process (tsx as a loader, not its CLI, which would run the server in a child the kill misses).
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(repoRoot, 'test/cli/_main.ts'),
      'label',
      input,
      '-o',
      out,
      '--serve',
      '--port',
      '0',
    ],
    { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let url = '';
  try {
    url = await new Promise<string>((resolve, reject) => {
      let err = '';
      child.stderr!.on('data', (c: Buffer) => {
        err += c.toString();
        const m = /open (http:\/\/\S+)/.exec(err);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
    });
    assert.is(
      (await answer(url, { item: 1, label: 'bad', note: 'kept after a kill' })).status,
      200,
    );
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  assert.is(
    await request(url).then(
      () => 'answered',
      () => 'gone',
    ),
    'gone',
    'the server itself was killed',
  );
  assert.equal(
    [...parseAnswers(readFileSync(out, 'utf8'), out)],
    [[1, { label: 'bad', note: 'kept after a kill' }]],
  );
  const again = await startServer({ input, out, items, host: '127.0.0.1', port: 0 });
  try {
    assert.is(JSON.parse((await request(`${again.url}api/state`)).body).start, 2);
  } finally {
    await again.close();
  }
});

test.run();
