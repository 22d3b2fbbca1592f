/** Display formats of the accounts pages (same on server and browser: fixed locale and UTC). */
const DAY = 86_400_000;

export function formatNumber(n: number | null | undefined): string {
  return n === null || n === undefined ? "–" : n.toLocaleString("en-US");
}

const MONEY = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", notation: "compact", maximumFractionDigits: 1 });
const MONEY_FULL = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 });

export function formatMoney(n: number | null | undefined, full = false): string {
  return n === null || n === undefined ? "–" : (full ? MONEY_FULL : MONEY).format(n);
}

const DATE = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
const DATE_TIME = new Intl.DateTimeFormat("en-US", { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone: "UTC", timeZoneName: "short" });

export function formatDate(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? "–" : DATE.format(ms);
}

export function formatDateTime(ms: number | null | undefined): string {
  return ms === null || ms === undefined ? "–" : DATE_TIME.format(ms);
}

/** "today", "yesterday", "5 days ago", "3 months ago", relative to `now`. */
export function relativeDays(ms: number, now: number): string {
  const days = Math.floor((now - ms) / DAY);
  if (days < 0) return "in the future";
  if (days === 0) return "today";
  if (days === 1) return "yesterday";
  if (days < 60) return `${days} days ago`;
  const months = Math.floor(days / 30.44);
  if (months < 24) return `${months} months ago`;
  return `${Math.floor(days / 365.25)} years ago`;
}

const STAGE_LABEL: Record<string, string> = {
  prospect: "Prospect",
  mql: "MQL",
  sql: "SQL",
  opportunity: "Opportunity",
  customer: "Customer",
  churned: "Churned",
};

export function stageLabel(s: string): string {
  return STAGE_LABEL[s] ?? s;
}

export function statusLabel(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
