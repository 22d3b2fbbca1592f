import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/app/_lib/guards";
import { getDb } from "@/db/client";
import { listImportJobs } from "@/db/queries/imports";
import { buttonClass } from "@/components/ui/button";
import { ENTITY_LABELS, formatBytes, formatCount, formatUtc } from "@/lib/imports/format";
import { ImportStatusBadge } from "./_components/status-badge";

export const metadata: Metadata = { title: "Imports" };

export default async function ImportsPage() {
  await requirePageUser("imports:run");
  const jobs = await listImportJobs(getDb(), 200);
  return (
    <section className="flex flex-col gap-4">
      <header className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Imports</h1>
          <p className="text-sm text-muted-foreground">
            CSV imports of accounts, contacts, activities, intent signals and opportunities, upserted by external id.
          </p>
        </div>
        <Link href="/imports/new" className={buttonClass("primary")}>
          New import
        </Link>
      </header>
      {jobs.length === 0 ? (
        <div className="rounded-lg border bg-card px-6 py-12 text-center text-sm text-muted-foreground">
          Nothing imported yet. Start with <Link className="font-medium text-primary underline-offset-4 hover:underline" href="/imports/new">a new import</Link>.
        </div>
      ) : (
        <div className="overflow-x-auto rounded-lg border bg-card">
          <table className="w-full text-sm" data-testid="import-history">
            <caption className="sr-only">Import history, newest first</caption>
            <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
              <tr>
                <th scope="col" className="px-3 py-2">File</th>
                <th scope="col" className="px-3 py-2">Records</th>
                <th scope="col" className="px-3 py-2">Status</th>
                <th scope="col" className="px-3 py-2 text-right">Rows</th>
                <th scope="col" className="px-3 py-2 text-right">Created</th>
                <th scope="col" className="px-3 py-2 text-right">Updated</th>
                <th scope="col" className="px-3 py-2 text-right">Unchanged</th>
                <th scope="col" className="px-3 py-2 text-right">Failed</th>
                <th scope="col" className="px-3 py-2">Uploaded</th>
                <th scope="col" className="px-3 py-2">By</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((j) => (
                <tr key={j.id} className="border-b last:border-0 hover:bg-muted/40">
                  <td className="px-3 py-2">
                    <Link href={`/imports/${j.id}`} className="font-medium text-primary underline-offset-4 hover:underline">
                      {j.filename}
                    </Link>
                    <div className="text-xs text-muted-foreground">#{j.id} · {formatBytes(j.bytes)}</div>
                  </td>
                  <td className="px-3 py-2">{ENTITY_LABELS[j.entity as keyof typeof ENTITY_LABELS] ?? j.entity}</td>
                  <td className="px-3 py-2"><ImportStatusBadge status={j.status} dryRun={j.dryRun} /></td>
                  <td className="px-3 py-2 text-right tabular-nums">{formatCount(j.processedRows)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{formatCount(j.createdCount)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{formatCount(j.updatedCount)}</td>
                  <td className="px-3 py-2 text-right tabular-nums">{formatCount(j.unchangedCount)}</td>
                  <td className={`px-3 py-2 text-right tabular-nums ${j.failedCount ? "font-medium text-destructive" : ""}`}>{formatCount(j.failedCount)}</td>
                  <td className="px-3 py-2 whitespace-nowrap text-muted-foreground">{formatUtc(j.createdAt)}</td>
                  <td className="px-3 py-2">{j.createdByName ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
