"use client";

import type { Column } from "@tanstack/react-table";
import { useId } from "react";
import { buttonClass } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Popover } from "@/components/ui/popover";
import type { FilterOption } from "./types";
import { useFilterValue } from "./use-filter-value";

export interface DataTableSelectFilterProps<TData, TValue> {
  column: Column<TData, TValue>;
  title: string;
  options: FilterOption[];
}

/** A single-choice filter: a popover of radio buttons ("Any" clears it); applies on choice. */
export function DataTableSelectFilter<TData, TValue>({ column, title, options }: DataTableSelectFilterProps<TData, TValue>) {
  const [value, setValue] = useFilterValue<TData, TValue, string>(column);
  const id = useId();
  const chosen = options.find((o) => o.value === value);
  return (
    <Popover
      label={`Filter by ${title.toLowerCase()}`}
      trigger={
        <>
          <span aria-hidden className="text-muted-foreground">⊕</span>
          <span className="max-w-48 truncate">{chosen ? `${title}: ${chosen.label}` : value ? `${title}: ${value}` : title}</span>
        </>
      }
      triggerClassName={buttonClass("outline", "sm", cn("border-dashed", value !== undefined && "border-solid border-primary/60 bg-accent text-accent-foreground"))}
      triggerProps={{ "data-testid": `filter-${column.id}` }}
    >
      {(close) => (
        <fieldset className="flex flex-col gap-0.5">
          <legend className="mb-1 text-sm font-medium">{title}</legend>
          {[{ label: "Any", value: "" }, ...options].map((o) => (
            <label key={o.value} htmlFor={`${id}-${o.value}`} className="flex cursor-pointer items-center gap-2 rounded px-1.5 py-1 text-sm hover:bg-muted">
              <input
                id={`${id}-${o.value}`}
                type="radio"
                name={id}
                className="h-4 w-4 accent-[var(--primary)]"
                checked={(value ?? "") === o.value}
                onChange={() => setValue(o.value === "" ? undefined : o.value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter") {
                    e.preventDefault();
                    close();
                  }
                }}
              />
              <span>{o.label}</span>
            </label>
          ))}
        </fieldset>
      )}
    </Popover>
  );
}
