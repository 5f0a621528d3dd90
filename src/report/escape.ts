/**
 * Document text is hostile. Everything that reaches a report from the data (document text, ids,
 * rule and attribute names, shard names, notes) passes through one of these:
 * - `escapeHtml` for HTML text and attribute values (& < > " ' — enough for both contexts);
 * - `visible` first, everywhere: control characters (a terminal escape sequence, a carriage return
 *   that overprints a line) and bidirectional overrides ("Trojan source") become visible
 *   placeholders, so what a reader sees is what the document holds;
 * - `mdInline` for Markdown outside code, `fenceFor` for Markdown code blocks.
 */

const HTML: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes & < > " ' for HTML text and quoted attribute values. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => HTML[c]!);

/**
 * Control characters other than \n and \t → Unicode control pictures (U+2400 block) or `<U+XXXX>`;
 * \r\n → \n; bidi embedding/override/isolate marks and other invisible format characters →
 * `<U+XXXX>`. Lone surrogates → U+FFFD. Everything else is kept.
 */
export function visible(s: string): string {
  // Fast path: nothing to replace (the common case for ordinary prose).
  // eslint-disable-next-line no-control-regex
  if (
    !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ud800-\udfff]/.test(
      s,
    )
  )
    return s;
  return (
    s
      .replace(/\r\n/g, '\n')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) =>
        c === '\u007f' ? '\u2421' : String.fromCharCode(0x2400 + c.charCodeAt(0)),
      )
      .replace(
        /[\u0080-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g,
        (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`,
      )
  );
}

/** For one-line fields (ids, names): `visible`, and newlines and tabs shown as ␊ and ␉. */
export const oneLine = (s: string): string =>
  visible(s).replace(/\n/g, '\u240a').replace(/\t/g, '\u2409');

/**
 * Markdown text outside code: backslash-escapes what CommonMark/GFM would interpret (emphasis,
 * links, HTML, tables, entities, code). An underscore between two letters or digits is left alone:
 * it cannot open or close emphasis there, and `gopher_quality` stays readable in a terminal.
 */
export function mdInline(s: string): string {
  return oneLine(s).replace(/[\\`*[\]<>|&~!#_{}()+\-.=]/g, (c, i: number, all: string) => {
    if (
      c === '_' &&
      /[\p{L}\p{N}]/u.test(all[i - 1] ?? '') &&
      /[\p{L}\p{N}]/u.test(all[i + 1] ?? '')
    )
      return c;
    // These only mean something at the start of a line (headings, lists, setext) or after `]`/`!`:
    // escape them only where they start the field, which is enough inside a table cell or a line.
    if ('#+-.=(){}!'.includes(c) && i > 0) return c;
    return `\\${c}`;
  });
}

/** A fence of backticks longer than any backtick run in `text` (at least 3). */
export function fenceFor(text: string): string {
  let longest = 0;
  for (const m of text.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}
