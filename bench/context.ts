/** What every benchmark measurement gets: the database of N accounts and small timing helpers. */
import type { DbHandle } from "@/db/client";

export interface BenchContext {
  handle: DbHandle;
  accounts: number;
  /** the primary model's id (published) */
  modelId: number;
  /** writes a progress line to stderr (stdout's last line is the JSON result) */
  log: (msg: string) => void;
  /** a deterministic PRNG for picking random pages, filters… */
  random: () => number;
  args: Record<string, string | boolean>;
}

export type Figures = Record<string, number | string | boolean | null>;

export interface Measurement {
  name: string;
  /** which issue's budget it belongs to, for the reader */
  description: string;
  run(ctx: BenchContext): Promise<Figures>;
}

/** The p-th percentile (0..100) of samples, nearest-rank. */
export function percentile(samples: number[], p: number): number {
  if (!samples.length) return NaN;
  const s = [...samples].sort((a, b) => a - b);
  const k = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[k]!;
}

export const median = (samples: number[]) => percentile(samples, 50);

/** Rounds to 2 decimals for printing. */
export const r2 = (x: number) => Math.round(x * 100) / 100;

/** Times an async function in milliseconds. */
export async function timeMs<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const t = performance.now();
  const value = await fn();
  return { ms: performance.now() - t, value };
}
