/**
 * The terminal labeler on a real terminal (tmux, at 80×24 and 200×60): the header (item,
 * stratum, rules) and the key line stay pinned, the text fits the width, space and the arrows
 * page, `n` jumps to the next highlighted span, and a document's escape sequences cannot move
 * anything. Without tmux it prints `SKIP:` and passes, except under CI=true (.ci/run installs it).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PROSE_SENTENCES, repoRoot, tempDir } from '../_helpers.ts';
import { parseAnswers } from '../../src/label/labels-file.ts';
import { keyCommands } from '../../src/label/terminal.ts';
import { writeToLabel, type ToLabel } from './_items.ts';

const present = spawnSync('tmux', ['-V']).status === 0;
if (!present) {
  if (process.env.CI === 'true')
    throw new Error('SKIP refused: tmux absent and CI=true; .ci/run installs it');
  console.log(
    'SKIP: tmux absent (apt-get install -y tmux): the terminal labeler is not tested on a real terminal',
  );
}

test('keys from a terminal: several in one chunk, arrows and page keys as sequences', () => {
  assert.equal(keyCommands('gB \x1b[A\x1b[B\x1b[5~\x1b[6~\x1b[Dnx'), [
    'good',
    'bad',
    'pageDown',
    'up',
    'down',
    'pageUp',
    'pageDown',
    'back',
    'nextSpan',
    null,
  ]);
});

/** 60 paragraphs, flagged spans over paragraphs 20 and 45; then a document full of escape sequences. */
function longItems(): ToLabel[] {
  const paras = Array.from(
    { length: 60 },
    (_, k) => `Paragraph ${k + 1}. ${PROSE_SENTENCES[k % 6]}`,
  );
  const text = paras.join('\n\n');
  const at = (k: number) => Array.from(text.slice(0, text.indexOf(paras[k - 1]!))).length;
  const span = (k: number): [number, number, number] => [
    at(k),
    at(k) + Array.from(paras[k - 1]!).length,
    1,
  ];
  return [
    {
      id: 'long',
      text,
      stratum: 'dropped:c4_quality',
      reasons: ['c4_quality/policy', 'gopher_quality/gopher_short_doc'],
      spans: { 'c4_quality.bad_lines': [span(20), span(45)] },
    },
    {
      id: 'esc',
      text: 'clear \x1b[2J\x1b[H home, title \x1b]0;pwned\x07, bell \x07 done',
      stratum: 'kept',
    },
    { id: 'short', text: 'Short.', stratum: 'kept' },
  ];
}

/** A tmux server of this test's own (its socket name), with the labeler in a cols × rows window. */
function session(cols: number, rows: number, input: string, out: string) {
  const socket = `winnow-test-${process.pid}-${cols}`;
  const tmux = (...args: string[]) =>
    spawnSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  const started = tmux(
    '-f',
    '/dev/null',
    'new-session',
    '-d',
    '-x',
    String(cols),
    '-y',
    String(rows),
    '-c',
    repoRoot,
    '--',
    process.execPath,
    '--import',
    'tsx',
    join(repoRoot, 'test/cli/_main.ts'),
    'label',
    input,
    '-o',
    out,
  );
  if (started.status !== 0) throw new Error(`tmux: ${started.stderr}`);
  const screen = (escapes = false) =>
    tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []))
      .stdout.replace(/\n$/, '')
      .split('\n');
  return {
    screen,
    keys: (...keys: string[]) => void tmux('send-keys', ...keys),
    resize: (x: number, y: number) => void tmux('resize-window', '-x', String(x), '-y', String(y)),
    /** Waits until `ok(screen)` holds (the labeler redraws asynchronously); fails showing the screen. */
    async until(ok: (lines: string[]) => boolean, what: string): Promise<string[]> {
      let lines: string[] = [];
      for (let k = 0; k < 300; k++) {
        lines = screen();
        if (ok(lines)) return lines;
        await sleep(50);
      }
      throw new Error(`${what}: the screen was\n${lines.join('\n')}`);
    },
    async ended(): Promise<void> {
      for (let k = 0; k < 300 && tmux('has-session').status === 0; k++) await sleep(50);
    },
    close: () => void tmux('kill-server'),
  };
}

const bodyTop = (lines: string[]) => lines[3] ?? '';

if (present) {
  for (const [cols, rows] of [
    [80, 24],
    [200, 60],
  ] as const) {
    test(`at ${cols}×${rows}: pinned header and key line, paging, next span, escapes shown as text`, async () => {
      const dir = tempDir('winnow-tui-');
      const input = writeToLabel(dir, longItems());
      const out = join(dir, 'labels.jsonl');
      const t = session(cols, rows, input, out);
      try {
        let s = await t.until((l) => l[0]!.startsWith('[1/3]'), 'first item');
        const pinned = (l: string[]) => {
          assert.is(l.length, rows);
          assert.is(l[0], '[1/3] stratum dropped:c4_quality');
          assert.is(l[1], 'flagged by: c4_quality/policy, gopher_quality/gopher_short_doc');
          assert.match(l[rows - 1]!, /^g good · b bad · s skip · p\/← back/);
          for (const line of l)
            assert.ok(Array.from(line).length <= cols, `wider than ${cols}: ${line}`);
        };
        pinned(s);
        assert.ok(bodyTop(s).startsWith('Paragraph 1. The garden'), bodyTop(s));
        assert.not.ok(
          s.some((l) => l.includes('Paragraph 60.')),
          'the end is not on the first page',
        );
        const total = Number(/of (\d+)/.exec(s[2]!)![1]);
        const page = rows - 4;
        assert.match(
          s[2]!,
          `rows 1–${page} of ${total} · span ${cols === 80 ? 0 : 1} of 2 · more below`,
        ); // 200 wide: paragraph 20 is on row 39

        t.keys('Space');
        s = await t.until((l) => l[2]!.includes(`rows ${page + 1}–`), 'space pages down');
        pinned(s);
        t.keys('Up');
        s = await t.until((l) => l[2]!.includes(`rows ${page}–`), '↑ goes up a row');
        t.keys('PPage');
        s = await t.until((l) => l[2]!.includes('rows 1–'), 'PgUp');

        // n: the first highlighted span (paragraph 20) comes to the top, in reverse video; then 45; then 20 again.
        for (const k of [20, 45, 20]) {
          t.keys('n');
          s = await t.until(
            (l) =>
              bodyTop(l).startsWith(`Paragraph ${k}.`) ||
              (k === 45 && l.slice(3).some((x) => x.startsWith('Paragraph 60.'))),
            `next span: paragraph ${k}`,
          );
          pinned(s);
          const row = t.screen(true).find((l) => l.includes(`Paragraph ${k}.`));
          assert.match(
            row ?? '',
            new RegExp(`\x1b\\[(\\d+;)*7m(\x1b\\[[\\d;]*m)*Paragraph ${k}\\.`),
            `paragraph ${k} in reverse video`,
          );
        }

        t.keys('b');
        s = await t.until((l) => l[0]!.startsWith('[2/3]'), 'answered bad, next item');
        assert.is(s[0], '[2/3] stratum kept');
        assert.is(s[rows - 1]!.slice(0, 6), 'g good');
        assert.ok(
          s.some((l) =>
            l.includes(
              'clear \\u{1b}[2J\\u{1b}[H home, title \\u{1b}]0;pwned\\u{7}, bell \\u{7} done',
            ),
          ),
          s.join('\n'),
        );
        t.keys('Left');
        s = await t.until(
          (l) => l[0]!.startsWith('[1/3]') && l[0]!.includes('(answered: bad)'),
          'back to item 1',
        );
        t.keys('g');
        await t.until((l) => l[0]!.startsWith('[2/3]'), 'revised item 1');
        t.resize(cols + 20, rows + 6);
        s = await t.until(
          (l) => l.length === rows + 6 && l[rows + 5]!.startsWith('g good'),
          'redrawn to the new size',
        );
        assert.is(s[0], '[2/3] stratum kept');
        t.keys('q');
        await t.ended();
      } finally {
        t.close();
      }
      assert.equal(
        [...parseAnswers(readFileSync(out, 'utf8'), out)].map(([k, a]) => [k, a.label]),
        [[1, 'good']],
      );
      assert.equal(
        readFileSync(out, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).label),
        ['bad', 'good'],
      );
    });
  }
}

test.run();
