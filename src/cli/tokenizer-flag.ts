/** The `--tokenizer` flag: a tiktoken encoding name, or `none` to skip tokenizing. */
export const tokenizerChoices = [
  'cl100k_base',
  'o200k_base',
  'p50k_base',
  'r50k_base',
  'none',
] as const;
export type TokenizerFlag = (typeof tokenizerChoices)[number];
