import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  cpCount,
  hasAlpha,
  isAlpha,
  isBlank,
  isSpace,
  lstrip,
  pyCount,
  pyLen,
  rstrip,
  splitWhitespace,
  splitlines,
  splitlinesRanges,
  strip,
} from '../../src/text/python.ts';

// Every expected value below was checked with CPython 3.11.

test('pyLen counts code points: an emoji is 1, a lone surrogate is 1', () => {
  assert.is(pyLen('a😀b'), 3);
  assert.is('a😀b'.length, 4);
  assert.is(pyLen(''), 0);
  assert.is(pyLen('\ud800x'), 2);
  assert.is(pyLen('👍🏿'), 2); // emoji + skin-tone modifier: two code points
  assert.is(cpCount('a😀b😀', 1, 5), 3);
});

test('isSpace is str.isspace(): \\x1c-\\x1f, \\x85, NBSP, U+2028/9 yes; U+FEFF, U+200B no', () => {
  for (const c of [
    0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x200a,
    0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
  ]) {
    assert.ok(isSpace(c), c.toString(16));
  }
  for (const c of [
    0x00, 0x08, 0x0e, 0x1b, 0x21, 0x84, 0x86, 0x180e, 0x200b, 0xfeff, 0x3001, 0x1f600,
  ]) {
    assert.not.ok(isSpace(c), c.toString(16));
  }
});

test('strip / lstrip / rstrip use Python whitespace, not JS trim()', () => {
  assert.is(strip(' \x1c\x1d\x1e\x1f\x85\xa0\u2028a\u2029 '), 'a');
  assert.is(strip('\ufeff x \ufeff'), '\ufeff x \ufeff'); // JS trim() would remove U+FEFF
  assert.is('\ufeffx'.trim(), 'x');
  assert.is(lstrip('  x\x1c'), 'x\x1c');
  assert.is(rstrip('  x\x1c'), '  x');
  assert.is(strip(''), '');
  assert.is(strip(' \t\n'), '');
  assert.ok(isBlank(' \x85\u2028'));
  assert.not.ok(isBlank(' \ufeff '));
});

test('splitWhitespace is str.split(): runs of Python whitespace, no empty words', () => {
  assert.equal(splitWhitespace(' a\tb  c\u3000d\ufeffe '), ['a', 'b', 'c', 'd\ufeffe']);
  assert.equal(splitWhitespace('x\x1c y\x85'), ['x', 'y']);
  assert.equal(splitWhitespace(''), []);
  assert.equal(splitWhitespace(' \n '), []);
});

test('splitlines has Python line boundaries and no trailing empty line', () => {
  assert.equal(splitlines('a\nb\r\nc\rd\x0be\x0cf\x1cg\x1dh\x1ei\x85j\u2028k\u2029l\x1fm'), [
    'a',
    'b',
    'c',
    'd',
    'e',
    'f',
    'g',
    'h',
    'i',
    'j',
    'k',
    'l\x1fm',
  ]);
  assert.equal(splitlines(''), []);
  assert.equal(splitlines('\n'), ['']);
  assert.equal(splitlines('a\n'), ['a']);
  assert.equal(splitlines('a\n\nb'), ['a', '', 'b']);
  assert.equal(splitlines('a\r\n'), ['a']);
  assert.equal(splitlines('\r\r\n'), ['', '']);
  assert.equal(splitlinesRanges('ab\r\ncd'), [0, 2, 4, 6]);
});

test('isAlpha is str.isalpha(): categories L*; hasAlpha is any(c.isalpha())', () => {
  for (const s of ['ª', '中', 'ǅ', 'ʰ', 'Ab', 'ñ', '𝐀']) assert.ok(isAlpha(s), s);
  for (const s of ['½', '_', '\u0301', '😀', '', 'a1', '1', '\ufeff']) assert.not.ok(isAlpha(s), s);
  assert.ok(hasAlpha('1a'));
  assert.not.ok(hasAlpha('12½_'));
});

test('pyCount is str.count(): non-overlapping', () => {
  assert.is(pyCount('....', '...'), 1);
  assert.is(pyCount('......', '...'), 2);
  assert.is(pyCount('.......', '...'), 2);
  assert.is(pyCount('aaaa', 'aa'), 2);
  assert.is(pyCount('a#b##', '#'), 3);
  assert.is(pyCount('', '#'), 0);
});

test.run();
