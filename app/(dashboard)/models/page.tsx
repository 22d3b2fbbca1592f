import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/app/_lib/guards";
import { getDb } from "@/db/client";
import { listModels } from "@/db/queries/models";
import { can } from "@/lib/auth/policy";
import { buttonClass } from "@/components/ui/button";

export const metadata: Metadata = { title: "Models" };

const when = (t: number | null | undefined) => (t == null ? "–" : new Date(t).toISOString().slice(0, 16).replace("T", " ") + " UTC");

export default async function ModelsPage() {
  const user = await requirePageUser("models:read");
  const models = await listModels(getDb());
  const canWrite = can(user.role, "models:write");
  return (
    <section className="flex flex-col gap-4">
      <header className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Scoring models</h1>
          <p className="text-sm text-muted-foreground">
            Rule-based models define what a good account looks like. Edit a draft, preview and backtest it, then publish it to every account.
          </p>
        </div>
        <div className="flex flex-wrap gap-2">
          <Link href="/models/predictive" className={buttonClass("outline", "md")}>
            Predictive models
          </Link>
          {canWrite ? (
            <Link href="/models/new" className={buttonClass("primary", "md")}>
              New model
            </Link>
          ) : null}
        </div>
      </header>
      {models.length === 0 ? (
        <p className="rounded-lg border border-dashed p-8 text-center text-muted-foreground">
          No model yet.{canWrite ? " Create one from the ICP template to score your accounts." : " Marketing creates the scoring models."}
        </p>
      ) : (
        <div className="overflow-x-auto rounded-lg border bg-card">
          <table className="w-full text-sm" data-testid="models-table">
            <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
              <tr>
                <th scope="col" className="px-3 py-2">Model</th>
                <th scope="col" className="px-3 py-2">Live version</th>
                <th scope="col" className="px-3 py-2">Draft</th>
                <th scope="col" className="px-3 py-2">Last publish</th>
                <th scope="col" className="px-3 py-2 text-right">Versions</th>
              </tr>
            </thead>
            <tbody>
              {models.map((m) => (
                <tr key={m.id} className="border-b last:border-0 hover:bg-muted/40">
                  <td className="px-3 py-2">
                    <Link href={`/models/${m.id}`} className="font-medium hover:underline">
                      {m.name}
                    </Link>
                    {m.isPrimary ? <span className="ml-2 rounded-full border px-2 py-0.5 text-xs text-muted-foreground">Primary score</span> : null}
                    {m.description ? <div className="max-w-xl truncate text-xs text-muted-foreground">{m.description}</div> : null}
                  </td>
                  <td className="px-3 py-2">
                    {m.published ? (
                      <>
                        Version {m.published.version}
                        <div className="whitespace-nowrap text-xs text-muted-foreground">since {when(m.published.publishedAt)}</div>
                      </>
                    ) : (
                      <span className="text-muted-foreground">Not published</span>
                    )}
                  </td>
                  <td className="px-3 py-2">
                    {m.draft ? (
                      <>
                        Version {m.draft.version}
                        <div className="text-xs text-muted-foreground">
                          saved {when(m.draft.updatedAt)}
                          {m.draft.updatedBy ? ` by ${m.draft.updatedBy}` : ""}
                        </div>
                      </>
                    ) : (
                      <span className="text-muted-foreground">–</span>
                    )}
                  </td>
                  <td className="px-3 py-2">
                    {m.lastEvent ? (
                      <>
                        {m.lastEvent.action === "rollback" ? "Rollback" : m.lastEvent.action === "rescore" ? "Rescore" : "Publish"} · {when(m.lastEvent.at)}
                        <div className="max-w-xs truncate text-xs text-muted-foreground">
                          {m.lastEvent.by ?? "system"}
                          {m.lastEvent.note ? ` — “${m.lastEvent.note}”` : ""}
                        </div>
                      </>
                    ) : (
                      <span className="text-muted-foreground">–</span>
                    )}
                  </td>
                  <td className="px-3 py-2 text-right tabular-nums">
                    <Link href={`/models/${m.id}/versions`} className="hover:underline">
                      {m.versions}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
