/** The JSON report: the Summary itself, two-space indented, NaN and infinities as null. */
import type { Summary } from './summary.ts';

/** `report.json`; same Summary, same bytes. */
export const renderJson = (s: Summary): string => JSON.stringify(s, null, 2) + '\n';
