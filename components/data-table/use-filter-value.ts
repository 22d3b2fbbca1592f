"use client";

import type { Column } from "@tanstack/react-table";
import { useEffect, useState } from "react";

/**
 * A column's filter value that follows a change at once, while the table's state (the URL) catches
 * up after the navigation it triggers; it snaps back to the table's value whenever that changes.
 */
export function useFilterValue<TData, TValue, V>(column: Column<TData, TValue>): [V | undefined, (v: V | undefined) => void] {
  const committed = column.getFilterValue() as V | undefined;
  const key = JSON.stringify(committed ?? null);
  const [value, setValue] = useState<V | undefined>(committed);
  useEffect(() => {
    setValue(key === "null" ? undefined : (JSON.parse(key) as V));
  }, [key]);
  return [
    value,
    (v) => {
      setValue(v);
      column.setFilterValue(v);
    },
  ];
}
