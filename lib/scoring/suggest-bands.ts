/**
 * Band thresholds calibrated on a score distribution. Absolute default bands (A ≥ 80, …) suit a
 * model whose scores use the whole 0–100 range; a real database often scores lower, leaving band A
 * empty. This proposes whole-number thresholds that put about the requested share of accounts in
 * each band, for the editor's "suggest bands" action and the demo's first model.
 */
import type { Band } from "./model";

/** Default target shares of the bands above the last one, highest first: A 5 %, B 15 %, C 30 %. */
export const DEFAULT_BAND_SHARES: readonly number[] = [0.05, 0.15, 0.3];

/** Options of `suggestBands`. */
export interface SuggestBandsOptions {
  /** Target share of accounts per band, highest band first, for every band but the last. */
  shares?: readonly number[];
  /** Band labels, highest first; one more than `shares`. Default A, B, C, D (or as many letters as needed). */
  labels?: readonly string[];
}

/**
 * Proposes bands (highest first, strictly decreasing whole-number minimums, the last at 0) so that
 * roughly `shares[k]` of the scored accounts fall in band k. Thresholds are quantiles of the
 * scores rounded down to a whole point, so ties never split between bands. NaN scores are ignored.
 * With too few distinct scores, neighbouring thresholds are pushed apart by one point.
 */
export function suggestBands(scores: ArrayLike<number>, opts: SuggestBandsOptions = {}): Band[] {
  const shares = opts.shares ?? DEFAULT_BAND_SHARES;
  const labels = opts.labels ?? Array.from({ length: shares.length + 1 }, (_, k) => String.fromCharCode(65 + k));
  if (labels.length !== shares.length + 1) throw new RangeError("suggestBands: need one label more than shares");
  // Counting sort on 0.1-point buckets: linear at a million accounts.
  const buckets = new Float64Array(1001);
  let n = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i];
    if (!(s === s)) continue;
    buckets[Math.max(0, Math.min(1000, Math.round(s * 10)))]++;
    n++;
  }
  const mins: number[] = [];
  let cumulative = 0;
  let bucket = 1000;
  let seen = 0;
  for (const share of shares) {
    cumulative += share;
    const target = cumulative * n;
    // Walk down from the top until the band holds at least its target share.
    while (bucket > 0 && seen + buckets[bucket] < target) seen += buckets[bucket--];
    let min = Math.floor(bucket / 10);
    const prev = mins.length ? mins[mins.length - 1] : 101;
    if (min >= prev) min = prev - 1;
    mins.push(Math.max(min, shares.length - mins.length));
  }
  // Keep strictly decreasing and above 0 so that the last band alone starts at 0.
  for (let k = 1; k < mins.length; k++) if (mins[k] >= mins[k - 1]) mins[k] = mins[k - 1] - 1;
  return [...mins.map((min, k) => ({ label: labels[k], min })), { label: labels[labels.length - 1], min: 0 }];
}
