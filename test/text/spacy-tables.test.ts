// The per-unit tables of spacy-tables.ts, checked unit by unit against their definitions
// (membership in spaCy's classes and lists), since they are built by ranges, not per unit.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  ALPHA,
  ALPHA_LOWER,
  ALPHA_UPPER,
  CURRENCY_LIST,
  ICONS,
  PUNCT_LIST,
  QUOTE_LIST,
  UNIT_LIST,
  type Ranges,
} from '../../src/text/spacy-char-classes.ts';
import {
  ASTRAL,
  DIGIT_SUFFIXES,
  FLAGS,
  F_ALPHA,
  F_DIGIT,
  F_ICON,
  F_INFIX,
  F_LOWER,
  F_PREFIX,
  F_QUOTE,
  F_SUFFIX,
  F_UPPER,
  KIND,
  K_SPACE,
  PLAIN,
  flagsOf,
} from '../../src/text/spacy-tables.ts';

const inRanges = (ranges: Ranges, c: number): boolean => {
  for (let i = 0; i < ranges.length; i += 2)
    if (c >= ranges[i]! && c <= ranges[i + 1]!) return true;
  return false;
};

test('every BMP unit has the letter, icon and digit flags of the classes that hold it', () => {
  const classes: [Ranges, number][] = [
    [ALPHA, F_ALPHA],
    [ALPHA_LOWER, F_LOWER],
    [ALPHA_UPPER, F_UPPER],
    [ICONS, F_ICON],
    [[0x30, 0x39], F_DIGIT],
  ];
  let wrong = 0;
  for (let c = 0; c < 0x10000; c++) {
    for (const [ranges, flag] of classes) {
      if (inRanges(ranges, c) !== ((FLAGS[c]! & flag) !== 0)) wrong++;
    }
  }
  assert.is(wrong, 0);
  // Spot checks by hand: a, Z, é, 中 (uncased: lower and upper), 5, ☃ (an icon), space.
  assert.is(FLAGS[0x61]! & (F_ALPHA | F_LOWER | F_UPPER), F_ALPHA | F_LOWER);
  assert.is(FLAGS[0x5a]! & (F_ALPHA | F_LOWER | F_UPPER), F_ALPHA | F_UPPER);
  assert.is(FLAGS[0xe9]! & (F_ALPHA | F_LOWER | F_UPPER), F_ALPHA | F_LOWER);
  assert.is(FLAGS[0x4e2d]! & (F_ALPHA | F_LOWER | F_UPPER), F_ALPHA | F_LOWER | F_UPPER);
  assert.is(FLAGS[0x35]! & F_DIGIT, F_DIGIT);
  assert.ok(FLAGS[0x2603]! & F_ICON);
  assert.is(FLAGS[0x20], 0);
});

test('astral code points get the flags of the classes that hold them', () => {
  // 𝐀 (mathematical bold A) is in no class; emoji are icons, and icons are affixes.
  for (const cp of [0x1f600, 0x1f4a9, 0x1d400, 0x20000, 0x10ffff]) {
    const expected =
      (inRanges(ALPHA, cp) ? F_ALPHA : 0) |
      (inRanges(ALPHA_LOWER, cp) ? F_LOWER : 0) |
      (inRanges(ALPHA_UPPER, cp) ? F_UPPER : 0) |
      (inRanges(ICONS, cp) ? F_ICON | F_PREFIX | F_SUFFIX | F_INFIX : 0);
    assert.is(
      flagsOf(cp) & (F_ALPHA | F_LOWER | F_UPPER | F_ICON | F_PREFIX | F_SUFFIX | F_INFIX),
      expected,
      `${cp}`,
    );
  }
  assert.ok(flagsOf(0x1f600) & F_ICON);
  for (let i = 0; i < ASTRAL.length; i += 3)
    assert.ok(ASTRAL[i]! >= 0x10000 && ASTRAL[i]! <= ASTRAL[i + 1]!);
});

test('one-character punctuation, quotes and currencies are prefixes (and the first two suffixes)', () => {
  const one = (list: readonly string[]) =>
    list.filter((s) => s.length === 1).map((s) => s.charCodeAt(0));
  for (const c of one(PUNCT_LIST))
    assert.is(FLAGS[c]! & (F_PREFIX | F_SUFFIX), F_PREFIX | F_SUFFIX);
  for (const c of one(QUOTE_LIST)) assert.is(FLAGS[c]! & (F_PREFIX | F_QUOTE), F_PREFIX | F_QUOTE);
  for (const c of one(CURRENCY_LIST)) assert.ok(FLAGS[c]! & F_PREFIX);
  assert.ok(FLAGS['/'.charCodeAt(0)]! & F_INFIX);
});

test('PLAIN marks exactly the units no affix rule involves: not space, surrogate, digit or affix', () => {
  let wrong = 0;
  for (let c = 0; c < 0x10000; c++) {
    const plain =
      KIND[c] !== K_SPACE &&
      !(c >= 0xd800 && c <= 0xdfff) &&
      !(c >= 0x30 && c <= 0x39) &&
      (FLAGS[c]! & (F_PREFIX | F_SUFFIX | F_INFIX)) === 0;
    if (PLAIN[c] !== (plain ? 1 : 0)) wrong++;
  }
  assert.is(wrong, 0);
  // By hand: letters are plain; ".", "$", "5", " ", "\u00a0", a lone surrogate and ☃ are not.
  assert.is(PLAIN[0x61], 1);
  assert.is(PLAIN[0x4e2d], 1);
  for (const c of [0x2e, 0x24, 0x35, 0x20, 0xa0, 0xd800, 0x2603]) assert.is(PLAIN[c], 0, `${c}`);
});

test('digit suffixes are listed under their last unit, longest first, and nowhere else', () => {
  const all = [...UNIT_LIST, ...CURRENCY_LIST];
  let listed = 0;
  DIGIT_SUFFIXES.forEach((list, u) => {
    if (list === undefined) return;
    listed += list.length;
    for (const s of list) assert.is(s.charCodeAt(s.length - 1), u);
    for (let k = 1; k < list.length; k++) assert.ok(list[k - 1]!.length >= list[k]!.length);
  });
  assert.is(listed, all.length);
  assert.ok(DIGIT_SUFFIXES['m'.charCodeAt(0)]!.includes('km'));
  // Same length: spaCy's list order is kept (the sort is stable).
  const m = DIGIT_SUFFIXES['m'.charCodeAt(0)]!;
  const twos = m.filter((s) => s.length === 2);
  assert.equal(
    twos,
    all.filter((s) => s.length === 2 && s.endsWith('m')),
  );
});

test.run();
