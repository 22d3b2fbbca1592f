/**
 * Area under the ROC curve via the Mann–Whitney U statistic.
 */
import type { ScoreRanking } from "./ranking";

/** Scores per account: typed arrays are used as-is, without copying the caller's data. */
export type ScoreArray = Float32Array | Float64Array | readonly number[];
/** Binary labels or flags per account: any non-zero / true value is positive. */
export type FlagArray = Uint8Array | Int8Array | Int32Array | readonly (number | boolean)[];

/** Result of `auc`. */
export interface AucResult {
  /** Probability that a random positive scores above a random negative (ties count ½); null when undefined. */
  auc: number | null;
  positives: number;
  negatives: number;
  /** Accounts left out because their score is NaN. */
  skipped: number;
  reason?: string;
}

/**
 * ROC AUC from a `rankScores` ranking (reused across outcomes and metrics): per tie group, each
 * positive beats the negatives of every lower group and ties with half of its own group's.
 */
export function aucRanked(r: ScoreRanking, labels: FlagArray): AucResult {
  if (labels.length !== r.length) throw new RangeError(`auc: ${r.length} scores but ${labels.length} labels`);
  const groups = r.groupScore.length;
  const pos = new Float64Array(groups);
  let nPos = 0;
  for (let i = 0; i < r.length; i++) {
    const g = r.groupOf[i];
    if (g >= 0 && labels[i]) {
      pos[g]++;
      nPos++;
    }
  }
  const nNeg = r.accounts - nPos;
  if (nPos === 0 || nNeg === 0) {
    return { auc: null, positives: nPos, negatives: nNeg, skipped: r.skipped, reason: `AUC needs both outcomes (${nPos} positive, ${nNeg} negative)` };
  }
  // Groups run from the highest score down, so the negatives below group g are those not yet seen.
  let negBelow = nNeg;
  let u2 = 0; // 2·U
  for (let g = 0; g < groups; g++) {
    const neg = r.groupCount[g] - pos[g];
    negBelow -= neg;
    u2 += pos[g] * (2 * negBelow + neg);
  }
  return { auc: u2 / 2 / (nPos * nNeg), positives: nPos, negatives: nNeg, skipped: r.skipped };
}

/**
 * ROC AUC = U / (n₊·n₋) where U counts, over all positive/negative pairs, 1 when the positive
 * scores higher and ½ on a tie. O(n log n): positives' and negatives' scores are sorted separately
 * (native typed-array sort) and merged, so a million accounts take well under a second.
 *
 * @param include optional mask restricting the computation to a segment
 */
export function auc(scores: ScoreArray, labels: FlagArray, include?: FlagArray): AucResult {
  if (scores.length !== labels.length) throw new RangeError(`auc: ${scores.length} scores but ${labels.length} labels`);
  let nPos = 0;
  let nNeg = 0;
  let skipped = 0;
  for (let i = 0; i < scores.length; i++) {
    if (include && !include[i]) continue;
    if (Number.isNaN(scores[i])) skipped++;
    else if (labels[i]) nPos++;
    else nNeg++;
  }
  if (nPos === 0 || nNeg === 0) {
    return { auc: null, positives: nPos, negatives: nNeg, skipped, reason: `AUC needs both outcomes (${nPos} positive, ${nNeg} negative)` };
  }
  const pos = new Float64Array(nPos);
  const neg = new Float64Array(nNeg);
  let p = 0;
  let q = 0;
  for (let i = 0; i < scores.length; i++) {
    if (include && !include[i]) continue;
    const s = scores[i];
    if (Number.isNaN(s)) continue;
    if (labels[i]) pos[p++] = s;
    else neg[q++] = s;
  }
  pos.sort();
  neg.sort();
  let below = 0; // negatives strictly below the current positive score
  let atOrBelow = 0; // negatives at or below it
  let u2 = 0; // 2·U, kept integral to avoid accumulating halves
  for (let i = 0; i < nPos; ) {
    const s = pos[i];
    let j = i;
    while (j < nPos && pos[j] === s) j++;
    while (below < nNeg && neg[below] < s) below++;
    if (atOrBelow < below) atOrBelow = below;
    while (atOrBelow < nNeg && neg[atOrBelow] <= s) atOrBelow++;
    u2 += (j - i) * (below + atOrBelow);
    i = j;
  }
  return { auc: u2 / 2 / (nPos * nNeg), positives: nPos, negatives: nNeg, skipped };
}
