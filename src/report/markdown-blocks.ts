/** Building blocks of the Markdown report: paragraphs, bullets and headings, wrapped for a terminal. */
import { wrap, WIDTH } from './text-layout.ts';

export const para = (text: string) => wrap(text, WIDTH);
export const bullet = (text: string) => wrap(text, WIDTH, '- ', '  ');
export const heading = (level: number, text: string) => `${'#'.repeat(level)} ${text}`;
