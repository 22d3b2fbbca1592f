/**
 * Before/after comparison of two score runs over the same accounts (a model edit's preview, two
 * versions side by side): histograms, band migration and the biggest movers. One pass over the
 * columns plus bounded heaps, so it stays well under a second at a million accounts.
 */
import { roundScore } from "./engine";

/** The columns of a score run that the comparison needs (e.g. a `ScoreColumns`). */
export interface ScoreRun {
  /** 0–100 per account position; NaN = not scored in this run. */
  scores: ArrayLike<number>;
  /** Band index per account position; an index outside the labels = not scored. */
  bands: ArrayLike<number>;
}

/** Options of `comparePreview`. */
export interface PreviewOptions {
  /** How many movers to list in each direction. Default 10. */
  topN?: number;
}

/** An account whose score moved. */
export interface Mover {
  /** Account position in the snapshot. */
  index: number;
  accountId: number;
  before: number;
  after: number;
  /** after − before, display precision. */
  delta: number;
  bandBefore: number;
  bandAfter: number;
}

/** One 10-point histogram bin; the last bin includes 100. */
export interface HistogramBin {
  from: number;
  to: number;
  label: string;
}

/** Result of `comparePreview`. */
export interface PreviewComparison {
  /** Accounts scored in both runs (the others are left out of every figure). */
  compared: number;
  /** Accounts whose displayed score changed. */
  changed: number;
  /** Accounts whose band changed. */
  bandChanged: number;
  meanBefore: number;
  meanAfter: number;
  histogram: { bins: HistogramBin[]; before: number[]; after: number[] };
  bandLabels: { before: string[]; after: string[] };
  bandCounts: { before: number[]; after: number[] };
  /** migration[x][y] = accounts that were in band x before and are in band y after. */
  migration: number[][];
  /** Largest increases first, then largest decreases first (ties: lower position first). */
  movers: { up: Mover[]; down: Mover[] };
}

const BINS = 10;

/**
 * Compare two score runs of the same accounts (same positions). `bandLabels` is one list when both
 * runs use the same bands, or `{ before, after }` when a model change also changed the bands.
 */
export function comparePreview(
  before: ScoreRun,
  after: ScoreRun,
  accountIds: ArrayLike<number>,
  bandLabels: readonly string[] | { before: readonly string[]; after: readonly string[] },
  opts: PreviewOptions = {},
): PreviewComparison {
  const n = before.scores.length;
  if (after.scores.length !== n || before.bands.length !== n || after.bands.length !== n || accountIds.length !== n) {
    throw new RangeError("before, after and accountIds must cover the same accounts");
  }
  const labelsBefore = [...("before" in bandLabels ? bandLabels.before : bandLabels)];
  const labelsAfter = [...("after" in bandLabels ? bandLabels.after : bandLabels)];
  const nb = labelsBefore.length;
  const na = labelsAfter.length;
  const topN = Math.max(0, Math.floor(opts.topN ?? 10));

  const histBefore = new Array<number>(BINS).fill(0);
  const histAfter = new Array<number>(BINS).fill(0);
  const countBefore = new Array<number>(nb).fill(0);
  const countAfter = new Array<number>(na).fill(0);
  const migration = new Float64Array(nb * na);
  const up = new TopHeap(topN);
  const down = new TopHeap(topN);
  let compared = 0;
  let changed = 0;
  let bandChanged = 0;
  let sumBefore = 0;
  let sumAfter = 0;

  for (let i = 0; i < n; i++) {
    const b = before.scores[i];
    const a = after.scores[i];
    const bb = before.bands[i];
    const ba = after.bands[i];
    if (!(b === b && a === a && bb >= 0 && bb < nb && ba >= 0 && ba < na)) continue;
    compared++;
    sumBefore += b;
    sumAfter += a;
    histBefore[bin(b)]++;
    histAfter[bin(a)]++;
    countBefore[bb]++;
    countAfter[ba]++;
    migration[bb * na + ba]++;
    if (labelsBefore[bb] !== labelsAfter[ba]) bandChanged++;
    // Float32 columns hold 45.3 as 45.29999…; compare and report at display precision.
    const delta = roundScore(roundScore(a) - roundScore(b));
    if (delta === 0) continue;
    changed++;
    if (delta > 0) up.offer(delta, i);
    else down.offer(-delta, i);
  }

  const mover = (i: number): Mover => ({
    index: i,
    accountId: accountIds[i],
    before: roundScore(before.scores[i]),
    after: roundScore(after.scores[i]),
    delta: roundScore(roundScore(after.scores[i]) - roundScore(before.scores[i])),
    bandBefore: before.bands[i],
    bandAfter: after.bands[i],
  });

  return {
    compared,
    changed,
    bandChanged,
    meanBefore: compared > 0 ? sumBefore / compared : 0,
    meanAfter: compared > 0 ? sumAfter / compared : 0,
    histogram: {
      bins: Array.from({ length: BINS }, (_, k) => ({
        from: k * 10,
        to: k * 10 + 10,
        label: k === BINS - 1 ? "90–100" : `${k * 10}–${k * 10 + 9.9}`,
      })),
      before: histBefore,
      after: histAfter,
    },
    bandLabels: { before: labelsBefore, after: labelsAfter },
    bandCounts: { before: countBefore, after: countAfter },
    migration: Array.from({ length: nb }, (_, x) => Array.from(migration.subarray(x * na, x * na + na))),
    movers: { up: up.sorted().map(mover), down: down.sorted().map(mover) },
  };
}

function bin(score: number): number {
  const k = Math.floor(score / 10);
  return k < 0 ? 0 : k >= BINS ? BINS - 1 : k;
}

/**
 * Keeps the `size` largest keys seen; a min-heap whose root is the weakest kept entry. Entries are
 * offered in increasing position order, so on equal keys the earlier (lower) position stays.
 */
class TopHeap {
  private readonly key: Float64Array;
  private readonly idx: Int32Array;
  private count = 0;

  constructor(private readonly size: number) {
    this.key = new Float64Array(size);
    this.idx = new Int32Array(size);
  }

  offer(key: number, index: number): void {
    if (this.size === 0) return;
    if (this.count < this.size) {
      let c = this.count++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!this.weaker(key, index, this.key[p], this.idx[p])) break;
        this.key[c] = this.key[p];
        this.idx[c] = this.idx[p];
        c = p;
      }
      this.key[c] = key;
      this.idx[c] = index;
      return;
    }
    if (!(key > this.key[0])) return;
    let c = 0;
    for (;;) {
      const l = 2 * c + 1;
      if (l >= this.count) break;
      const r = l + 1;
      const m = r < this.count && this.weaker(this.key[r], this.idx[r], this.key[l], this.idx[l]) ? r : l;
      if (!this.weaker(this.key[m], this.idx[m], key, index)) break;
      this.key[c] = this.key[m];
      this.idx[c] = this.idx[m];
      c = m;
    }
    this.key[c] = key;
    this.idx[c] = index;
  }

  /** Positions, strongest first. */
  sorted(): number[] {
    const order = Array.from({ length: this.count }, (_, k) => k);
    order.sort((a, b) => this.key[b] - this.key[a] || this.idx[a] - this.idx[b]);
    return order.map((k) => this.idx[k]);
  }

  /** Whether entry (k1, i1) ranks below (k2, i2): smaller key, or equal key and later position. */
  private weaker(k1: number, i1: number, k2: number, i2: number): boolean {
    return k1 < k2 || (k1 === k2 && i1 > i2);
  }
}
