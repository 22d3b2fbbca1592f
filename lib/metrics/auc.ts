/**
 * Area under the ROC curve via the Mann–Whitney U statistic.
 */

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
