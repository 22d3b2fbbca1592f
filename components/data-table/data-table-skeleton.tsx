"use client";

import { cn } from "@/components/ui/cn";
import { ROW_HEIGHT_CSS, type Density } from "./types";

export interface DataTableSkeletonProps {
  /** Header labels and skeleton bar widths of the columns that will show. */
  columns: { label: string; className?: string; skeleton?: string }[];
  rows?: number;
  density?: Density;
  /** Number of filter buttons to sketch in the toolbar. */
  filters?: number;
}

/**
 * The table before its first rows arrive (a route's loading state): toolbar, header and rows drawn at
 * the real sizes, so nothing jumps when the data lands. It is drawn with a few dozen elements rather
 * than one per bar (it is part of every first render of the list), and it is a client component
 * although it holds no state, so a server page sends its few props rather than its elements.
 */
export function DataTableSkeleton({ columns, rows = 10, density = "comfortable", filters = 8 }: DataTableSkeletonProps) {
  return (
    <div className="flex flex-col gap-3" aria-busy="true" aria-label="Loading accounts">
      <div className="flex flex-wrap items-center gap-2">
        <div className="h-9 w-full max-w-sm animate-pulse rounded-md bg-muted" />
        <div className="ml-auto flex gap-2">
          <div className="h-8 w-24 animate-pulse rounded-md bg-muted" />
          <div className="h-8 w-16 animate-pulse rounded-md bg-muted" />
          <div className="h-8 w-24 animate-pulse rounded-md bg-muted" />
        </div>
      </div>
      <div className="flex flex-wrap gap-2 [&>div]:h-8 [&>div]:w-24 [&>div]:animate-pulse [&>div]:rounded-md [&>div]:bg-muted">
        {Array.from({ length: filters }, (_, k) => (
          <div key={k} />
        ))}
      </div>
      <div className="max-h-[calc(100vh-16rem)] overflow-hidden rounded-lg border bg-card">
        <table className="w-full border-separate border-spacing-0 text-sm">
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c.label} scope="col" className={cn("border-b bg-muted px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-muted-foreground", c.className)}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          {/* One cell per column draws the bar of every row (.skeleton-column in globals.css). */}
          <tbody style={{ "--rows": rows, "--row-h": ROW_HEIGHT_CSS[density] } as React.CSSProperties}>
            <tr>
              {columns.map((c) => (
                <td key={c.label} className={cn("skeleton-column", c.className)}>
                  <span className={cn("animate-pulse", c.skeleton ?? "w-16")} />
                </td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  );
}
