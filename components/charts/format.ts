/**
 * Number formats shared by the charts, their tooltips, their tables and their CSV exports. Formats
 * are named (not functions) so that server components can pass them to client charts.
 */
export type ValueFormat = "number" | "integer" | "percent" | "currency" | "days" | "ratio" | "score" | "text" | "date";

const PERCENT_AXIS = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 1 });
const RATIO_AXIS = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

/** Shorter labels for axis ticks: "20%" rather than "20.0%", "2×" rather than "2.0×". */
export function formatTick(value: number, format: ValueFormat): string {
  if (format === "percent") return PERCENT_AXIS.format(value);
  if (format === "ratio") return `${RATIO_AXIS.format(value)}×`;
  return formatValue(value, format, true);
}

const nf = (opts: Intl.NumberFormatOptions) => new Intl.NumberFormat("en-US", opts);
const INTEGER = nf({ maximumFractionDigits: 0 });
const NUMBER = nf({ maximumFractionDigits: 2 });
const PERCENT = nf({ style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });
const CURRENCY = nf({ style: "currency", currency: "USD", maximumFractionDigits: 0 });
const CURRENCY_COMPACT = nf({ style: "currency", currency: "USD", notation: "compact", maximumFractionDigits: 1 });
const DAYS = nf({ maximumFractionDigits: 0 });
const RATIO = nf({ minimumFractionDigits: 1, maximumFractionDigits: 2 });
const SCORE = nf({ minimumFractionDigits: 0, maximumFractionDigits: 1 });

/** Human-readable value; "–" for a missing one. Percent values are fractions (0.25 → 25.0 %). */
export function formatValue(value: unknown, format: ValueFormat = "number", compact = false): string {
  if (value === null || value === undefined || (typeof value === "number" && !Number.isFinite(value))) return "–";
  if (format === "text" || typeof value !== "number") return String(value);
  switch (format) {
    case "integer":
      return INTEGER.format(value);
    case "percent":
      return PERCENT.format(value);
    case "currency":
      return (compact ? CURRENCY_COMPACT : CURRENCY).format(value);
    case "days":
      return `${DAYS.format(value)} d`;
    case "ratio":
      return `${RATIO.format(value)}×`;
    case "score":
      return SCORE.format(value);
    case "date":
      return new Date(value).toISOString().slice(0, 10);
    default:
      return NUMBER.format(value);
  }
}

/** Header suffix telling the unit of an exported column. */
export function csvUnit(format: ValueFormat = "number"): string {
  switch (format) {
    case "percent":
      return " (%)";
    case "currency":
      return " (USD)";
    case "days":
      return " (days)";
    default:
      return "";
  }
}

/**
 * Value as written to a CSV export: plain numbers a spreadsheet can compute with (percentages as
 * 0–100 with two decimals, dates as YYYY-MM-DD), empty for a missing value.
 */
export function csvValue(value: unknown, format: ValueFormat = "number"): string | number | null {
  if (value === null || value === undefined || (typeof value === "number" && !Number.isFinite(value))) return null;
  if (typeof value !== "number") return String(value);
  switch (format) {
    case "percent":
      return Math.round(value * 10000) / 100;
    case "currency":
      return Math.round(value * 100) / 100;
    case "days":
    case "score":
      return Math.round(value * 10) / 10;
    case "ratio":
      return Math.round(value * 1000) / 1000;
    case "date":
      return new Date(value).toISOString().slice(0, 10);
    default:
      return value;
  }
}
