"use client";

import type { Table } from "@tanstack/react-table";
import { useId } from "react";
import { buttonClass } from "@/components/ui/button";
import { Popover } from "@/components/ui/popover";
import type { Density } from "./types";

export interface DataTableViewOptionsProps<TData> {
  table: Table<TData>;
  density: Density;
  onDensityChange: (d: Density) => void;
  /** Restores the default columns, order and density. */
  onResetView?: () => void;
}

/** Column visibility and order (move up/down) and row density. */
export function DataTableViewOptions<TData>({ table, density, onDensityChange, onResetView }: DataTableViewOptionsProps<TData>) {
  const id = useId();
  const order = table.getState().columnOrder;
  const columns = table.getAllLeafColumns().filter((c) => c.getCanHide() || c.columnDef.meta?.label);
  const sorted = [...columns].sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  const move = (columnId: string, by: -1 | 1) => {
    const ids = sorted.map((c) => c.id);
    const k = ids.indexOf(columnId);
    const j = k + by;
    if (j < 0 || j >= ids.length) return;
    [ids[k], ids[j]] = [ids[j]!, ids[k]!];
    const rest = order.filter((x) => !ids.includes(x));
    table.setColumnOrder([...ids, ...rest]);
  };
  return (
    <Popover
      label="View options"
      align="end"
      trigger={<span>View</span>}
      triggerClassName={buttonClass("outline", "sm")}
      triggerProps={{ "data-testid": "view-options" }}
      panelClassName="w-72"
    >
      <div className="flex flex-col gap-3">
        <fieldset className="flex flex-col gap-0.5">
          <legend className="mb-1 text-sm font-medium">Columns</legend>
          <ul className="flex max-h-72 flex-col gap-0.5 overflow-y-auto">
            {sorted.map((c, k) => {
              const label = c.columnDef.meta?.label ?? c.id;
              return (
                <li key={c.id} className="flex items-center gap-1">
                  <label htmlFor={`${id}-${c.id}`} className="flex flex-1 cursor-pointer items-center gap-2 rounded px-1.5 py-1 text-sm hover:bg-muted">
                    <input
                      id={`${id}-${c.id}`}
                      type="checkbox"
                      className="h-4 w-4 accent-[var(--primary)]"
                      checked={c.getIsVisible()}
                      disabled={!c.getCanHide()}
                      onChange={(e) => c.toggleVisibility(e.target.checked)}
                    />
                    {label}
                  </label>
                  <button type="button" className={buttonClass("ghost", "sm", "h-7 px-1.5")} aria-label={`Move ${label} up`} disabled={k === 0} onClick={() => move(c.id, -1)}>
                    ↑
                  </button>
                  <button type="button" className={buttonClass("ghost", "sm", "h-7 px-1.5")} aria-label={`Move ${label} down`} disabled={k === sorted.length - 1} onClick={() => move(c.id, 1)}>
                    ↓
                  </button>
                </li>
              );
            })}
          </ul>
        </fieldset>
        <fieldset className="flex flex-col gap-0.5">
          <legend className="mb-1 text-sm font-medium">Density</legend>
          {(["comfortable", "compact"] as const).map((d) => (
            <label key={d} htmlFor={`${id}-d-${d}`} className="flex cursor-pointer items-center gap-2 rounded px-1.5 py-1 text-sm capitalize hover:bg-muted">
              <input id={`${id}-d-${d}`} type="radio" name={`${id}-density`} className="h-4 w-4 accent-[var(--primary)]" checked={density === d} onChange={() => onDensityChange(d)} />
              {d}
            </label>
          ))}
        </fieldset>
        {onResetView ? (
          <button type="button" className={buttonClass("ghost", "sm")} onClick={onResetView}>
            Reset view
          </button>
        ) : null}
      </div>
    </Popover>
  );
}
