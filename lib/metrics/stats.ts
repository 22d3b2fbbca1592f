/**
 * Small statistics used by the success metrics: Wilson intervals for rates and quantiles for
 * sales-cycle lengths.
 */

/** A rate with its Wilson score interval, or no rate when there is nothing to divide by. */
export type RateEstimate =
  | { rate: number; low: number; high: number; successes: number; n: number; reason?: undefined }
  | { rate: null; low: null; high: null; successes: 0; n: 0; reason: string };

/**
 * Wilson score interval for a binomial proportion (better than the normal approximation for small
 * n and rates near 0 or 1, which band conversion rates often are).
 *
 * @param successes number of successes, 0 ≤ successes ≤ n
 * @param n number of trials
 * @param z standard-normal quantile; 1.96 gives a 95 % interval
 * @param emptyReason message used when n = 0
 */
export function wilson(successes: number, n: number, z = 1.96, emptyReason = "no observations (n = 0)"): RateEstimate {
  if (!Number.isFinite(n) || n < 0 || !Number.isFinite(successes) || successes < 0 || successes > n) {
    throw new RangeError(`wilson: need 0 ≤ successes ≤ n, got successes=${successes}, n=${n}`);
  }
  if (n === 0) return { rate: null, low: null, high: null, successes: 0, n: 0, reason: emptyReason };
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  // At p = 0 or 1 the bound is exactly 0 or 1; clamp floating-point noise rather than report 1e-17.
  const low = successes === 0 ? 0 : Math.max(0, center - half);
  const high = successes === n ? 1 : Math.min(1, center + half);
  return { rate: p, low, high, successes, n };
}

/**
 * Quantile of an ascending-sorted array by linear interpolation between order statistics (the
 * "type 7" definition used by numpy, R and spreadsheets): position q·(n−1). Null for an empty array.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  if (q <= 0) return sorted[0];
  if (q >= 1) return sorted[n - 1];
  const pos = q * (n - 1);
  const lo = Math.floor(pos);
  const frac = pos - lo;
  return frac === 0 ? sorted[lo] : sorted[lo] + frac * (sorted[lo + 1] - sorted[lo]);
}

/** Median and inter-quartile range of a sample. */
export interface MedianIqr {
  median: number;
  p25: number;
  p75: number;
  /** p75 − p25 */
  iqr: number;
  n: number;
}

/** Median with quartiles (type-7 quantiles); null when the sample is empty. NaN values are ignored. */
export function medianIqr(values: ArrayLike<number>): MedianIqr | null {
  const v = Float64Array.from(values as ArrayLike<number>).filter((x) => !Number.isNaN(x));
  if (v.length === 0) return null;
  v.sort();
  const p25 = quantileSorted(v, 0.25) as number;
  const p75 = quantileSorted(v, 0.75) as number;
  return { median: quantileSorted(v, 0.5) as number, p25, p75, iqr: p75 - p25, n: v.length };
}
