/**
 * eld (Efficient Language Detector, Apache-2.0) behind one file: the `backend: eld` of the
 * `language` filter, about ten times faster than fastText lid.176 and agreeing with it on the top
 * language for about 98 % of web pages. Its scores are eld's own normalised n-gram scores, not
 * probabilities: a threshold tuned for lid.176 means something else here (triage, not parity).
 * The `small` database: on web-pages shard 0 it agrees with lid.176 as often as `medium` (1,524 of
 * 1,550 top languages) and runs 15 % faster; `large` agreed on 3 more pages at two thirds the speed.
 */
import { eld } from 'eld/small';
import type { LanguageIdentifier } from './identifier.ts';
import { eldHead } from './eld-head.ts';

/** The eld version whose database the scores come from (enters the filter's fingerprint). */
export const ELD_VERSION = '2.1.0';

/** An eld-backed identifier (one per thread; eld keeps its state in the module). */
export function eldIdentifier(): LanguageIdentifier {
  const labels = Object.values(eld.info().Languages);
  const index = new Map(labels.map((l, i) => [l, i]));
  return {
    labels,
    hash: `eld@${ELD_VERSION}/small`,
    // eld reads at most 1,000 units, and stops earlier: the filter hands it only what it reads.
    headLength: eldHead(),
    predict(text, out, wanted) {
      out.fill(0);
      const r = eld.detect(text);
      const scores = r.getScores();
      const best = r.language ? (index.get(r.language) ?? -1) : -1;
      if (!wanted) {
        for (const l in scores) {
          const i = index.get(l);
          if (i !== undefined) out[i] = scores[l]!;
        }
        return best;
      }
      // Looked up by key: the object's keys come in score order, a different shape per text,
      // so walking it (for...in) cost more than the lookups of the few labels the filter reads.
      if (best >= 0) out[best] = scores[labels[best]!] ?? 0;
      for (const i of wanted) if (i >= 0) out[i] = scores[labels[i]!] ?? 0;
      return best;
    },
  };
}
