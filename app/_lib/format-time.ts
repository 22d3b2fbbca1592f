/** A time as "2025-03-01 14:05 UTC" (server and client render the same text). */
export function formatTime(ms: number | null | undefined): string {
  if (ms == null) return "–";
  return new Date(ms).toISOString().replace("T", " ").slice(0, 16) + " UTC";
}

/** "3 min ago", "2 h ago", "5 d ago" relative to `now`. */
export function ago(ms: number | null | undefined, now: number): string {
  if (ms == null) return "never";
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return "just now";
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} d ago`;
}
