"use client";

import { createCell, flexRender, type ColumnMeta, type Table as TanstackTable } from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";
import { cn } from "@/components/ui/cn";
import { DENSITY_CELL, ROW_HEIGHT_BODY, type Density } from "./types";

const cellClassName = (meta: ColumnMeta<never, unknown> | undefined) => (meta?.cellClassName ?? meta?.className) || undefined;

export interface DataTableProps<TData> {
  table: TanstackTable<TData>;
  /** Accessible name of the table. */
  caption: string;
  density?: Density;
  /** While the next rows load: skeleton rows of the same height replace the current ones. */
  loading?: boolean;
  /** Shown instead of the body when there are no rows. */
  empty?: React.ReactNode;
  /** Number of skeleton rows while loading (default: the current row count or 10). */
  skeletonRows?: number;
  /** Total number of rows of the whole result (aria-rowcount), when known. */
  rowCount?: number;
  /** 0-based index of the first row of this page in the whole result. */
  rowOffset?: number;
  className?: string;
  testId?: string;
}

/**
 * The one table of Lodestar: a TanStack table rendered with a sticky header inside its own scroll
 * area, sort state on the header cells (aria-sort), skeleton rows while loading, an empty state, and
 * keyboard navigation between rows: ArrowUp/ArrowDown/Home/End move between the rows' primary links
 * (the cell content marked `data-row-link`), which form a single tab stop. Those links are plain
 * anchors (a Link per row would run its hooks for each of up to a hundred rows on every render); a
 * plain click on one navigates within the app as a Link does, other clicks (new tab, …) are the browser's.
 */
export function DataTable<TData>({ table, caption, density = "comfortable", loading, empty, skeletonRows, rowCount, rowOffset = 0, className, testId }: DataTableProps<TData>) {
  const router = useRouter();
  const body = useRef<HTMLTableSectionElement>(null);
  const rows = table.getRowModel().rows;
  const columns = table.getVisibleLeafColumns();

  const onClick = (e: React.MouseEvent<HTMLTableSectionElement>) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const link = (e.target as Element).closest("a[data-row-link]");
    if (!(link instanceof HTMLAnchorElement) || (link.target && link.target !== "_self") || link.hasAttribute("download")) return;
    const url = new URL(link.href);
    if (url.origin !== window.location.origin) return;
    e.preventDefault();
    router.push(url.pathname + url.search + url.hash);
  };

  const onKeyDown = (e: React.KeyboardEvent<HTMLTableSectionElement>) => {
    if (!["ArrowDown", "ArrowUp", "Home", "End"].includes(e.key)) return;
    const links = Array.from(body.current?.querySelectorAll<HTMLElement>("[data-row-link]") ?? []);
    if (links.length === 0) return;
    const current = links.findIndex((l) => l === document.activeElement || l.contains(document.activeElement));
    if (current < 0) return;
    e.preventDefault();
    const next = e.key === "Home" ? 0 : e.key === "End" ? links.length - 1 : Math.min(links.length - 1, Math.max(0, current + (e.key === "ArrowDown" ? 1 : -1)));
    links.forEach((l, k) => l.setAttribute("tabindex", k === next ? "0" : "-1"));
    links[next]!.focus();
  };

  // Roving tab stop: only one row link is in the tab order (the first, until the user moves).
  useEffect(() => {
    const links = Array.from(body.current?.querySelectorAll<HTMLElement>("[data-row-link]") ?? []);
    const current = links.findIndex((l) => l.getAttribute("tabindex") === "0");
    links.forEach((l, k) => l.setAttribute("tabindex", k === Math.max(0, current) ? "0" : "-1"));
  });

  const showSkeleton = loading;
  const skeletonCount = skeletonRows ?? (rows.length || 10);
  return (
    <div className={cn("relative max-h-[calc(100vh-16rem)] min-h-48 overflow-auto rounded-lg border bg-card", className)} data-testid={testId}>
      {/* Row and cell styles sit on the table (descendant selectors), not on each of hundreds of rows and cells. */}
      <table
        className={cn(
          "w-full border-separate border-spacing-0 text-sm [&_tbody_td]:border-b [&_tbody_td]:align-middle [&_tbody_td]:whitespace-nowrap [&_tr[data-testid=data-row]:hover]:bg-muted/40 [&_tr[data-testid=data-row]:focus-within]:bg-accent/40",
          DENSITY_CELL[density],
          ROW_HEIGHT_BODY[density],
        )}
        aria-rowcount={rowCount !== undefined ? rowCount + 1 : undefined}
        aria-busy={loading || undefined}
      >
        <caption className="sr-only">{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} aria-rowindex={rowCount !== undefined ? 1 : undefined}>
              {group.headers.map((header) => {
                const sorted = header.column.getIsSorted();
                return (
                  <th
                    key={header.id}
                    scope="col"
                    aria-sort={header.column.getCanSort() ? (sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none") : undefined}
                    className={cn(
                      "sticky top-0 z-10 whitespace-nowrap border-b bg-muted px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-muted-foreground",
                      header.column.columnDef.meta?.className,
                    )}
                  >
                    {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
                  </th>
                );
              })}
            </tr>
          ))}
        </thead>
        <tbody ref={body} onKeyDown={onKeyDown} onClick={onClick}>
          {showSkeleton ? (
            Array.from({ length: skeletonCount }, (_, k) => (
              <tr key={`s${k}`} aria-hidden data-testid="skeleton-row">
                {columns.map((c) => (
                  <td key={c.id} className={cellClassName(c.columnDef.meta)}>
                    <span className={cn("block h-3.5 animate-pulse rounded bg-muted", c.columnDef.meta?.skeleton ?? "w-16")} />
                  </td>
                ))}
              </tr>
            ))
          ) : rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="!py-12 text-center !whitespace-normal">
                {empty ?? <span className="text-muted-foreground">No results.</span>}
              </td>
            </tr>
          ) : (
            rows.map((row, k) => (
              <tr key={row.id} aria-rowindex={rowCount !== undefined ? rowOffset + k + 2 : undefined} data-testid="data-row">
                {/* Cells of the visible columns only (row.getVisibleCells() builds one for every column of every row first). */}
                {columns.map((column) => (
                  <td key={column.id} className={cellClassName(column.columnDef.meta)}>
                    {flexRender(column.columnDef.cell, createCell(table, row, column, column.id).getContext())}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
