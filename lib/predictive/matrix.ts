/**
 * The numeric design matrix every learner consumes: column-major, so that a column (one feature
 * over all rows) is a contiguous run and the scoring loops stream through memory.
 */

/** Float storage accepted by the learners; Float32 halves memory when scoring millions of rows. */
export type FloatArray = Float64Array | Float32Array;

/** Dense column-major matrix: value of row i, feature j is `data[j * n + i]`. */
export interface DesignMatrix {
  /** number of rows */
  n: number;
  /** number of features (columns) */
  p: number;
  data: FloatArray;
  /** human-readable feature names, length p */
  names: string[];
}

/** Build a design matrix from per-feature columns (each of length n). */
export function matrixFromColumns(columns: ArrayLike<number>[], names: string[], n?: number): DesignMatrix {
  const rows = n ?? (columns.length > 0 ? columns[0].length : 0);
  const p = columns.length;
  const data = new Float64Array(rows * p);
  for (let j = 0; j < p; j++) {
    const c = columns[j];
    if (c.length !== rows) throw new Error(`column ${names[j] ?? j} has ${c.length} rows, expected ${rows}`);
    for (let i = 0; i < rows; i++) data[j * rows + i] = c[i];
  }
  return { n: rows, p, data, names: names.slice() };
}

/** Copy the given rows (in order) into a new matrix. */
export function selectRows(x: DesignMatrix, rows: ArrayLike<number>): DesignMatrix {
  const m = rows.length;
  const data = x.data instanceof Float32Array ? new Float32Array(m * x.p) : new Float64Array(m * x.p);
  for (let j = 0; j < x.p; j++) {
    const src = j * x.n;
    const dst = j * m;
    for (let k = 0; k < m; k++) data[dst + k] = x.data[src + rows[k]];
  }
  return { n: m, p: x.p, data, names: x.names };
}

/** Select a subset of elements of a typed label/weight vector. */
export function selectValues(v: ArrayLike<number>, rows: ArrayLike<number>): Float64Array {
  const out = new Float64Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = v[rows[k]];
  return out;
}

/** Numerically stable logistic function. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Log-odds of a probability, clamped so that 0 and 1 stay finite. */
export function logit(p: number): number {
  const q = Math.min(1 - 1e-15, Math.max(1e-15, p));
  return Math.log(q / (1 - q));
}
