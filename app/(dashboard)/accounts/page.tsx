import type { Metadata } from "next";
import { Suspense } from "react";
import { requirePageUser } from "@/app/_lib/guards";
import { getDb } from "@/db/client";
import { listSavedViews } from "@/db/mutations/saved-views";
import { getAccountFacets, listSalesReps } from "@/db/queries/account-filters";
import { explainAccounts, getLiveModel, type LiveModel } from "@/db/queries/account-explanations";
import { DataTableSkeleton } from "@/components/data-table/data-table-skeleton";
import type { CurrentUser } from "@/lib/auth/session";
import { listAccounts } from "@/db/queries/account-list";
import { topReasons } from "@/lib/accounts/reasons";
import type { AccountScore } from "@/lib/scoring";
import { can } from "@/lib/auth/policy";
import { AccountsWorkspace } from "./_components/accounts-workspace";
import type { AccountFilterOptions, AccountRowView } from "./_components/columns";
import { formatDateTime } from "./_components/format";
import { packAccountRows } from "./_components/packed-rows";
import { toAccountFilterInput, listNow } from "./list-query";
import { parseAccountListParams, type AccountListState } from "./search-params";

export const metadata: Metadata = { title: "Accounts" };

export default async function AccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser("accounts:read");
  const handle = getDb();
  const live = await getLiveModel(handle);
  if (!live) {
    return (
      <section className="mx-auto max-w-3xl py-16 text-center">
        <h1 className="text-2xl font-semibold">Accounts</h1>
        <p className="mt-2 text-muted-foreground">No scoring model is published yet, so there is no ranking to show.</p>
      </section>
    );
  }
  const { state, issues } = parseAccountListParams(await searchParams, { bands: live.bands.map((b) => b.label) });
  return (
    <section className="flex flex-col gap-4">
      <header className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Accounts</h1>
          <p className="text-sm text-muted-foreground">
            Ranked by <span className="font-medium text-foreground">{live.modelName}</span> (version {live.version}, published {formatDateTime(live.publishedAt)})
          </p>
        </div>
      </header>
      {/* The first visit shows skeleton rows at their real size; later changes keep the table and show them in place. */}
      <Suspense fallback={<AccountsSkeleton state={state} />}>
        <AccountsResults user={user} live={live} state={state} issues={issues} />
      </Suspense>
    </section>
  );
}

function AccountsSkeleton({ state }: { state: AccountListState }) {
  const labels: Record<string, { label: string; className?: string; skeleton?: string }> = {
    rank: { label: "#", className: "w-12 text-right", skeleton: "w-6 ml-auto" },
    name: { label: "Account", className: "min-w-52", skeleton: "w-40" },
    score: { label: "Score", className: "w-24", skeleton: "w-14" },
    trend: { label: "Trend", className: "w-20", skeleton: "w-10" },
    reasons: { label: "Why", skeleton: "w-64" },
    industry: { label: "Industry", skeleton: "w-24" },
    country: { label: "Country", skeleton: "w-20" },
    region: { label: "Region", skeleton: "w-20" },
    employees: { label: "Employees", className: "text-right", skeleton: "w-12 ml-auto" },
    revenue: { label: "Revenue", className: "text-right", skeleton: "w-14 ml-auto" },
    technologies: { label: "Technologies", skeleton: "w-32" },
    stage: { label: "Stage", skeleton: "w-16" },
    status: { label: "Status", skeleton: "w-16" },
    owner: { label: "Owner", skeleton: "w-20" },
    lastActivity: { label: "Last activity", skeleton: "w-16" },
  };
  return <DataTableSkeleton columns={state.columns.map((c) => labels[c]!)} rows={Math.min(state.perPage, 12)} density={state.density} filters={12} />;
}

// The chips of an explanation, kept as long as the explanation itself (explainAccounts keeps those per data version).
const chipsByExplanation = new WeakMap<AccountScore, AccountRowView["reasons"]>();

function reasonChips(e: AccountScore): AccountRowView["reasons"] {
  let chips = chipsByExplanation.get(e);
  if (!chips) chipsByExplanation.set(e, (chips = topReasons(e, 3).map(({ text, points }) => ({ text, points }))));
  return chips;
}

async function AccountsResults({ user, live, state, issues }: { user: CurrentUser; live: LiveModel; state: AccountListState; issues: string[] }) {
  const handle = getDb();
  const now = Date.now();
  const result = await listAccounts(handle, {
    modelId: live.modelId,
    filters: toAccountFilterInput(state.filters, user.id),
    sort: state.sort,
    page: state.page,
    perPage: state.perPage,
    now: listNow(now),
  });
  const notes = result.page === state.page ? issues : [...issues, `Page ${state.page.toLocaleString("en-US")} does not exist; showing page ${result.page.toLocaleString("en-US")}, the last one.`];
  const [explanations, facets, reps, views] = await Promise.all([
    explainAccounts(handle, live, result.rows.map((r) => r.id)),
    getAccountFacets(handle, live.modelId),
    listSalesReps(handle),
    listSavedViews(handle, user.id),
  ]);
  // Only what the visible columns show travels to the browser (every row is serialised twice).
  const shown = new Set<string>(state.columns);
  const rows: AccountRowView[] = result.rows.map((r) => {
    const e = explanations.get(r.id);
    return {
      ...r,
      region: shown.has("region") ? r.region : null,
      annualRevenue: shown.has("revenue") ? r.annualRevenue : null,
      technologies: shown.has("technologies") ? r.technologies : [],
      reasons: shown.has("reasons") && e ? reasonChips(e) : [],
    };
  });
  const options: AccountFilterOptions = {
    bands: live.bands,
    industries: facets.industries.map((f) => ({ value: f.value, label: f.value, count: f.count })),
    countries: facets.countries.map((f) => ({ value: f.value, label: f.value, count: f.count })),
    regions: facets.regions.map((f) => ({ value: f.value, label: f.value, count: f.count })),
    tags: facets.tags.map((f) => ({ value: f.value, label: f.value, count: f.count })),
    owners: reps.map((r) => ({ id: r.id, name: r.name })),
    meId: user.id,
  };
  return (
    <div className="flex flex-col gap-4" data-list-source={result.source}>
      {notes.length ? (
        <div role="status" className="rounded-md border border-warning/50 bg-warning/10 px-3 py-2 text-sm" data-testid="url-issues">
          <p className="font-medium">Showing the closest valid view.</p>
          <ul className="list-disc pl-5">
            {notes.map((i, k) => (
              <li key={k}>{i}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <AccountsWorkspace
        state={{ ...state, page: result.page }}
        rows={packAccountRows(rows)}
        total={result.total}
        totalCapped={result.totalCapped}
        options={options}
        savedViews={views}
        now={now}
        canExport={can(user.role, "accounts:export")}
      />
    </div>
  );
}
