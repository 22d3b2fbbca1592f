/**
 * Small seeded pseudo-random number generator so that folds, validation splits and subsampling are
 * reproducible: the same seed gives the same model and the same evaluation figures on every machine.
 */

/** A deterministic random source. */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
}

/**
 * Create a seeded generator (mulberry32 over a splitmix-scrambled seed). Not cryptographic; its
 * period (2^32) is ample for shuffling and subsampling a few million rows.
 */
export function createRng(seed: number): Rng {
  // Scramble the seed so that nearby seeds (7, 8, ...) do not give correlated streams.
  let s = (Math.floor(seed) ^ 0x9e3779b9) >>> 0;
  s = Math.imul(s ^ (s >>> 16), 0x85ebca6b) >>> 0;
  s = Math.imul(s ^ (s >>> 13), 0xc2b2ae35) >>> 0;
  s = (s ^ (s >>> 16)) >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}

/** Fisher–Yates shuffle in place; returns the same array for chaining. */
export function shuffleInPlace<A extends { length: number; [i: number]: number }>(a: A, rng: Rng): A {
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}
