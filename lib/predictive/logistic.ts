/**
 * L2-regularised logistic regression fitted by Newton's method (IRLS) with a Cholesky solve and a
 * backtracking line search.
 *
 * Speed at 100k+ rows comes from sparsity: each column is shifted by its most frequent value, so a
 * one-hot, indicator or "count in the last 30 days" column is mostly zeros after the shift even when
 * the pipeline has standardised it. The shift only moves the intercept (which is not penalised), so
 * the fit is exactly the fit on the original columns, while the Hessian costs Σ nnz(row)² instead of
 * n·p². The intercept is reported back on the original scale.
 */
import { choleskySolve } from "./linalg";
import { type DesignMatrix, sigmoid } from "./matrix";

/** Options of {@link trainLogistic}. */
export interface LogisticOptions {
  /** L2 penalty λ on the summed log loss: loss = Σ logloss + λ/2 Σ β². Default 1 (scikit-learn's C = 1). */
  l2?: number;
  /** Newton iterations at most. Default 50. */
  maxIterations?: number;
  /** Stop when the largest coefficient step is below this (or the loss stops falling). Default 1e-6. */
  tolerance?: number;
  /** Optional non-negative row weights (length n). */
  weights?: ArrayLike<number>;
  /**
   * Above this many rows the Hessian is estimated on an evenly spaced subset of this size (scaled
   * up), while the gradient and the line search use every row. The optimum is unchanged (it is
   * where the exact gradient vanishes); only the path to it takes a step or two more. Default 20,000.
   */
  hessianRows?: number;
}

/** A fitted logistic regression: logit = intercept + Σ coef[j] · x[j]. */
export interface LogisticModel {
  kind: "lr";
  intercept: number;
  coef: Float64Array;
  l2: number;
  iterations: number;
  converged: boolean;
}

interface SparseRows {
  ptr: Int32Array;
  col: Int32Array;
  val: Float64Array;
}

/**
 * A value that is frequent in the column (its mode on 64 evenly spaced rows): a frequency above
 * a few percent is all the sparse representation needs, and any choice is exact.
 */
function columnBase(data: ArrayLike<number>, offset: number, n: number): number {
  const k = Math.min(n, 64);
  const sample = new Float64Array(k);
  for (let q = 0; q < k; q++) sample[q] = data[offset + Math.floor((q * n) / k)];
  sample.sort();
  let best = 0;
  let bestCount = 1;
  for (let q = 0; q < k; ) {
    let r = q;
    while (r + 1 < k && sample[r + 1] === sample[q]) r++;
    if (r - q + 1 > bestCount) {
      bestCount = r - q + 1;
      best = sample[q];
    }
    q = r + 1;
  }
  // A column with no repeated value has no sparsity to exploit; zero keeps values as they are.
  return best;
}

function toSparseRows(x: DesignMatrix, base: Float64Array): SparseRows {
  const { n, p, data } = x;
  const counts = new Int32Array(n + 1);
  for (let j = 0; j < p; j++) {
    const o = j * n;
    const b = base[j];
    for (let i = 0; i < n; i++) {
      const v = data[o + i];
      if (v !== b) {
        if (v - v !== 0) throw new Error(`design matrix has a non-finite value in column ${x.names[j]}`);
        counts[i + 1]++;
      }
    }
  }
  for (let i = 0; i < n; i++) counts[i + 1] += counts[i];
  const ptr = counts;
  const fill = ptr.slice(0, n);
  const nnz = ptr[n];
  const col = new Int32Array(nnz);
  const val = new Float64Array(nnz);
  for (let j = 0; j < p; j++) {
    const o = j * n;
    const b = base[j];
    for (let i = 0; i < n; i++) {
      const v = data[o + i];
      if (v !== b) {
        const k = fill[i]++;
        col[k] = j;
        val[k] = v - b;
      }
    }
  }
  return { ptr, col, val };
}

// Hot loops as small top-level functions over typed arrays, so V8 optimises them early.

function linearPredictor(s: SparseRows, b: Float64Array, out: Float64Array): void {
  const { ptr, col, val } = s;
  const n = out.length;
  for (let i = 0; i < n; i++) {
    let t = b[0];
    const k1 = ptr[i + 1];
    for (let k = ptr[i]; k < k1; k++) t += b[col[k] + 1] * val[k];
    out[i] = t;
  }
}

function penalisedLoss(z: Float64Array, y: Float64Array, w: Float64Array, b: Float64Array, l2: number): number {
  let loss = 0;
  for (let i = 0; i < z.length; i++) {
    const zi = z[i];
    // log(1 + e^z) − y z, computed without overflow
    const softplus = zi > 0 ? zi + Math.log1p(Math.exp(-zi)) : Math.log1p(Math.exp(zi));
    loss += w[i] * (softplus - y[i] * zi);
  }
  let pen = 0;
  for (let j = 1; j < b.length; j++) pen += b[j] * b[j];
  return loss + 0.5 * l2 * pen;
}

function gradient(s: SparseRows, z: Float64Array, y: Float64Array, w: Float64Array, grad: Float64Array): void {
  const { ptr, col, val } = s;
  for (let i = 0; i < z.length; i++) {
    const r = w[i] * (sigmoid(z[i]) - y[i]);
    grad[0] += r;
    const k1 = ptr[i + 1];
    for (let a = ptr[i]; a < k1; a++) grad[col[a] + 1] += r * val[a];
  }
}

/** Upper triangle of the (possibly row-subsampled, rescaled) Hessian of the log loss. */
function hessian(s: SparseRows, z: Float64Array, w: Float64Array, hess: Float64Array, m: number, stride: number, scale: number): void {
  const { ptr, col, val } = s;
  const rows = Math.floor(z.length / stride);
  for (let q = 0; q < rows; q++) {
    const i = stride === 1 ? q : Math.floor(q * stride);
    const pi = sigmoid(z[i]);
    const h = w[i] * Math.max(pi * (1 - pi), 1e-12) * scale;
    hess[0] += h;
    const a0 = ptr[i];
    const a1 = ptr[i + 1];
    for (let a = a0; a < a1; a++) {
      const ca = col[a] + 1;
      const hv = h * val[a];
      hess[ca] += hv; // row 0, column ca
      const row = ca * m;
      for (let b = a; b < a1; b++) hess[row + col[b] + 1] += hv * val[b];
    }
  }
}

/**
 * Fit an L2-regularised logistic regression. `y` holds 0/1 labels. Columns are expected to be on
 * comparable scales (the feature pipeline standardises numbers), since one λ penalises them all.
 */
export function trainLogistic(x: DesignMatrix, y: ArrayLike<number>, options: LogisticOptions = {}): LogisticModel {
  const { n, p } = x;
  if (y.length !== n) throw new Error(`labels have length ${y.length}, expected ${n}`);
  const yy = y instanceof Float64Array ? y : Float64Array.from(y);
  if (x.data.length < n * p) throw new Error("design matrix data is shorter than n × p");
  const l2 = options.l2 ?? 1;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-6;
  const w0 = options.weights;
  const weights = w0 ? Float64Array.from(w0) : new Float64Array(n).fill(1);

  const base = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    base[j] = columnBase(x.data, j * n, n);
    if (!Number.isFinite(base[j])) throw new Error(`design matrix has a non-finite value in column ${x.names[j]}`);
  }
  const s = toSparseRows(x, base);

  const m = p + 1; // parameter 0 is the (shifted) intercept
  let beta = new Float64Array(m);
  let sw = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sw += weights[i];
    sy += weights[i] * yy[i];
  }
  const prior = Math.min(1 - 1e-6, Math.max(1e-6, sy / Math.max(sw, 1e-12)));
  beta[0] = Math.log(prior / (1 - prior));

  const z = new Float64Array(n);
  const linear = (b: Float64Array, out: Float64Array): void => linearPredictor(s, b, out);
  const objective = (b: Float64Array, zz: Float64Array): number => penalisedLoss(zz, yy, weights, b, l2);

  linear(beta, z);
  let f = objective(beta, z);
  const grad = new Float64Array(m);
  const hess = new Float64Array(m * m);
  const zNew = new Float64Array(n);
  let converged = false;
  let iterations = 0;

  const hessianRows = Math.max(1000, options.hessianRows ?? 20_000);
  const hStride = n > hessianRows ? n / hessianRows : 1;
  const hScale = n > hessianRows ? n / Math.floor(n / hStride) : 1;
  for (let it = 0; it < maxIterations; it++) {
    iterations = it + 1;
    grad.fill(0);
    hess.fill(0);
    gradient(s, z, yy, weights, grad);
    hessian(s, z, weights, hess, m, hStride, hScale);
    for (let j = 1; j < m; j++) {
      grad[j] += l2 * beta[j];
      hess[j * m + j] += l2;
    }
    for (let r = 0; r < m; r++) for (let c = r + 1; c < m; c++) hess[c * m + r] = hess[r * m + c];

    const neg = new Float64Array(m);
    for (let j = 0; j < m; j++) neg[j] = -grad[j];
    const step = choleskySolve(hess, neg, m);
    let slope = 0;
    for (let j = 0; j < m; j++) slope += grad[j] * step[j];

    let t = 1;
    let accepted = false;
    let next = beta;
    let fNext = f;
    for (let ls = 0; ls < 40; ls++) {
      next = new Float64Array(m);
      for (let j = 0; j < m; j++) next[j] = beta[j] + t * step[j];
      linear(next, zNew);
      fNext = objective(next, zNew);
      if (fNext <= f + 1e-4 * t * slope) {
        accepted = true;
        break;
      }
      t *= 0.5;
    }
    if (!accepted) {
      converged = true; // no descent possible at machine precision: we are at the optimum
      break;
    }
    let maxStep = 0;
    for (let j = 0; j < m; j++) maxStep = Math.max(maxStep, Math.abs(t * step[j]));
    beta = next;
    z.set(zNew);
    const improvement = f - fNext;
    f = fNext;
    if (maxStep < tolerance || improvement <= 1e-10 * Math.max(1, Math.abs(f))) {
      converged = true;
      break;
    }
  }

  const coef = beta.slice(1);
  let intercept = beta[0];
  for (let j = 0; j < p; j++) intercept -= coef[j] * base[j];
  return { kind: "lr", intercept, coef, l2, iterations, converged };
}

/** Log-odds for every row of a column-major matrix (one streaming pass per non-zero coefficient). */
export function logisticLogits(model: LogisticModel, x: DesignMatrix, out = new Float64Array(x.n)): Float64Array {
  const { n, data } = x;
  if (model.coef.length !== x.p) throw new Error(`model expects ${model.coef.length} features, matrix has ${x.p}`);
  out.fill(model.intercept, 0, n);
  const coef = model.coef;
  for (let j = 0; j < coef.length; j++) {
    const c = coef[j];
    if (c === 0) continue;
    const o = j * n;
    for (let i = 0; i < n; i++) out[i] += c * data[o + i];
  }
  return out;
}
