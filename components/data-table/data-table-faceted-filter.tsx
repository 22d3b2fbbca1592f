"use client";

import type { Column } from "@tanstack/react-table";
import { useId, useState } from "react";
import { buttonClass } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Popover } from "@/components/ui/popover";
import type { FilterOption } from "./types";
import { useFilterValue } from "./use-filter-value";

export interface DataTableFacetedFilterProps<TData, TValue> {
  column: Column<TData, TValue>;
  title: string;
  options: FilterOption[];
  /** Show a search box above the options (default: when there are more than 8). */
  searchable?: boolean;
}

/** Summary of the chosen values on the trigger: "Industry: Software +1". */
export function filterSummary(title: string, labels: string[]): string {
  if (labels.length === 0) return title;
  return labels.length === 1 ? `${title}: ${labels[0]}` : `${title}: ${labels[0]} +${labels.length - 1}`;
}

/** A multi-select filter: a popover of checkboxes over the column's options; each change applies at once. */
export function DataTableFacetedFilter<TData, TValue>({ column, title, options, searchable }: DataTableFacetedFilterProps<TData, TValue>) {
  const [value, setValue] = useFilterValue<TData, TValue, string[]>(column);
  const selected = new Set(value ?? []);
  const [query, setQuery] = useState("");
  const id = useId();
  const showSearch = searchable ?? options.length > 8;
  const visible = query ? options.filter((o) => o.label.toLowerCase().includes(query.toLowerCase())) : options;
  const labels = options.filter((o) => selected.has(o.value)).map((o) => o.label);
  // Values in the URL that are not among today's options still count (and can be cleared).
  for (const v of selected) if (!options.some((o) => o.value === v)) labels.push(v);
  const toggle = (value: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(value);
    else next.delete(value);
    setValue(next.size ? [...next] : undefined);
  };
  return (
    <Popover
      label={`Filter by ${title.toLowerCase()}`}
      trigger={
        <>
          <span aria-hidden className="text-muted-foreground">⊕</span>
          <span className="max-w-48 truncate">{filterSummary(title, labels)}</span>
        </>
      }
      triggerClassName={buttonClass("outline", "sm", cn("border-dashed", selected.size > 0 && "border-solid border-primary/60 bg-accent text-accent-foreground"))}
      triggerProps={{ "data-testid": `filter-${column.id}` }}
    >
      {() => (
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">{title}</legend>
          {showSearch ? (
            <input
              type="search"
              aria-label={`Search ${title.toLowerCase()}`}
              placeholder={`Search ${title.toLowerCase()}…`}
              value={query}
              onChange={(e) => setQuery(e.target.value)}
              className="h-8 w-full rounded-md border border-input bg-card px-2 text-sm"
            />
          ) : null}
          <ul className="flex max-h-64 flex-col gap-0.5 overflow-y-auto pr-1">
            {visible.map((o) => {
              const inputId = `${id}-${o.value}`;
              return (
                <li key={o.value}>
                  <label htmlFor={inputId} className="flex cursor-pointer items-center gap-2 rounded px-1.5 py-1 text-sm hover:bg-muted">
                    <input id={inputId} type="checkbox" className="h-4 w-4 accent-[var(--primary)]" checked={selected.has(o.value)} onChange={(e) => toggle(o.value, e.target.checked)} />
                    <span className="flex-1 truncate">{o.label}</span>
                    {o.count !== undefined ? <span className="text-xs tabular-nums text-muted-foreground">{o.count.toLocaleString("en-US")}</span> : null}
                  </label>
                </li>
              );
            })}
            {visible.length === 0 ? <li className="px-1.5 py-1 text-sm text-muted-foreground">No match.</li> : null}
          </ul>
          {selected.size > 0 ? (
            <button type="button" className={buttonClass("ghost", "sm", "justify-center")} onClick={() => setValue(undefined)}>
              Clear {title.toLowerCase()}
            </button>
          ) : null}
        </fieldset>
      )}
    </Popover>
  );
}
