"use client";

import type { Column } from "@tanstack/react-table";
import { cn } from "@/components/ui/cn";

export interface DataTableColumnHeaderProps<TData, TValue> {
  column: Column<TData, TValue>;
  title: string;
  className?: string;
}

/**
 * A header cell's content: plain text, or for a sortable column a button that cycles the sort
 * (first click sorts by the column's natural direction, the next one flips it). The header cell
 * carries aria-sort (DataTable); the button says what a click will do.
 */
export function DataTableColumnHeader<TData, TValue>({ column, title, className }: DataTableColumnHeaderProps<TData, TValue>) {
  if (!column.getCanSort()) return <span className={className}>{title}</span>;
  const sorted = column.getIsSorted();
  const next = sorted === "desc" ? "ascending" : sorted === "asc" ? "descending" : column.getFirstSortDir() === "desc" ? "descending" : "ascending";
  return (
    <button
      type="button"
      onClick={() => column.toggleSorting(sorted ? sorted === "asc" : column.getFirstSortDir() === "desc")}
      className={cn("-mx-1 inline-flex items-center gap-1 rounded px-1 py-0.5 uppercase hover:bg-accent hover:text-accent-foreground", sorted && "text-foreground", className)}
      aria-label={`${title}: sort ${next}`}
      title={`Sort ${next}`}
    >
      {title}
      <span aria-hidden className="text-[10px]">
        {sorted === "desc" ? "▼" : sorted === "asc" ? "▲" : "↕"}
      </span>
    </button>
  );
}
