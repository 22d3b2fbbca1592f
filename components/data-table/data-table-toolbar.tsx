"use client";

import type { Table } from "@tanstack/react-table";
import { Button } from "@/components/ui/button";
import { DataTableFacetedFilter } from "./data-table-faceted-filter";
import { DataTableRangeFilter } from "./data-table-range-filter";
import { DataTableSelectFilter } from "./data-table-select-filter";
import { DataTableToggleFilter } from "./data-table-toggle-filter";

export interface DataTableToolbarProps<TData> {
  table: Table<TData>;
  /** The search box (or anything) before the filters. */
  search?: React.ReactNode;
  /** Controls on the right: view options, saved views, export… */
  actions?: React.ReactNode;
  /** Clears every filter (and the search). */
  onReset?: () => void;
  /** Column ids in the order their filters appear (default: the columns' definition order). */
  filterOrder?: string[];
}

/**
 * The row above a table: search, one filter control per column that declares `meta.filter` (in column
 * order, hidden columns included), a reset button while anything is filtered, and actions.
 */
export function DataTableToolbar<TData>({ table, search, actions, onReset, filterOrder }: DataTableToolbarProps<TData>) {
  const filtered = table.getState().columnFilters.length > 0;
  // Filters keep the columns' definition order, whatever order the columns are shown in.
  const defined = filterOrder ?? table.options.columns.map((c) => c.id);
  const filterable = table
    .getAllLeafColumns()
    .filter((c) => c.columnDef.meta?.filter)
    .sort((a, b) => defined.indexOf(a.id) - defined.indexOf(b.id));
  return (
    <div className="flex flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2">
        {search}
        <div className="ml-auto flex flex-wrap items-center gap-2">{actions}</div>
      </div>
      <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Filters">
        {filterable.map((column) => {
          const f = column.columnDef.meta!.filter!;
          switch (f.kind) {
            case "multiSelect":
              return <DataTableFacetedFilter key={column.id} column={column} title={f.title} options={f.options} searchable={f.searchable} />;
            case "range":
              return <DataTableRangeFilter key={column.id} column={column} title={f.title} min={f.min} max={f.max} step={f.step} unit={f.unit} format={f.format} />;
            case "select":
              return <DataTableSelectFilter key={column.id} column={column} title={f.title} options={f.options} />;
            case "toggle":
              return <DataTableToggleFilter key={column.id} column={column} title={f.title} />;
          }
        })}
        {filtered && onReset ? (
          <Button variant="ghost" size="sm" onClick={onReset}>
            Reset filters
          </Button>
        ) : null}
      </div>
    </div>
  );
}
