import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/app/_lib/guards";
import { getDb } from "@/db/client";
import { getPrimaryModel } from "@/db/queries/models";
import { listRankedPage } from "@/db/queries/ranked";
import { BandBadge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";

export const metadata: Metadata = { title: "Accounts" };

const PAGE_SIZE = 50;

export default async function AccountsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser("accounts:read");
  const handle = getDb();
  const model = await getPrimaryModel(handle);
  const raw = Number((await searchParams).page ?? 1);
  const requested = Number.isInteger(raw) && raw > 0 ? raw : 1;
  if (!model) {
    return (
      <section className="mx-auto max-w-3xl py-16 text-center">
        <h1 className="text-2xl font-semibold">Accounts</h1>
        <p className="mt-2 text-muted-foreground">No scoring model is published yet, so there is no ranking to show.</p>
      </section>
    );
  }
  let { rows, total } = await listRankedPage(handle, model.id, requested, PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(requested, pages);
  if (page !== requested) ({ rows, total } = await listRankedPage(handle, model.id, page, PAGE_SIZE));
  return (
    <section className="flex flex-col gap-4">
      <header className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Accounts</h1>
          <p className="text-sm text-muted-foreground">
            {total.toLocaleString("en-US")} accounts ranked by <span className="font-medium text-foreground">{model.name}</span>
          </p>
        </div>
      </header>
      <div className="overflow-x-auto rounded-lg border bg-card">
        <table className="w-full text-sm" data-testid="ranked-accounts">
          <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
            <tr>
              <th scope="col" className="px-3 py-2 text-right">#</th>
              <th scope="col" className="px-3 py-2">Account</th>
              <th scope="col" className="px-3 py-2 text-right">Score</th>
              <th scope="col" className="px-3 py-2">Band</th>
              <th scope="col" className="px-3 py-2">Industry</th>
              <th scope="col" className="px-3 py-2">Country</th>
              <th scope="col" className="px-3 py-2">Owner</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.accountId} className="border-b last:border-0 hover:bg-muted/40">
                <td className="px-3 py-2 text-right tabular-nums text-muted-foreground">{r.rank}</td>
                <td className="px-3 py-2">
                  <div className="font-medium">{r.name}</div>
                  <div className="text-xs text-muted-foreground">{r.domain}</div>
                </td>
                <td className="px-3 py-2 text-right font-semibold tabular-nums">{r.score.toFixed(1)}</td>
                <td className="px-3 py-2"><BandBadge band={r.band} /></td>
                <td className="px-3 py-2">{r.industry ?? "–"}</td>
                <td className="px-3 py-2">{r.country ?? "–"}</td>
                <td className="px-3 py-2">{r.ownerName ?? "Unassigned"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <nav aria-label="Pagination" className="flex items-center justify-between text-sm">
        <span className="text-muted-foreground">
          Page {page.toLocaleString("en-US")} of {pages.toLocaleString("en-US")}
        </span>
        <div className="flex gap-2">
          {page > 1 ? <Link className={buttonClass("outline", "sm")} href={`/accounts?page=${page - 1}`}>Previous</Link> : null}
          {page < pages ? <Link className={buttonClass("outline", "sm")} href={`/accounts?page=${page + 1}`}>Next</Link> : null}
        </div>
      </nav>
    </section>
  );
}
