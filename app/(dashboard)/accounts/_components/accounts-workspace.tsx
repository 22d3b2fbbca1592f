"use client";

import {
  getCoreRowModel,
  useReactTable,
  type ColumnFiltersState,
  type ColumnOrderState,
  type SortingState,
  type Updater,
  type VisibilityState,
} from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useRef, useState, useTransition } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { DataTablePagination } from "@/components/data-table/data-table-pagination";
import { DataTableToolbar } from "@/components/data-table/data-table-toolbar";
import { DataTableViewOptions } from "@/components/data-table/data-table-view-options";
import { Button, buttonClass } from "@/components/ui/button";
import {
  accountsHref,
  COLUMN_IDS,
  DEFAULT_COLUMNS,
  PAGE_SIZES,
  serializeAccountListState,
  SORT_IDS,
  type AccountListState,
  type ColumnId,
  type PageSize,
  type SortId,
} from "../search-params";
import type { SavedView } from "@/db/mutations/saved-views";
import { getAccountColumns, type AccountFilterOptions } from "./columns";
import { fromColumnFilters, toColumnFilters } from "./filter-columns";
import { unpackAccountRows, type PackedAccountRows } from "./packed-rows";
import { SavedViewsMenu } from "./saved-views-menu";
import { LAST_LIST_KEY } from "../[accountId]/_components/back-to-list";

export interface AccountsWorkspaceProps {
  state: AccountListState;
  rows: PackedAccountRows;
  total: number;
  totalCapped: boolean;
  options: AccountFilterOptions;
  savedViews: SavedView[];
  now: number;
  canExport: boolean;
}

/** How reps narrow the list, most used first. */
const FILTER_ORDER = ["owner", "band", "score", "industry", "country", "region", "employees", "revenue", "technologies", "stage", "openOpp", "lastActivity"];

const apply = <T,>(u: Updater<T>, prev: T): T => (typeof u === "function" ? (u as (p: T) => T)(prev) : u);

/**
 * The ranked list: toolbar (search, filters from the columns, saved views, view options, export),
 * the table and its pagination. Every change is a navigation to the URL of the new state, so reload,
 * Back and shared links reproduce it; while the server answers, skeleton rows stand in.
 */
export function AccountsWorkspace({ state, rows: packedRows, total, totalCapped, options, savedViews, now, canExport }: AccountsWorkspaceProps) {
  const router = useRouter();
  const rows = useMemo(() => unpackAccountRows(packedRows), [packedRows]);
  const [pending, startTransition] = useTransition();
  const navigate = (next: AccountListState) => startTransition(() => router.push(accountsHref(next), { scroll: false }));

  // Columns and density change on screen at once; the URL follows (and wins when it changes).
  const viewKey = `${state.columns.join(",")}|${state.density}`;
  const [view, setView] = useState({ columns: state.columns, density: state.density });
  useEffect(() => setView({ columns: state.columns, density: state.density }), [viewKey]); // eslint-disable-line react-hooks/exhaustive-deps -- the key stands for both
  const changeView = (next: Partial<typeof view>) => {
    const merged = { ...view, ...next };
    setView(merged);
    navigate({ ...state, ...merged });
  };

  const compact = view.density === "compact";
  const columns = useMemo(() => getAccountColumns({ options, now }, compact), [options, now, compact]);
  const hidden = ["band", "openOpp"];
  const columnVisibility: VisibilityState = Object.fromEntries([...COLUMN_IDS.map((c) => [c, view.columns.includes(c)]), ...hidden.map((c) => [c, false])]);
  const columnOrder: ColumnOrderState = [...view.columns, ...COLUMN_IDS.filter((c) => !view.columns.includes(c)), ...hidden];
  const sorting: SortingState = [{ id: state.sort.id, desc: state.sort.desc }];
  const columnFilters = toColumnFilters(state.filters);

  const table = useReactTable({
    data: rows,
    columns,
    getRowId: (r) => String(r.id),
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
    enableMultiSort: false,
    rowCount: total,
    state: { sorting, columnFilters, columnVisibility, columnOrder, pagination: { pageIndex: state.page - 1, pageSize: state.perPage } },
    onSortingChange: (u) => {
      const next = apply(u, sorting)[0];
      const id = next && (SORT_IDS as readonly string[]).includes(next.id) ? (next.id as SortId) : "score";
      navigate({ ...state, sort: { id, desc: next ? next.desc : true }, page: 1 });
    },
    onColumnFiltersChange: (u) => {
      const next: ColumnFiltersState = apply(u, columnFilters);
      navigate({ ...state, filters: fromColumnFilters(next, state.filters), page: 1 });
    },
    onColumnVisibilityChange: (u) => {
      const next = apply(u, columnVisibility);
      changeView({ columns: columnOrder.filter((c): c is ColumnId => (COLUMN_IDS as readonly string[]).includes(c) && next[c] !== false) });
    },
    onColumnOrderChange: (u) => {
      const next = apply(u, columnOrder);
      changeView({ columns: next.filter((c): c is ColumnId => view.columns.includes(c as ColumnId)) });
    },
  });

  // The search box: typed text applies after a pause (or on Enter); Back/Forward bring theirs.
  const [q, setQ] = useState(state.filters.q ?? "");
  const applied = useRef(state.filters.q ?? "");
  useEffect(() => {
    applied.current = state.filters.q ?? "";
    setQ(state.filters.q ?? "");
  }, [state.filters.q]);
  const submitSearch = (value: string) => {
    const text = value.trim();
    if (text === applied.current) return;
    applied.current = text;
    navigate({ ...state, filters: { ...state.filters, q: text || undefined }, page: 1 });
  };
  useEffect(() => {
    const t = setTimeout(() => submitSearch(q), 400);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only typing restarts the pause
  }, [q]);

  // Remember the list as it is now, so the account page's "← Accounts" comes back to it.
  const here = accountsHref(state);
  useEffect(() => window.sessionStorage.setItem(LAST_LIST_KEY, here), [here]);

  const filtersOnly = serializeAccountListState({ ...state, page: 1 }, { includeView: false, includePage: false });
  const exportHref = `/api/accounts/export${filtersOnly ? `?${filtersOnly}` : ""}`;
  const anyFilter = columnFilters.length > 0 || Boolean(state.filters.q);

  return (
    <div className="flex flex-col gap-3">
      <DataTableToolbar
        table={table}
        filterOrder={FILTER_ORDER}
        onReset={() => navigate({ ...state, filters: {}, page: 1 })}
        search={
          <form
            role="search"
            aria-label="Accounts"
            className="flex w-full max-w-sm items-center gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              submitSearch(q);
            }}
          >
            <label htmlFor="account-search" className="sr-only">
              Search accounts by name or domain
            </label>
            <input
              id="account-search"
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder="Search name or domain…"
              maxLength={100}
              autoComplete="off"
              className="h-9 w-full rounded-md border border-input bg-card px-3 text-sm shadow-xs placeholder:text-muted-foreground"
            />
          </form>
        }
        actions={
          <>
            <SavedViewsMenu views={savedViews} currentQuery={serializeAccountListState({ ...state, page: 1 }, { includePage: false })} />
            <DataTableViewOptions
              table={table}
              density={view.density}
              onDensityChange={(density) => changeView({ density })}
              onResetView={() => changeView({ columns: [...DEFAULT_COLUMNS], density: "comfortable" })}
            />
            {canExport ? (
              <a href={exportHref} download className={buttonClass("primary", "sm")} data-testid="export-csv">
                Export CSV
              </a>
            ) : null}
          </>
        }
      />
      <DataTable
        table={table}
        caption={`Ranked accounts, ${total.toLocaleString("en-US")}${totalCapped ? "+" : ""} matching, sorted by ${state.sort.id} ${state.sort.desc ? "descending" : "ascending"}`}
        density={view.density}
        loading={pending}
        skeletonRows={rows.length || Math.min(state.perPage, 10)}
        rowCount={totalCapped ? undefined : total}
        rowOffset={(state.page - 1) * state.perPage}
        testId="accounts-table"
        empty={
          <div className="flex flex-col items-center gap-2" data-testid="empty-state">
            <p className="font-medium">{anyFilter ? "No accounts match these filters." : "No accounts are ranked yet."}</p>
            <p className="text-sm text-muted-foreground">
              {anyFilter ? "Remove a filter or widen a range to see more." : "Import accounts and publish a model to see them ranked here."}
            </p>
            {anyFilter ? (
              <Button variant="outline" size="sm" onClick={() => navigate({ ...state, filters: {}, page: 1 })}>
                Reset filters
              </Button>
            ) : null}
          </div>
        }
      />
      <DataTablePagination
        page={state.page}
        perPage={state.perPage}
        pageSizes={PAGE_SIZES}
        total={total}
        totalCapped={totalCapped}
        noun="accounts"
        hrefFor={(page) => accountsHref({ ...state, page })}
        onNavigate={(page) => navigate({ ...state, page })}
        onPerPageChange={(perPage) => navigate({ ...state, perPage: perPage as PageSize, page: 1 })}
      />
    </div>
  );
}
