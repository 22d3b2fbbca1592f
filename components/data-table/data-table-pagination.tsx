"use client";

import { useId } from "react";
import { buttonClass } from "@/components/ui/button";

export interface DataTablePaginationProps {
  /** 1-based current page */
  page: number;
  perPage: number;
  pageSizes: readonly number[];
  total: number;
  /** the total is a lower bound ("10,000+") */
  totalCapped?: boolean;
  /** what the rows are, for the summary ("accounts") */
  noun?: string;
  hrefFor: (page: number) => string;
  onNavigate: (page: number) => void;
  onPerPageChange: (perPage: number) => void;
}

const fmt = (n: number) => n.toLocaleString("en-US");

/**
 * Page links (real hrefs, so they open in a new tab too; a plain click navigates in place), the range
 * shown out of the total, and the page size. The summary is announced when it changes.
 */
export function DataTablePagination({ page, perPage, pageSizes, total, totalCapped, noun = "rows", hrefFor, onNavigate, onPerPageChange }: DataTablePaginationProps) {
  const id = useId();
  const pages = Math.max(1, Math.ceil(total / perPage));
  const first = total === 0 ? 0 : (page - 1) * perPage + 1;
  const last = Math.min(total, page * perPage);
  const link = (target: number, label: string, text: string, disabled: boolean) =>
    disabled ? (
      <button type="button" disabled aria-label={label} className={buttonClass("outline", "sm")}>
        {text}
      </button>
    ) : (
      <a
        href={hrefFor(target)}
        aria-label={label}
        className={buttonClass("outline", "sm")}
        onClick={(e) => {
          if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
          e.preventDefault();
          onNavigate(target);
        }}
      >
        {text}
      </a>
    );
  return (
    <nav aria-label="Pagination" className="flex flex-wrap items-center justify-between gap-3 text-sm">
      <p className="text-muted-foreground" aria-live="polite" data-testid="pagination-summary">
        {total === 0 ? (
          `No ${noun}`
        ) : (
          <>
            Showing <span className="font-medium text-foreground">{fmt(first)}–{fmt(last)}</span> of{" "}
            <span className="font-medium text-foreground" data-testid="total-count">
              {fmt(total)}
              {totalCapped ? "+" : ""}
            </span>{" "}
            {noun}
          </>
        )}
      </p>
      <div className="flex flex-wrap items-center gap-3">
        <label htmlFor={`${id}-size`} className="flex items-center gap-2 text-muted-foreground">
          Rows per page
          <select
            id={`${id}-size`}
            value={perPage}
            onChange={(e) => onPerPageChange(Number(e.target.value))}
            className="h-8 rounded-md border border-input bg-card px-2 text-sm text-foreground"
          >
            {pageSizes.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <span className="tabular-nums text-muted-foreground">
          Page {fmt(page)} of {fmt(pages)}
          {totalCapped ? "+" : ""}
        </span>
        <div className="flex gap-1">
          {link(1, "First page", "«", page <= 1)}
          {link(page - 1, "Previous page", "‹ Previous", page <= 1)}
          {link(page + 1, "Next page", "Next ›", page >= pages)}
          {totalCapped ? null : link(pages, "Last page", "»", page >= pages)}
        </div>
      </div>
    </nav>
  );
}
