import type { RowData } from "@tanstack/react-table";

export interface FilterOption {
  label: string;
  value: string;
  /** how many rows hold the value (shown beside it when known) */
  count?: number;
}

/**
 * How a column is filtered, read by the toolbar to draw its control (the filter UI is driven by the
 * columns, as in tablecn). Values in the table's column-filter state:
 * multiSelect → string[]; range → [min | undefined, max | undefined]; select → string; toggle → true.
 */
export type ColumnFilterMeta =
  | { kind: "multiSelect"; title: string; options: FilterOption[]; searchable?: boolean }
  | { kind: "range"; title: string; min: number; max: number; step?: number; unit?: string; format?: (n: number) => string }
  | { kind: "select"; title: string; options: FilterOption[] }
  | { kind: "toggle"; title: string };

declare module "@tanstack/react-table" {
  // Declaration merging must repeat the library's generic parameters, used or not.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** Human name of the column (view options, sort announcements). */
    label?: string;
    filter?: ColumnFilterMeta;
    /** Classes of the header and body cells (alignment, width). */
    className?: string;
    /**
     * Classes of the body cells instead, when they differ: a width on the header sizes the whole
     * column, and the body cells repeat on every row ("" for none).
     */
    cellClassName?: string;
    /** Width class of the skeleton bar shown while the rows load. */
    skeleton?: string;
  }
}

export type Density = "comfortable" | "compact";

/**
 * Body-cell padding per density, as classes for the table element (applied to every body cell); the
 * skeleton uses the same, so loading rows are the height of real rows.
 */
export const DENSITY_CELL: Record<Density, string> = {
  comfortable: "[&_tbody_td]:px-3 [&_tbody_td]:py-2.5",
  compact: "[&_tbody_td]:px-3 [&_tbody_td]:py-1",
};

/** Row height per density, as classes for the table element (fixed, so skeleton rows and real rows line up). */
export const ROW_HEIGHT_BODY: Record<Density, string> = { comfortable: "[&_tbody_tr]:h-14", compact: "[&_tbody_tr]:h-9" };

/** The same heights as CSS lengths (the loading skeleton draws its rows from them). */
export const ROW_HEIGHT_CSS: Record<Density, string> = { comfortable: "3.5rem", compact: "2.25rem" };
