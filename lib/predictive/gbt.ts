/**
 * Histogram gradient-boosted trees for a binary target (logistic loss), in the style of LightGBM /
 * scikit-learn's HistGradientBoostingClassifier: features are cut into quantile bins once, trees grow
 * leaf-wise (best gain first) up to a leaf budget, leaf values are Newton steps with an L2 penalty,
 * shrunk by the learning rate, and boosting stops early when the loss on an internal validation
 * split stops improving.
 *
 * Histograms are built from a row-wise list of the bins that differ from each feature's most common
 * bin; the common bin is recovered as "node total minus the rest". With one-hot and count features
 * most cells are in the common bin, so this does a fraction of the work of a dense pass.
 */
import { type DesignMatrix, type FloatArray, sigmoid } from "./matrix";
import { createRng } from "./random";

/** Options of {@link trainGbt}. */
export interface GbtOptions {
  /** Boosting rounds at most. Default 400. */
  maxIterations?: number;
  /** Shrinkage applied to every leaf value. Default 0.1. */
  learningRate?: number;
  /** Leaves per tree at most (leaf-wise growth). Default 8. */
  maxLeaves?: number;
  /** Depth at most. Default 6. */
  maxDepth?: number;
  /** Training rows per leaf at least. Default 20. */
  minSamplesLeaf?: number;
  /** L2 penalty on leaf values. Default 1. */
  l2?: number;
  /**
   * Quantile bins per feature at most (≤ 256). Default 64: as accurate as 255 on the evaluations,
   * and the histograms stay in cache.
   */
  maxBins?: number;
  /** Share of rows held out (stratified) for early stopping; 0 disables it. Default 0.15. */
  validationFraction?: number;
  /** Stop after this many rounds without a better validation loss. Default 20. */
  earlyStoppingRounds?: number;
  /** Share of training rows drawn (without replacement) for each tree. Default 0.8. */
  subsample?: number;
  /**
   * Rows drawn per tree at most (on top of `subsample`): stochastic boosting keeps trees cheap on
   * large training sets without changing the small-data behaviour. Default 25,000.
   */
  maxRowsPerTree?: number;
  /** Share of features offered to each tree. Default 0.5. */
  colsample?: number;
  /** 1 = feature may be split on; 0 = ignored (e.g. indicators a tree can express itself). */
  featureMask?: ArrayLike<number>;
  /** Seed for the validation split and subsampling. Default 7. */
  seed?: number;
}

/**
 * A fitted ensemble in flat arrays. Node k is a leaf when `feature[k] < 0`; otherwise rows with
 * `x[feature[k]] <= threshold[k]` (or a missing value) go to `left[k]`, the others to `right[k]`.
 * `value[k]` is the (shrunk) Newton value of the node, also kept for inner nodes because
 * path-based explanations need it. logit = baseScore + Σ over trees of the value of the leaf reached.
 */
export interface TreeEnsemble {
  kind: "gbt";
  nFeatures: number;
  baseScore: number;
  learningRate: number;
  /** root node of each tree */
  roots: Int32Array;
  feature: Int32Array;
  threshold: Float64Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  /** training rows (hessian-free count) that reached the node */
  cover: Float64Array;
  /** rounds kept (after early stopping) and the validation log loss there (NaN without validation) */
  bestIteration: number;
  validationLoss: number;
}

interface Binning {
  /** per feature: upper edges of bins 0..nb-2 (last bin is open-ended) */
  edges: Float64Array[];
  nBins: Int32Array;
  /** offset of a feature's first bin in the global bin index */
  offset: Int32Array;
  totalBins: number;
}

/** Bin edges come from at most this many (evenly spaced) training rows. */
const MAX_BINNING_SAMPLE = 20_000;

/** Find bin edges per feature from the given rows: exact midpoints when few distinct values, quantiles otherwise. */
function fitBinning(x: DesignMatrix, rows: Int32Array, maxBins: number, mask?: ArrayLike<number>): Binning {
  const { n, p, data } = x;
  const edges: Float64Array[] = [];
  const nBins = new Int32Array(p);
  const offset = new Int32Array(p + 1);
  const step = Math.max(1, Math.ceil(rows.length / MAX_BINNING_SAMPLE));
  for (let j = 0; j < p; j++) {
    if (mask && !mask[j]) {
      // A masked feature gets a single bin: it never splits and costs nothing in histograms.
      edges.push(new Float64Array(0));
      nBins[j] = 1;
      offset[j + 1] = offset[j] + 1;
      continue;
    }
    const o = j * n;
    // Indicators and small counts have a handful of values: collect them without a hash map.
    const few: number[] = [];
    let overflow = false;
    for (let k = 0; k < rows.length && !overflow; k += step) {
      const v = data[o + rows[k]];
      if (v !== v) continue;
      let seen = false;
      for (let q = 0; q < few.length; q++) {
        if (few[q] === v) {
          seen = true;
          break;
        }
      }
      if (!seen) {
        few.push(v);
        if (few.length > 8) overflow = true;
      }
    }
    const distinct = new Set<number>(few);
    if (overflow) {
      overflow = false;
      for (let k = 0; k < rows.length; k += step) {
        const v = data[o + rows[k]];
        if (v !== v) continue;
        distinct.add(v);
        if (distinct.size > maxBins) {
          overflow = true;
          break;
        }
      }
    }
    let e: Float64Array;
    if (!overflow) {
      const vals = Float64Array.from(distinct).sort();
      e = new Float64Array(Math.max(0, vals.length - 1));
      for (let b = 0; b + 1 < vals.length; b++) e[b] = vals[b] + (vals[b + 1] - vals[b]) / 2;
    } else {
      const sample: number[] = [];
      for (let k = 0; k < rows.length; k += step) {
        const v = data[o + rows[k]];
        if (v === v) sample.push(v);
      }
      const sorted = Float64Array.from(sample).sort();
      const cuts: number[] = [];
      for (let b = 1; b < maxBins; b++) {
        const q = sorted[Math.min(sorted.length - 1, Math.floor((b * sorted.length) / maxBins))];
        const prev = sorted[Math.max(0, Math.floor((b * sorted.length) / maxBins) - 1)];
        // midpoint between neighbouring order statistics keeps thresholds off observed values
        const cut = prev + (q - prev) / 2;
        if (cuts.length === 0 || cut > cuts[cuts.length - 1]) cuts.push(cut);
      }
      if (cuts.length > 0 && cuts[cuts.length - 1] >= sorted[sorted.length - 1]) cuts.pop();
      e = Float64Array.from(cuts);
    }
    edges.push(e);
    nBins[j] = e.length + 1;
    offset[j + 1] = offset[j] + nBins[j];
  }
  return { edges, nBins, offset, totalBins: offset[p] };
}

function binValue(e: Float64Array, v: number): number {
  if (v !== v) return 0; // missing goes with the smallest values (the pipeline imputes anyway)
  let lo = 0;
  let hi = e.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (v <= e[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function binAll(x: DesignMatrix, binning: Binning): Uint8Array {
  const { n, p, data } = x;
  const out = new Uint8Array(n * p);
  for (let j = 0; j < p; j++) {
    const e = binning.edges[j];
    const o = j * n;
    if (e.length === 0) continue;
    if (e.length === 1) {
      const t = e[0];
      for (let i = 0; i < n; i++) out[o + i] = data[o + i] <= t || data[o + i] !== data[o + i] ? 0 : 1;
    } else {
      for (let i = 0; i < n; i++) out[o + i] = binValue(e, data[o + i]);
    }
  }
  return out;
}

interface SplitInfo {
  gain: number;
  feature: number;
  bin: number;
  gl: number;
  hl: number;
  cl: number;
}

interface BuildNode {
  start: number;
  end: number;
  g: number;
  h: number;
  depth: number;
  hist: Float64Array | null; // [g, h, count] × totalBins
  split: SplitInfo | null;
  id: number; // index in the output tree arrays
}

/** Growing flat arrays for the ensemble. */
class NodeStore {
  feature: number[] = [];
  bin: number[] = [];
  threshold: number[] = [];
  left: number[] = [];
  right: number[] = [];
  value: number[] = [];
  cover: number[] = [];
  add(value: number, cover: number): number {
    this.feature.push(-1);
    this.bin.push(0);
    this.threshold.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.value.push(value);
    this.cover.push(cover);
    return this.value.length - 1;
  }
}

/** Stratified hold-out split (deterministic for a seed). */
function validationSplit(y: ArrayLike<number>, fraction: number, seed: number): { train: Int32Array; valid: Int32Array } {
  const n = y.length;
  const rng = createRng(seed ^ 0x5bd1e995);
  const pos: number[] = [];
  const neg: number[] = [];
  for (let i = 0; i < n; i++) (y[i] > 0.5 ? pos : neg).push(i);
  const take = (arr: number[]): [number[], number[]] => {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      const t = arr[i];
      arr[i] = arr[j];
      arr[j] = t;
    }
    const k = Math.round(arr.length * fraction);
    return [arr.slice(k), arr.slice(0, k)];
  };
  const [pt, pv] = take(pos);
  const [nt, nv] = take(neg);
  const train = Int32Array.from([...pt, ...nt]).sort();
  const valid = Int32Array.from([...pv, ...nv]).sort();
  return { train, valid };
}

// The hot loops are small top-level functions over typed arrays: V8 optimises them after a few
// calls, where one large function with closures would run unoptimised for most of a short fit.

function gradients(order: Int32Array, m: number, raw: Float64Array, y: Float64Array, grad: Float64Array, hess: Float64Array): void {
  for (let k = 0; k < m; k++) {
    const i = order[k];
    const pr = sigmoid(raw[i]);
    grad[i] = pr - y[i];
    hess[i] = pr * (1 - pr) > 1e-16 ? pr * (1 - pr) : 1e-16;
  }
}

function accumulate(
  hist: Float64Array,
  order: Int32Array,
  start: number,
  end: number,
  grad: Float64Array,
  hess: Float64Array,
  rowPtr: Int32Array,
  entries: Int32Array,
): void {
  for (let k = start; k < end; k++) {
    const r = order[k];
    const g = grad[r];
    const h = hess[r];
    const e1 = rowPtr[r + 1];
    for (let e = rowPtr[r]; e < e1; e++) {
      const b = entries[e] * 3;
      hist[b] += g;
      hist[b + 1] += h;
      hist[b + 2] += 1;
    }
  }
}

function accumulateAllowed(
  hist: Float64Array,
  order: Int32Array,
  start: number,
  end: number,
  grad: Float64Array,
  hess: Float64Array,
  rowPtr: Int32Array,
  entries: Int32Array,
  binAllowed: Uint8Array,
): void {
  for (let k = start; k < end; k++) {
    const r = order[k];
    const g = grad[r];
    const h = hess[r];
    const e1 = rowPtr[r + 1];
    for (let e = rowPtr[r]; e < e1; e++) {
      // multiply by the 0/1 flag instead of branching on it: the branch would be a coin flip
      const q = entries[e];
      const a = binAllowed[q];
      const b = q * 3;
      hist[b] += g * a;
      hist[b + 1] += h * a;
      hist[b + 2] += a;
    }
  }
}

interface SplitParams {
  nBins: Int32Array;
  offset: Int32Array;
  defaultBin: Int32Array;
  featureAllowed: Uint8Array;
  minLeaf: number;
  lambda: number;
  minHess: number;
}

/** Best split of a node from its histogram; fills in each feature's default bin as the remainder. */
function bestSplit(hist: Float64Array, G: number, H: number, count: number, sp: SplitParams): SplitInfo | null {
  const { nBins, offset, defaultBin, featureAllowed, minLeaf, lambda, minHess } = sp;
  const parentScore = (G * G) / (H + lambda);
  let best: SplitInfo | null = null;
  let bestGain = 1e-12;
  for (let j = 0; j < nBins.length; j++) {
    const nb = nBins[j];
    if (nb < 2 || featureAllowed[j] === 0) continue;
    const off = offset[j];
    const db = defaultBin[j];
    let rg = G;
    let rh = H;
    let rc = count;
    for (let b = 0; b < nb; b++) {
      if (b === db) continue;
      const q = (off + b) * 3;
      rg -= hist[q];
      rh -= hist[q + 1];
      rc -= hist[q + 2];
    }
    const d = (off + db) * 3;
    hist[d] = rg;
    hist[d + 1] = rh;
    hist[d + 2] = rc;
    let gl = 0;
    let hl = 0;
    let cl = 0;
    for (let b = 0; b < nb - 1; b++) {
      const q = (off + b) * 3;
      gl += hist[q];
      hl += hist[q + 1];
      cl += hist[q + 2];
      if (cl < minLeaf) continue;
      if (count - cl < minLeaf) break;
      const hr = H - hl;
      if (hl < minHess || hr < minHess) continue;
      const gr = G - gl;
      const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parentScore;
      if (gain > bestGain) {
        bestGain = gain;
        best = { gain, feature: j, bin: b, gl, hl, cl };
      }
    }
  }
  return best;
}

/** Stable partition of order[start, end): rows with bin ≤ `bin` first. Returns the boundary. */
function partition(order: Int32Array, scratch: Int32Array, start: number, end: number, bins: Uint8Array, col: number, bin: number): number {
  let lw = start;
  let rw = 0;
  for (let k = start; k < end; k++) {
    const r = order[k];
    if (bins[col + r] <= bin) order[lw++] = r;
    else scratch[rw++] = r;
  }
  order.set(scratch.subarray(0, rw), lw);
  return lw;
}

/** Add one tree (local node arrays, root 0) to the raw scores of all rows, walking binned values. */
function addTree(raw: Float64Array, bins: Uint8Array, n: number, feat: Int32Array, bin: Int32Array, left: Int32Array, right: Int32Array, value: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let k = 0;
    let f = feat[0];
    while (f >= 0) {
      k = bins[f * n + i] <= bin[k] ? left[k] : right[k];
      f = feat[k];
    }
    raw[i] += value[k];
  }
}

function meanLogLoss(rows: Int32Array, raw: Float64Array, y: Float64Array): number {
  let loss = 0;
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    const z = raw[r];
    const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
    loss += softplus - y[r] * z;
  }
  return loss / Math.max(1, rows.length);
}

/**
 * Fit gradient-boosted trees with logistic loss. `y` holds 0/1 labels. Deterministic for a seed.
 */
export function trainGbt(x: DesignMatrix, labels: ArrayLike<number>, options: GbtOptions = {}): TreeEnsemble {
  const { n, p } = x;
  if (labels.length !== n) throw new Error(`labels have length ${labels.length}, expected ${n}`);
  const y = labels instanceof Float64Array ? labels : Float64Array.from(labels);
  const maxIterations = options.maxIterations ?? 400;
  const lr = options.learningRate ?? 0.1;
  const maxLeaves = Math.max(2, options.maxLeaves ?? 8);
  const maxDepth = options.maxDepth ?? 6;
  const minLeaf = Math.max(1, options.minSamplesLeaf ?? 20);
  const lambda = options.l2 ?? 1;
  const maxBins = Math.min(256, Math.max(2, options.maxBins ?? 64));
  const seed = options.seed ?? 7;
  const maxRowsPerTree = options.maxRowsPerTree ?? 25_000;
  const colsample = options.colsample ?? 0.5;
  const patience = options.earlyStoppingRounds ?? 20;

  // Early stopping needs enough of each class in the hold-out to give a stable loss.
  let fraction = options.validationFraction ?? 0.15;
  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i] > 0.5 ? 1 : 0;
  if (Math.min(positives, n - positives) * fraction < 10) fraction = 0;
  const split = fraction > 0 ? validationSplit(y, fraction, seed) : { train: Int32Array.from({ length: n }, (_, i) => i), valid: new Int32Array(0) };
  const trainRows = split.train;
  const validRows = split.valid;

  const subsample = Math.min(options.subsample ?? 0.8, maxRowsPerTree / Math.max(1, trainRows.length));
  const mask = options.featureMask;
  const binning = fitBinning(x, trainRows, maxBins, mask);
  const bins = binAll(x, binning);
  const totalBins = binning.totalBins;

  // Most common bin of each feature on the training rows; every other bin goes into a row-wise list.
  const defaultBin = new Int32Array(p);
  for (let j = 0; j < p; j++) {
    const counts = new Int32Array(binning.nBins[j]);
    const o = j * n;
    for (let k = 0; k < trainRows.length; k++) counts[bins[o + trainRows[k]]]++;
    let best = 0;
    for (let b = 1; b < counts.length; b++) if (counts[b] > counts[best]) best = b;
    defaultBin[j] = best;
  }
  const rowPtr = new Int32Array(n + 1);
  for (let j = 0; j < p; j++) {
    const o = j * n;
    const d = defaultBin[j];
    for (let i = 0; i < n; i++) if (bins[o + i] !== d) rowPtr[i + 1]++;
  }
  for (let i = 0; i < n; i++) rowPtr[i + 1] += rowPtr[i];
  const entries = new Int32Array(rowPtr[n]);
  {
    const fill = rowPtr.slice(0, n);
    for (let j = 0; j < p; j++) {
      const o = j * n;
      const d = defaultBin[j];
      const off = binning.offset[j];
      for (let i = 0; i < n; i++) {
        const b = bins[o + i];
        if (b !== d) entries[fill[i]++] = off + b;
      }
    }
  }

  let sumY = 0;
  for (let k = 0; k < trainRows.length; k++) sumY += y[trainRows[k]];
  const prior = Math.min(1 - 1e-6, Math.max(1e-6, sumY / Math.max(1, trainRows.length)));
  const baseScore = Math.log(prior / (1 - prior));

  const raw = new Float64Array(n).fill(baseScore);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n);
  const rng = createRng(seed);
  const store = new NodeStore();
  const roots: number[] = [];
  const featureAllowed = new Uint8Array(p).fill(1);
  // Bins of the features offered to the current tree; the others are skipped in histograms.
  const binAllowed = new Uint8Array(totalBins).fill(1);
  const sp: SplitParams = { nBins: binning.nBins, offset: binning.offset, defaultBin, featureAllowed, minLeaf, lambda, minHess: 1e-3 };
  const order = new Int32Array(trainRows.length);
  const scratch = new Int32Array(trainRows.length);
  const histPool: Float64Array[] = [];
  const newHist = (): Float64Array => {
    const h = histPool.pop();
    if (h) {
      h.fill(0);
      return h;
    }
    return new Float64Array(totalBins * 3);
  };
  const fill = (hist: Float64Array, start: number, end: number): void => {
    if (colsample >= 1) accumulate(hist, order, start, end, grad, hess, rowPtr, entries);
    else accumulateAllowed(hist, order, start, end, grad, hess, rowPtr, entries, binAllowed);
  };
  const splitOf = (node: BuildNode): SplitInfo | null =>
    node.depth >= maxDepth || node.end - node.start < 2 * minLeaf ? null : bestSplit(node.hist!, node.g, node.h, node.end - node.start, sp);

  let bestLoss = Infinity;
  let bestIteration = 0;
  let sinceBest = 0;

  for (let it = 0; it < maxIterations; it++) {
    // Bernoulli sampling walks the rows in order, so the sample comes out sorted (cache-friendly).
    let m = 0;
    if (subsample < 1) {
      for (let k = 0; k < trainRows.length; k++) if (rng.next() < subsample) order[m++] = trainRows[k];
    } else {
      order.set(trainRows);
      m = trainRows.length;
    }
    if (colsample < 1) {
      let any = false;
      for (let j = 0; j < p; j++) {
        featureAllowed[j] = rng.next() < colsample ? 1 : 0;
        any ||= featureAllowed[j] === 1;
      }
      if (!any && p > 0) featureAllowed[rng.int(p)] = 1;
      for (let j = 0; j < p; j++) binAllowed.fill(featureAllowed[j], binning.offset[j], binning.offset[j + 1]);
    }
    if (m < 2 * minLeaf) break;
    // Gradients are only needed for the rows this tree is grown on.
    gradients(order, m, raw, y, grad, hess);

    let g0 = 0;
    let h0 = 0;
    for (let k = 0; k < m; k++) {
      g0 += grad[order[k]];
      h0 += hess[order[k]];
    }
    const rootId = store.add((-g0 / (h0 + lambda)) * lr, m);
    roots.push(rootId);
    const root: BuildNode = { start: 0, end: m, g: g0, h: h0, depth: 0, hist: newHist(), split: null, id: rootId };
    fill(root.hist!, 0, m);
    root.split = splitOf(root);
    const open: BuildNode[] = [root];
    let leaves = 1;

    while (leaves < maxLeaves) {
      let bi = -1;
      for (let k = 0; k < open.length; k++) {
        const s = open[k].split;
        if (s && (bi < 0 || s.gain > open[bi].split!.gain)) bi = k;
      }
      if (bi < 0) break;
      const node = open[bi];
      open.splice(bi, 1);
      const s = node.split!;
      const mid = partition(order, scratch, node.start, node.end, bins, s.feature * n, s.bin);
      const gr = node.g - s.gl;
      const hr = node.h - s.hl;
      const leftId = store.add((-s.gl / (s.hl + lambda)) * lr, mid - node.start);
      const rightId = store.add((-gr / (hr + lambda)) * lr, node.end - mid);
      store.feature[node.id] = s.feature;
      store.bin[node.id] = s.bin;
      store.threshold[node.id] = binning.edges[s.feature][s.bin];
      store.left[node.id] = leftId;
      store.right[node.id] = rightId;
      const left: BuildNode = { start: node.start, end: mid, g: s.gl, h: s.hl, depth: node.depth + 1, hist: null, split: null, id: leftId };
      const right: BuildNode = { start: mid, end: node.end, g: gr, h: hr, depth: node.depth + 1, hist: null, split: null, id: rightId };
      const [small, large] = mid - node.start <= node.end - mid ? [left, right] : [right, left];
      small.hist = newHist();
      fill(small.hist, small.start, small.end);
      // The larger child's histogram is the parent's minus the smaller one's (subtraction trick).
      const ph = node.hist!;
      const sh = small.hist;
      for (let q = 0; q < ph.length; q++) ph[q] -= sh[q];
      large.hist = ph;
      node.hist = null;
      left.split = splitOf(left);
      right.split = splitOf(right);
      open.push(left, right);
      leaves++;
    }
    for (const o of open) if (o.hist) histPool.push(o.hist);

    // Update raw scores of every row (train and validation) with the new tree, in local indices.
    const size = store.value.length - rootId;
    const tf = new Int32Array(size);
    const tb = new Int32Array(size);
    const tl = new Int32Array(size);
    const tr = new Int32Array(size);
    const tv = new Float64Array(size);
    for (let k = 0; k < size; k++) {
      const g = rootId + k;
      tf[k] = store.feature[g];
      tb[k] = store.bin[g];
      tl[k] = store.left[g] - rootId;
      tr[k] = store.right[g] - rootId;
      tv[k] = store.value[g];
    }
    addTree(raw, bins, n, tf, tb, tl, tr, tv);

    if (validRows.length > 0) {
      const loss = meanLogLoss(validRows, raw, y);
      if (loss < bestLoss - 1e-7) {
        bestLoss = loss;
        bestIteration = it + 1;
        sinceBest = 0;
      } else if (++sinceBest >= patience) break;
    } else {
      bestIteration = it + 1;
    }
  }

  // Keep only the rounds up to the best validation loss.
  const keepTrees = Math.min(bestIteration, roots.length);
  const nodeEnd = keepTrees < roots.length ? roots[keepTrees] : store.value.length;
  return {
    kind: "gbt",
    nFeatures: p,
    baseScore,
    learningRate: lr,
    roots: Int32Array.from(roots.slice(0, keepTrees)),
    feature: Int32Array.from(store.feature.slice(0, nodeEnd)),
    threshold: Float64Array.from(store.threshold.slice(0, nodeEnd)),
    left: Int32Array.from(store.left.slice(0, nodeEnd)),
    right: Int32Array.from(store.right.slice(0, nodeEnd)),
    value: Float64Array.from(store.value.slice(0, nodeEnd)),
    cover: Float64Array.from(store.cover.slice(0, nodeEnd)),
    bestIteration: keepTrees,
    validationLoss: validRows.length > 0 ? bestLoss : NaN,
  };
}

const BLOCK = 1024;

/** Whether every split's right child directly follows its left one (true for trees grown here). */
const adjacent = new WeakMap<TreeEnsemble, boolean>();

function childrenAdjacent(model: TreeEnsemble): boolean {
  let ok = adjacent.get(model);
  if (ok === undefined) {
    ok = true;
    for (let k = 0; k < model.feature.length && ok; k++) if (model.feature[k] >= 0 && model.right[k] !== model.left[k] + 1) ok = false;
    adjacent.set(model, ok);
  }
  return ok;
}

/**
 * Walk four rows through a tree at once. The child is `left + (x > threshold)` (a flag move, not a
 * jump; NaN compares false, so missing values go left), and the four independent walks let the CPU
 * overlap their memory reads instead of waiting on one dependency chain.
 */
function scoreBlock(model: TreeEnsemble, data: FloatArray, n: number, b0: number, b1: number, out: Float64Array): void {
  const { roots, feature, threshold, left, value } = model;
  for (let t = 0; t < roots.length; t++) {
    const root = roots[t];
    const f = feature[root];
    let i = b0;
    for (; i + 3 < b1; i += 4) {
      let k0 = root;
      let k1 = root;
      let k2 = root;
      let k3 = root;
      let f0 = f;
      let f1 = f;
      let f2 = f;
      let f3 = f;
      // leaves have feature −1: the AND is negative only once all four walks have reached a leaf
      while ((f0 & f1 & f2 & f3) >= 0) {
        if (f0 >= 0) {
          k0 = left[k0] + +(data[f0 * n + i] > threshold[k0]);
          f0 = feature[k0];
        }
        if (f1 >= 0) {
          k1 = left[k1] + +(data[f1 * n + i + 1] > threshold[k1]);
          f1 = feature[k1];
        }
        if (f2 >= 0) {
          k2 = left[k2] + +(data[f2 * n + i + 2] > threshold[k2]);
          f2 = feature[k2];
        }
        if (f3 >= 0) {
          k3 = left[k3] + +(data[f3 * n + i + 3] > threshold[k3]);
          f3 = feature[k3];
        }
      }
      out[i] += value[k0];
      out[i + 1] += value[k1];
      out[i + 2] += value[k2];
      out[i + 3] += value[k3];
    }
    for (; i < b1; i++) {
      let k = root;
      let fk = f;
      while (fk >= 0) {
        k = left[k] + +(data[fk * n + i] > threshold[k]);
        fk = feature[k];
      }
      out[i] += value[k];
    }
  }
}

/** Plain pointer walk, for ensembles whose children are not stored side by side. */
function scoreBlockGeneric(model: TreeEnsemble, data: FloatArray, n: number, b0: number, b1: number, out: Float64Array): void {
  const { roots, feature, threshold, left, right, value } = model;
  for (let t = 0; t < roots.length; t++) {
    for (let i = b0; i < b1; i++) {
      let k = roots[t];
      let f = feature[k];
      while (f >= 0) {
        const v = data[f * n + i];
        k = v <= threshold[k] || v !== v ? left[k] : right[k];
        f = feature[k];
      }
      out[i] += value[k];
    }
  }
}

/**
 * Log-odds for every row of a column-major matrix. Rows are processed in blocks so that the block's
 * slice of the feature columns stays in cache while all trees walk over it.
 */
export function gbtLogits(model: TreeEnsemble, x: DesignMatrix, out = new Float64Array(x.n)): Float64Array {
  const n = x.n;
  if (x.p !== model.nFeatures) throw new Error(`model expects ${model.nFeatures} features, matrix has ${x.p}`);
  const fast = childrenAdjacent(model);
  out.fill(model.baseScore, 0, n);
  for (let b0 = 0; b0 < n; b0 += BLOCK) {
    const b1 = Math.min(n, b0 + BLOCK);
    if (fast) scoreBlock(model, x.data, n, b0, b1, out);
    else scoreBlockGeneric(model, x.data, n, b0, b1, out);
  }
  return out;
}
