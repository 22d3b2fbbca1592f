"use client";

import type { Column } from "@tanstack/react-table";
import { useId, useState } from "react";
import { Button, buttonClass } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Popover } from "@/components/ui/popover";

export interface DataTableRangeFilterProps<TData, TValue> {
  column: Column<TData, TValue>;
  title: string;
  min: number;
  max: number;
  step?: number;
  unit?: string;
  format?: (n: number) => string;
}

type Range = [number | undefined, number | undefined];

function rangeLabel(r: Range, format: (n: number) => string): string {
  const [a, b] = r;
  if (a !== undefined && b !== undefined) return `${format(a)}–${format(b)}`;
  if (a !== undefined) return `≥ ${format(a)}`;
  if (b !== undefined) return `≤ ${format(b)}`;
  return "";
}

/** A numeric range filter: "from" and "to" inputs applied together (Enter or Apply). */
export function DataTableRangeFilter<TData, TValue>({ column, title, min, max, step = 1, unit, format = (n) => n.toLocaleString("en-US") }: DataTableRangeFilterProps<TData, TValue>) {
  const value = (column.getFilterValue() as Range | undefined) ?? [undefined, undefined];
  const active = value[0] !== undefined || value[1] !== undefined;
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  return (
    <Popover
      label={`Filter by ${title.toLowerCase()}`}
      trigger={
        <>
          <span aria-hidden className="text-muted-foreground">⊕</span>
          <span>{active ? `${title}: ${rangeLabel(value, format)}` : title}</span>
        </>
      }
      triggerClassName={buttonClass("outline", "sm", cn("border-dashed", active && "border-solid border-primary/60 bg-accent text-accent-foreground"))}
      triggerProps={{ "data-testid": `filter-${column.id}` }}
    >
      {(close) => (
        <form
          className="flex w-64 flex-col gap-2"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const data = new FormData(e.currentTarget);
            const read = (k: string) => {
              const t = String(data.get(k) ?? "").trim().replace(/,/g, "");
              if (t === "") return undefined;
              const n = Number(t);
              return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : NaN;
            };
            const a = read("from");
            const b = read("to");
            if (Number.isNaN(a) || Number.isNaN(b)) {
              setError("Enter numbers, e.g. 200 and 5000.");
              return;
            }
            setError(null);
            column.setFilterValue(a === undefined && b === undefined ? undefined : a !== undefined && b !== undefined && a > b ? [b, a] : [a, b]);
            close();
          }}
        >
          <fieldset className="flex flex-col gap-2">
            <legend className="text-sm font-medium">
              {title}
              {unit ? <span className="font-normal text-muted-foreground"> ({unit})</span> : null}
            </legend>
            <div className="flex items-end gap-2">
              <label className="flex flex-1 flex-col gap-1 text-xs text-muted-foreground" htmlFor={`${id}-from`}>
                From
                <input
                  id={`${id}-from`}
                  name="from"
                  inputMode="decimal"
                  defaultValue={value[0] ?? ""}
                  placeholder={String(min)}
                  aria-describedby={error ? `${id}-err` : undefined}
                  aria-invalid={error ? true : undefined}
                  className="h-8 w-full rounded-md border border-input bg-card px-2 text-sm text-foreground"
                />
              </label>
              <label className="flex flex-1 flex-col gap-1 text-xs text-muted-foreground" htmlFor={`${id}-to`}>
                To
                <input
                  id={`${id}-to`}
                  name="to"
                  inputMode="decimal"
                  defaultValue={value[1] ?? ""}
                  placeholder={String(max)}
                  aria-describedby={error ? `${id}-err` : undefined}
                  aria-invalid={error ? true : undefined}
                  className="h-8 w-full rounded-md border border-input bg-card px-2 text-sm text-foreground"
                />
              </label>
            </div>
            {error ? (
              <p id={`${id}-err`} role="alert" className="text-xs text-destructive">
                {error}
              </p>
            ) : null}
            <input type="hidden" name="step" value={step} />
          </fieldset>
          <div className="flex justify-end gap-2">
            {active ? (
              <Button
                variant="ghost"
                size="sm"
                onClick={() => {
                  column.setFilterValue(undefined);
                  close();
                }}
              >
                Clear
              </Button>
            ) : null}
            <Button type="submit" size="sm">
              Apply
            </Button>
          </div>
        </form>
      )}
    </Popover>
  );
}
