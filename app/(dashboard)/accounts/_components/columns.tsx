"use client";

import type { ColumnDef } from "@tanstack/react-table";
import { DataTableColumnHeader } from "@/components/data-table/data-table-column-header";
import type { FilterOption } from "@/components/data-table/types";
import "@/components/data-table/types";
import { BandBadge } from "@/components/ui/badge";
import type { AccountListRow } from "@/db/queries/accounts";
import type { ReasonChip } from "@/lib/accounts/reasons";
import { LIFECYCLE_STAGES } from "@/lib/vocabulary";
import { ENGAGED_OPTIONS } from "./filter-columns";
import { formatDate, formatMoney, formatNumber, relativeDays, stageLabel, statusLabel } from "./format";

/** A row of the table: the list row plus its top reasons. */
export interface AccountRowView extends AccountListRow {
  reasons: Pick<ReasonChip, "text" | "points">[];
}

export interface AccountFilterOptions {
  bands: { label: string; min: number }[];
  industries: FilterOption[];
  countries: FilterOption[];
  regions: FilterOption[];
  tags: FilterOption[];
  owners: { id: number; name: string }[];
  /** the signed-in user, for "My accounts" */
  meId: number;
}

export interface AccountColumnContext {
  options: AccountFilterOptions;
  /** server time of the render, so relative dates agree between server and browser */
  now: number;
}

/** The score's change since the previous publish, with words for screen readers. */
export function TrendCell({ score, previous }: { score: number; previous: number | null }) {
  if (previous === null) return <span className="text-muted-foreground" aria-label="no previous score">–</span>;
  const delta = Math.round((score - previous) * 10) / 10;
  if (delta === 0) return <span className="text-muted-foreground" aria-label="unchanged since the previous publish">±0</span>;
  const up = delta > 0;
  return (
    <span className={up ? "trend-up" : "trend-down"} aria-label={`${up ? "up" : "down"} ${Math.abs(delta).toFixed(1)} since the previous publish`}>
      <span aria-hidden>{up ? "▲" : "▼"}</span>
      {Math.abs(delta).toFixed(1)}
    </span>
  );
}

/** The top reasons as chips (negative ones marked): plain spans with short classes, as they repeat on every row. */
export function ReasonChips({ reasons }: { reasons: AccountRowView["reasons"] }) {
  if (reasons.length === 0) return <span className="text-xs text-muted-foreground">No signals</span>;
  return (
    <span className="reason-chips">
      {reasons.map((r, k) =>
        r.points < 0 ? (
          <span key={k} className="reason-chip reason-chip-negative">
            {`− ${r.text}`}
          </span>
        ) : (
          <span key={k} className="reason-chip">
            {r.text}
          </span>
        ),
      )}
    </span>
  );
}

/**
 * The columns of the accounts table, with the filter each one offers (`meta.filter`) and its
 * skeleton width. `band` and `openOpp` are filter-only columns, never shown.
 */
export function getAccountColumns({ options, now }: AccountColumnContext, compact: boolean): ColumnDef<AccountRowView>[] {
  return [
    {
      id: "rank",
      accessorKey: "rank",
      header: "#",
      enableSorting: false,
      meta: { label: "Rank", className: "w-12 text-right", cellClassName: "text-right tabular-nums text-muted-foreground", skeleton: "w-6 ml-auto" },
      cell: ({ row }) => formatNumber(row.original.rank),
    },
    {
      id: "name",
      accessorKey: "name",
      header: ({ column }) => <DataTableColumnHeader column={column} title="Account" />,
      enableHiding: false,
      sortDescFirst: false,
      meta: { label: "Account", className: "min-w-52", cellClassName: "", skeleton: "w-40" },
      cell: ({ row }) => (
        <>
          {/* A plain anchor: the table navigates within the app on a click (see DataTable). */}
          <a href={`/accounts/${row.original.id}`} data-row-link className="row-link">
            {row.original.name}
          </a>
          {compact ? null : <span className="row-sub">{row.original.domain ?? "no domain"}</span>}
        </>
      ),
    },
    {
      id: "score",
      accessorKey: "score",
      header: ({ column }) => <DataTableColumnHeader column={column} title="Score" />,
      enableHiding: false,
      sortDescFirst: true,
      meta: { label: "Score", className: "w-24", cellClassName: "", skeleton: "w-14", filter: { kind: "range", title: "Score", min: 0, max: 100, step: 0.1 } },
      cell: ({ row }) => (
        <>
          <span className="score-value">{row.original.score.toFixed(1)}</span>
          <BandBadge band={row.original.band} className="align-middle" />
        </>
      ),
    },
    {
      id: "band",
      header: "Band",
      enableSorting: false,
      enableHiding: false,
      meta: { filter: { kind: "multiSelect", title: "Band", options: options.bands.map((b) => ({ value: b.label, label: `${b.label} (≥ ${b.min})` })) } },
      cell: () => null,
    },
    {
      id: "trend",
      header: ({ column }) => <DataTableColumnHeader column={column} title="Trend" />,
      accessorFn: (r) => (r.previousScore === null ? null : r.score - r.previousScore),
      sortDescFirst: true,
      meta: { label: "Trend", className: "w-20", cellClassName: "", skeleton: "w-10" },
      cell: ({ row }) => <TrendCell score={row.original.score} previous={row.original.previousScore} />,
    },
    {
      id: "reasons",
      header: "Why",
      enableSorting: false,
      meta: { label: "Why (top reasons)", skeleton: "w-64" },
      cell: ({ row }) => <ReasonChips reasons={row.original.reasons} />,
    },
    {
      id: "industry",
      accessorKey: "industry",
      header: "Industry",
      enableSorting: false,
      meta: { label: "Industry", skeleton: "w-24", filter: { kind: "multiSelect", title: "Industry", options: options.industries } },
      cell: ({ row }) => row.original.industry ?? <span className="text-muted-foreground">–</span>,
    },
    {
      id: "country",
      accessorKey: "country",
      header: "Country",
      enableSorting: false,
      meta: { label: "Country", skeleton: "w-20", filter: { kind: "multiSelect", title: "Country", options: options.countries, searchable: true } },
      cell: ({ row }) => row.original.country ?? <span className="text-muted-foreground">–</span>,
    },
    {
      id: "region",
      accessorKey: "region",
      header: "Region",
      enableSorting: false,
      meta: { label: "Region", skeleton: "w-20", filter: { kind: "multiSelect", title: "Region", options: options.regions } },
      cell: ({ row }) => row.original.region ?? <span className="text-muted-foreground">–</span>,
    },
    {
      id: "employees",
      accessorKey: "employeeCount",
      header: ({ column }) => <DataTableColumnHeader column={column} title="Employees" />,
      sortDescFirst: true,
      meta: { label: "Employees", className: "text-right tabular-nums", skeleton: "w-12 ml-auto", filter: { kind: "range", title: "Employees", min: 0, max: 10_000_000 } },
      cell: ({ row }) => formatNumber(row.original.employeeCount),
    },
    {
      id: "revenue",
      accessorKey: "annualRevenue",
      header: ({ column }) => <DataTableColumnHeader column={column} title="Revenue" />,
      sortDescFirst: true,
      meta: { label: "Annual revenue", className: "text-right tabular-nums", skeleton: "w-14 ml-auto", filter: { kind: "range", title: "Revenue", min: 0, max: 1e15, unit: "USD" } },
      cell: ({ row }) => formatMoney(row.original.annualRevenue),
    },
    {
      id: "technologies",
      accessorKey: "technologies",
      header: "Technologies",
      enableSorting: false,
      meta: { label: "Technologies", skeleton: "w-32", filter: { kind: "multiSelect", title: "Technology", options: options.tags, searchable: true } },
      cell: ({ row }) => {
        const t = row.original.technologies;
        if (t.length === 0) return <span className="text-muted-foreground">–</span>;
        return (
          <span className="text-xs" title={t.join(", ")}>
            {t.slice(0, 3).join(", ")}
            {t.length > 3 ? ` +${t.length - 3}` : ""}
          </span>
        );
      },
    },
    {
      id: "stage",
      accessorKey: "lifecycleStage",
      header: "Stage",
      enableSorting: false,
      meta: { label: "Lifecycle stage", skeleton: "w-16", filter: { kind: "multiSelect", title: "Stage", options: LIFECYCLE_STAGES.map((s) => ({ value: s, label: stageLabel(s) })) } },
      cell: ({ row }) => stageLabel(row.original.lifecycleStage),
    },
    {
      id: "status",
      accessorKey: "status",
      header: "Status",
      enableSorting: false,
      meta: { label: "Status", skeleton: "w-16" },
      cell: ({ row }) => statusLabel(row.original.status),
    },
    {
      id: "openOpp",
      header: "Open deal",
      enableSorting: false,
      enableHiding: false,
      meta: { filter: { kind: "toggle", title: "Has open deal" } },
      cell: () => null,
    },
    {
      id: "owner",
      accessorKey: "ownerName",
      header: "Owner",
      enableSorting: false,
      meta: {
        label: "Owner",
        skeleton: "w-20",
        filter: {
          kind: "select",
          title: "Owner",
          options: [
            { value: "me", label: "My accounts" },
            { value: "none", label: "Unassigned" },
            ...options.owners.filter((o) => o.id !== options.meId).map((o) => ({ value: String(o.id), label: o.name })),
          ],
        },
      },
      cell: ({ row }) => {
        const { ownerId, ownerName } = row.original;
        if (ownerId === null) return <span className="text-muted-foreground">Unassigned</span>;
        if (ownerId !== options.meId) return ownerName;
        return (
          <span className="font-medium">
            {ownerName}
            <span className="text-muted-foreground"> (you)</span>
          </span>
        );
      },
    },
    {
      id: "lastActivity",
      accessorKey: "lastActivityAt",
      header: ({ column }) => <DataTableColumnHeader column={column} title="Last activity" />,
      sortDescFirst: true,
      meta: { label: "Last activity", className: "whitespace-nowrap", cellClassName: "", skeleton: "w-16", filter: { kind: "select", title: "Engaged", options: ENGAGED_OPTIONS } },
      cell: ({ row }) =>
        row.original.lastActivityAt === null ? (
          <span className="text-muted-foreground">Never</span>
        ) : (
          <time dateTime={new Date(row.original.lastActivityAt).toISOString()} title={formatDate(row.original.lastActivityAt)}>
            {relativeDays(row.original.lastActivityAt, now)}
          </time>
        ),
    },
  ];
}
