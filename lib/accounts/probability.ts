/**
 * A predicted probability as a percentage a rep can read: whole percents from 10 %, one decimal below
 * (so 0.3 % is not shown as "0%"), and "<0.1%" for anything smaller than that but above zero.
 */
export function formatProbability(p: number | null | undefined): string {
  if (p == null || !Number.isFinite(p)) return "–";
  const pct = Math.min(100, Math.max(0, p * 100));
  if (pct === 0) return "0%";
  if (pct >= 10) return `${Math.round(pct)}%`;
  if (pct >= 0.1) return `${Number(pct.toFixed(1))}%`;
  return "<0.1%";
}
