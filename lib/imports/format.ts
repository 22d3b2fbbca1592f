/** Small formatters shared by the import pages and messages. */

/** "200 MB", "1.5 GB", "812 KB" (binary units, as file managers show them). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return "?";
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v >= 100 || Number.isInteger(v) ? Math.round(v) : v.toFixed(1)} ${units[u]}`;
}

/** "2 min 5 s", "45 s", "1 h 3 min". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "–";
  if (seconds < 1) return "under 1 s";
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** Human names of the import entities. */
export const ENTITY_LABELS = {
  accounts: "Accounts",
  contacts: "Contacts",
  activities: "Activities",
  intent_signals: "Intent signals",
  opportunities: "Opportunities",
} as const;

/** Progress numbers of a job, derived from its stored counters. */
export interface ImportProgressFigures {
  /** 0..1 of the file's bytes read */
  fraction: number;
  rowsPerSecond: number | null;
  secondsLeft: number | null;
}

/** Fraction done, throughput and time left from bytes read and elapsed time. */
export function progressFigures(input: { bytes: number; cursorOffset: number; processedRows: number; startedAt: number | null; now: number; status: string }): ImportProgressFigures {
  const done = input.status === "completed";
  const fraction = done ? 1 : input.bytes > 0 ? Math.min(1, input.cursorOffset / input.bytes) : 0;
  const elapsed = input.startedAt != null ? (input.now - input.startedAt) / 1000 : 0;
  // A running job's rate is noise in its first half second; a finished one's is exact.
  const rowsPerSecond = elapsed > (done ? 0 : 0.5) && input.processedRows > 0 ? input.processedRows / elapsed : null;
  const secondsLeft = !done && fraction > 0 && elapsed > 0.5 ? (elapsed * (1 - fraction)) / fraction : null;
  return { fraction, rowsPerSecond, secondsLeft };
}

/** A time as "2025-03-01 14:05 UTC" (server and client render the same text). */
export function formatUtc(ms: number | null | undefined): string {
  if (ms == null) return "–";
  return `${new Date(ms).toISOString().replace("T", " ").slice(0, 16)} UTC`;
}

/** Integer with thousands separators, the same on server and client. */
export function formatCount(n: number | null | undefined): string {
  return n == null ? "–" : n.toLocaleString("en-US");
}
