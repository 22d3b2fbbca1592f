import { DataTableSkeleton } from "@/components/data-table/data-table-skeleton";

/** The ranked list while its first page loads: the default columns at their real sizes. */
export default function AccountsLoading() {
  return (
    <section className="flex flex-col gap-4">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Accounts</h1>
        <div className="mt-1 h-4 w-80 animate-pulse rounded bg-muted" />
      </header>
      <DataTableSkeleton
        columns={[
          { label: "#", className: "w-12 text-right", skeleton: "w-6 ml-auto" },
          { label: "Account", className: "min-w-52", skeleton: "w-40" },
          { label: "Score", className: "w-24", skeleton: "w-14" },
          { label: "Trend", className: "w-20", skeleton: "w-10" },
          { label: "Why", skeleton: "w-64" },
          { label: "Industry", skeleton: "w-24" },
          { label: "Country", skeleton: "w-20" },
          { label: "Employees", className: "text-right", skeleton: "w-12 ml-auto" },
          { label: "Owner", skeleton: "w-20" },
          { label: "Last activity", skeleton: "w-16" },
        ]}
        filters={12}
      />
    </section>
  );
}
