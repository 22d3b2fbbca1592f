/**
 * The little dense linear algebra the learners need: a Cholesky solve of a symmetric positive
 * definite system (the regularised Newton step of logistic regression).
 */

/**
 * Solve A x = b for symmetric positive definite A (row-major, size m×m) by Cholesky factorisation.
 * A is not modified. If A is not numerically positive definite, a growing ridge is added to the
 * diagonal until the factorisation succeeds, so that a collinear design still gives a finite step.
 */
export function choleskySolve(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const l = new Float64Array(m * m);
  let jitter = 0;
  for (let attempt = 0; attempt < 12; attempt++) {
    if (factor(a, l, m, jitter)) return substitute(l, b, m);
    jitter = jitter === 0 ? 1e-10 * (1 + maxDiag(a, m)) : jitter * 10;
  }
  throw new Error("Cholesky factorisation failed: the system is not positive definite");
}

function maxDiag(a: Float64Array, m: number): number {
  let d = 0;
  for (let i = 0; i < m; i++) d = Math.max(d, Math.abs(a[i * m + i]));
  return d;
}

function factor(a: Float64Array, l: Float64Array, m: number, jitter: number): boolean {
  l.fill(0);
  for (let j = 0; j < m; j++) {
    let s = a[j * m + j] + jitter;
    const rj = j * m;
    for (let k = 0; k < j; k++) s -= l[rj + k] * l[rj + k];
    if (!(s > 0) || !Number.isFinite(s)) return false;
    const d = Math.sqrt(s);
    l[rj + j] = d;
    for (let i = j + 1; i < m; i++) {
      const ri = i * m;
      let t = a[ri + j];
      for (let k = 0; k < j; k++) t -= l[ri + k] * l[rj + k];
      l[ri + j] = t / d;
    }
  }
  return true;
}

function substitute(l: Float64Array, b: Float64Array, m: number): Float64Array {
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = b[i];
    const ri = i * m;
    for (let k = 0; k < i; k++) s -= l[ri + k] * y[k];
    y[i] = s / l[ri + i];
  }
  const x = new Float64Array(m);
  for (let i = m - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < m; k++) s -= l[k * m + i] * x[k];
    x[i] = s / l[i * m + i];
  }
  return x;
}
