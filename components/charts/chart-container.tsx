"use client";

import { useId, useState } from "react";
import { csvDocument } from "@/lib/csv/write";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { csvUnit, csvValue, formatValue, type ValueFormat } from "./format";

/** A column of a chart's table view and CSV export. */
export interface ChartColumn {
  key: string;
  label: string;
  format?: ValueFormat;
  /** Header cell of the row (the category, e.g. the band). */
  rowHeader?: boolean;
}

export type ChartRow = Record<string, string | number | null>;

export interface ChartContainerProps {
  /** Stable id (used for test ids and the file name of the export). */
  id: string;
  title: string;
  description?: React.ReactNode;
  /** One or two sentences saying what the chart shows, read by screen readers in place of the picture. */
  summary: string;
  columns: ChartColumn[];
  rows: ChartRow[];
  /** When set, the chart is replaced by this explanation of what data is missing. */
  emptyMessage?: string | null;
  /** Small print under the chart (sample sizes, caveats). */
  footnote?: React.ReactNode;
  /** Shown above both the chart and its table (e.g. headline figures). */
  lead?: React.ReactNode;
  className?: string;
  children: React.ReactNode;
}

/** Downloads `text` as a file, client-side. */
function download(filename: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * The frame of every chart: title and description, the chart (or its empty state), a "view as
 * table" alternative with the same rows, CSV export of those rows (formula-safe) and a text summary
 * for screen readers.
 */
export function ChartContainer({ id, title, description, summary, columns, rows, emptyMessage, footnote, lead, className, children }: ChartContainerProps) {
  const [asTable, setAsTable] = useState(false);
  const uid = useId();
  const titleId = `${uid}-title`;
  const summaryId = `${uid}-summary`;
  const empty = Boolean(emptyMessage);
  const exportCsv = () => {
    const header = columns.map((c) => `${c.label}${csvUnit(c.format)}`);
    const body = rows.map((r) => columns.map((c) => csvValue(r[c.key], c.format)));
    download(`lodestar-${id}.csv`, "\uFEFF" + csvDocument(header, body));
  };
  return (
    <Card className={cn("flex min-w-0 flex-col", className)} data-testid={`chart-${id}`}>
      <CardHeader className="flex-row flex-wrap items-start justify-between gap-2">
        <div className="min-w-0 flex-1">
          <CardTitle id={titleId}>{title}</CardTitle>
          {description ? <p className="mt-0.5 text-sm text-muted-foreground">{description}</p> : null}
        </div>
        {empty ? null : (
          <div className="flex shrink-0 gap-1">
            <Button variant="ghost" size="sm" aria-pressed={asTable} onClick={() => setAsTable((v) => !v)}>
              {asTable ? "View as chart" : "View as table"}
            </Button>
            <Button variant="ghost" size="sm" onClick={exportCsv} aria-label={`Export ${title} as CSV`}>
              Export CSV
            </Button>
          </div>
        )}
      </CardHeader>
      <CardContent className="flex flex-1 flex-col gap-2">
        <p id={summaryId} className="sr-only">
          {empty ? emptyMessage : summary}
        </p>
        {lead && !empty ? lead : null}
        {empty ? (
          <div className="flex min-h-40 flex-1 items-center justify-center rounded-md border border-dashed p-6 text-center text-sm text-muted-foreground" data-testid="chart-empty">
            {emptyMessage}
          </div>
        ) : asTable ? (
          <div className="max-h-80 overflow-auto rounded-md border">
            <table className="w-full text-sm" aria-labelledby={titleId}>
              <thead className="sticky top-0 bg-muted text-left text-xs uppercase tracking-wide text-muted-foreground">
                <tr>
                  {columns.map((c) => (
                    <th key={c.key} scope="col" className={cn("px-3 py-2", c.rowHeader ? "" : "text-right")}>
                      {c.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map((r, k) => (
                  <tr key={k} className="border-t">
                    {columns.map((c) =>
                      c.rowHeader ? (
                        <th key={c.key} scope="row" className="px-3 py-1.5 text-left font-medium">
                          {formatValue(r[c.key], c.format ?? "text")}
                        </th>
                      ) : (
                        <td key={c.key} className="px-3 py-1.5 text-right tabular-nums">
                          {formatValue(r[c.key], c.format)}
                        </td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <figure className="m-0" aria-labelledby={titleId} aria-describedby={summaryId}>
            {children}
          </figure>
        )}
        {footnote && !empty ? <div className="text-xs text-muted-foreground">{footnote}</div> : null}
      </CardContent>
    </Card>
  );
}
