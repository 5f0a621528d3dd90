import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  symlinkSync,
  utimesSync,
  readFileSync,
  readSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { LineWriter, openOutput } from '../../src/io/writer.ts';
import { alive, parseTempName, removeOwnTemps, removeStaleTemps } from '../../src/io/temps.ts';
import { hostname } from 'node:os';
import { readShard } from '../../src/io/reader.ts';
import { tempDir } from '../_helpers.ts';

const dir = tempDir();

/** Reads a shard and writes every document back out as its raw bytes and terminator. */
async function roundTrip(input: string, output: string): Promise<void> {
  const w = new LineWriter(await openOutput(output));
  for await (const i of readShard({ path: input, name: 'x' }))
    if (i.kind === 'doc') await w.line(i.doc.raw, i.doc.eol);
  await w.close();
}

test('documents written back are byte-identical: BOM, CRLF, 1.0, big integers, escapes, key order, no final newline', async () => {
  const body = Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from(
      '{"text":"a","n":1.0}\r\n{"z":1,"text":"\\u00e9\\n","big":12345678901234567890}\n{"text":"end"}',
    ),
  ]);
  const src = join(dir, 'in.jsonl');
  writeFileSync(src, body);
  await roundTrip(src, join(dir, 'out.jsonl'));
  assert.ok(readFileSync(join(dir, 'out.jsonl')).equals(body));
});

test('gzip output by extension decompresses to the same bytes', async () => {
  const src = join(dir, 'in2.jsonl');
  writeFileSync(src, '{"text":"one"}\n{"text":"two"}\n');
  await roundTrip(src, join(dir, 'out2.jsonl.gz'));
  assert.is(
    gunzipSync(readFileSync(join(dir, 'out2.jsonl.gz'))).toString(),
    '{"text":"one"}\n{"text":"two"}\n',
  );
});

test('a line without newline followed by another line gets one, so outputs stay line-delimited', async () => {
  const w = new LineWriter(await openOutput(join(dir, 'cat.jsonl')));
  await w.line(Buffer.from('{"a":1}'), '');
  await w.line(Buffer.from('{"b":2}'), '\n');
  await w.close();
  assert.is(readFileSync(join(dir, 'cat.jsonl'), 'utf8'), '{"a":1}\n{"b":2}\n');
});

test('nothing appears at the final path until close; abort leaves no file at all', async () => {
  const sub = join(dir, 'atomic');
  const out = await openOutput(join(sub, 'f.jsonl'));
  await out.write('x\n');
  assert.not.ok(existsSync(join(sub, 'f.jsonl')));
  await out.close();
  assert.is(readFileSync(join(sub, 'f.jsonl'), 'utf8'), 'x\n');
  const gone = await openOutput(join(sub, 'g.jsonl.gz'));
  await gone.write('y\n');
  await gone.abort();
  assert.equal(readdirSync(sub), ['f.jsonl']);
});

test('a device or a pipe is written into, not replaced by a renamed file (as /dev/null once was)', async () => {
  const fifo = join(dir, 'pipe');
  execFileSync('mkfifo', [fifo]);
  // A non-blocking read end, opened first, so the writer never waits and the test cannot hang.
  const fd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const out = await openOutput(fifo);
    await out.write('{"id":"a"}\n');
    await out.close();
    assert.ok(statSync(fifo).isFIFO(), 'still a pipe');
    const buf = Buffer.alloc(64);
    assert.is(buf.toString('utf8', 0, readSync(fd, buf)), '{"id":"a"}\n');
    assert.equal(
      readdirSync(dir).filter((n) => n.startsWith('pipe.tmp-')),
      [],
    );
  } finally {
    closeSync(fd);
  }
});

test('a symlink to a file stays a link: the new bytes go to its target', async () => {
  const target = join(dir, 'target.jsonl');
  const link = join(dir, 'link.jsonl');
  writeFileSync(target, 'old\n');
  symlinkSync(target, link);
  const out = await openOutput(link);
  await out.write('new\n');
  await out.close();
  assert.ok(lstatSync(link).isSymbolicLink());
  assert.is(readFileSync(target, 'utf8'), 'new\n');
});

test('stale temporary files go: a dead process of this host at once; a live one, or another host, only when old', async () => {
  const d = join(dir, 'temps');
  mkdirSync(d);
  const host = hostname().replace(/[^A-Za-z0-9-]/g, '_');
  const dead = spawnSync(process.execPath, ['-e', '0']).pid; // exited: its pid is free
  const files = {
    dead: `out.jsonl.tmp-${host}.${dead}.ab12`,
    live: `out.jsonl.tmp-${host}.${process.pid}.cd34`,
    otherHost: 'out.jsonl.tmp-elsewhere.123.ef56',
    otherHostOld: 'out.jsonl.tmp-elsewhere.124.ef57',
    legacyDead: `out.jsonl.tmp-${dead}`,
  };
  for (const f of Object.values(files)) writeFileSync(join(d, f), 'x');
  const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
  utimesSync(join(d, files.otherHostOld), old, old);
  await removeStaleTemps(join(d, 'out.jsonl'));
  assert.equal(readdirSync(d).sort(), [files.live, files.otherHost].sort());
});

test('a flush yields to the event loop, so zlib and file completions keep pace with a busy writer', async () => {
  // A producer that only awaits write() would otherwise never let compression's completion
  // callbacks run: zlib would advance a step per input chunk and the writer would idle at the
  // high-water mark. A callback queued before a flush-sized write has run when it resolves.
  const out = await openOutput(join(dir, 'turns.jsonl.gz'));
  let turned = false;
  setImmediate(() => (turned = true));
  await out.write('x');
  assert.not.ok(turned, 'a small write is only buffered');
  await out.write(Buffer.alloc(256 * 1024, 0x61));
  assert.ok(turned);
  await out.close();
  assert.is(gunzipSync(readFileSync(join(dir, 'turns.jsonl.gz'))).length, 256 * 1024 + 1);
});

test.run();

test('temporary names are read by fixed fields: a random part of digits only is not taken for the pid', () => {
  const host = hostname().replace(/[^A-Za-z0-9-]/g, '_');
  assert.equal(parseTempName(`${host}.4242.12345678`), { host, pid: 4242 });
  assert.equal(parseTempName('node-7.99.00000000'), { host: 'node-7', pid: 99 });
  assert.equal(parseTempName('4242'), { host, pid: 4242 });
  assert.equal(parseTempName('4242-ab12'), { host, pid: 4242 });
  assert.is(parseTempName('a.b.c.d'), null);
});

test('a killed process not yet reaped (a zombie) counts as dead, so its temporary file goes at once', async () => {
  // The background sleep's parent execs into another sleep, which never reaps it: a zombie.
  const sh = spawn('sh', ['-c', 'sleep 0.05 & echo $!; exec sleep 3'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const pid = Number(
    await new Promise<string>((res) => sh.stdout.once('data', (b) => res(String(b).trim()))),
  );
  let state = '';
  for (let i = 0; i < 100 && state !== 'Z'; i++) {
    await new Promise((r) => setTimeout(r, 20));
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  }
  try {
    assert.is(state, 'Z');
    assert.not.ok(alive(pid));
    assert.ok(alive(process.pid));
    const d = join(dir, 'zombie');
    mkdirSync(d);
    const host = hostname().replace(/[^A-Za-z0-9-]/g, '_');
    writeFileSync(join(d, `out.jsonl.tmp-${host}.${pid}.00112233`), 'x');
    await removeStaleTemps(join(d, 'out.jsonl'));
    assert.equal(readdirSync(d), []);
  } finally {
    sh.kill();
  }
});

test('removeOwnTemps removes the temporary files of unfinished outputs and names their final paths', async () => {
  const d = join(dir, 'own');
  const out = await openOutput(join(d, 'a.jsonl'));
  await out.write('partial\n');
  const done = await openOutput(join(d, 'b.jsonl'));
  await done.write('whole\n');
  await done.close();
  assert.equal(removeOwnTemps(), [join(d, 'a.jsonl')]);
  assert.equal(readdirSync(d), ['b.jsonl']);
  await out.abort();
});
