"use client";

import { formatValue, type ValueFormat } from "./format";

/** One line of a tooltip: which row field to show, how, and under which name. */
export interface TooltipLine {
  key: string;
  label: string;
  format?: ValueFormat;
  /** Colour swatch of the series. */
  color?: string;
}

export interface ChartTooltipProps {
  /** Filled in by Recharts. */
  active?: boolean;
  /** Filled in by Recharts: the hovered row is `payload[0].payload`. */
  payload?: readonly { payload?: Record<string, unknown> }[];
  /** Title of the tooltip from the hovered row. */
  titleKey: string;
  titleFormat?: ValueFormat;
  titlePrefix?: string;
  lines: TooltipLine[];
}

/**
 * Tooltip content for every chart: the hovered row's title and its values, formatted as in the table
 * view, on the card background so it reads in both themes.
 */
export function ChartTooltip({ active, payload, titleKey, titleFormat = "text", titlePrefix = "", lines }: ChartTooltipProps) {
  const row = payload?.[0]?.payload;
  if (!active || !row) return null;
  return (
    <div className="rounded-md border bg-card px-3 py-2 text-xs text-card-foreground shadow-md" role="status">
      <div className="mb-1 font-semibold">
        {titlePrefix}
        {formatValue(row[titleKey], titleFormat)}
      </div>
      <dl className="grid grid-cols-[auto_auto] gap-x-3 gap-y-0.5">
        {lines.map((l) => (
          <div key={l.key} className="contents">
            <dt className="flex items-center gap-1.5 text-muted-foreground">
              {l.color ? <span aria-hidden className="inline-block h-2 w-2 rounded-sm" style={{ background: l.color }} /> : null}
              {l.label}
            </dt>
            <dd className="text-right tabular-nums">{formatValue(row[l.key], l.format)}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
