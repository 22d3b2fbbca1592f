"use client";

import type { Column } from "@tanstack/react-table";
import { buttonClass } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { useFilterValue } from "./use-filter-value";

export interface DataTableToggleFilterProps<TData, TValue> {
  column: Column<TData, TValue>;
  title: string;
}

/** An on/off filter ("Has open deal") as a toggle button. */
export function DataTableToggleFilter<TData, TValue>({ column, title }: DataTableToggleFilterProps<TData, TValue>) {
  const [value, setValue] = useFilterValue<TData, TValue, boolean>(column);
  const on = value === true;
  return (
    <button
      type="button"
      aria-pressed={on}
      onClick={() => setValue(on ? undefined : true)}
      className={buttonClass("outline", "sm", cn("border-dashed", on && "border-solid border-primary/60 bg-accent text-accent-foreground"))}
      data-testid={`filter-${column.id}`}
    >
      <span aria-hidden className="text-muted-foreground">{on ? "✓" : "⊕"}</span>
      {title}
    </button>
  );
}
