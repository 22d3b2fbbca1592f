import type { Metadata } from "next";
import { requirePageUser } from "@/app/_lib/guards";
import { getDb } from "@/db/client";
import { listSavedViews } from "@/db/mutations/saved-views";
import { getAccountFacets, listSalesReps } from "@/db/queries/account-filters";
import { explainAccounts, getLiveModel } from "@/db/queries/account-explanations";
import { listAccounts } from "@/db/queries/account-list";
import { topReasons } from "@/lib/accounts/reasons";
import { can } from "@/lib/auth/policy";
import { AccountsWorkspace } from "./_components/accounts-workspace";
import type { AccountFilterOptions, AccountRowView } from "./_components/columns";
import { formatDateTime } from "./_components/format";
import { toAccountFilterInput, listNow } from "./list-query";
import { parseAccountListParams } from "./search-params";

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
  const now = Date.now();
  const result = await listAccounts(handle, {
    modelId: live.modelId,
    filters: toAccountFilterInput(state.filters, user.id),
    sort: state.sort,
    page: state.page,
    perPage: state.perPage,
    now: listNow(now),
  });
  if (result.page !== state.page) issues.push(`Page ${state.page.toLocaleString("en-US")} does not exist; showing page ${result.page.toLocaleString("en-US")}, the last one.`);
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
      reasons: shown.has("reasons") && e ? topReasons(e, 3).map(({ text, points }) => ({ text, points })) : [],
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
    <section className="flex flex-col gap-4" data-list-source={result.source}>
      <header className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Accounts</h1>
          <p className="text-sm text-muted-foreground">
            Ranked by <span className="font-medium text-foreground">{live.modelName}</span> (version {live.version}, published {formatDateTime(live.publishedAt)})
          </p>
        </div>
      </header>
      {issues.length ? (
        <div role="status" className="rounded-md border border-warning/50 bg-warning/10 px-3 py-2 text-sm" data-testid="url-issues">
          <p className="font-medium">Showing the closest valid view.</p>
          <ul className="list-disc pl-5">
            {issues.map((i, k) => (
              <li key={k}>{i}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <AccountsWorkspace
        state={{ ...state, page: result.page }}
        rows={rows}
        total={result.total}
        totalCapped={result.totalCapped}
        options={options}
        savedViews={views}
        now={now}
        canExport={can(user.role, "accounts:export")}
      />
    </section>
  );
}
