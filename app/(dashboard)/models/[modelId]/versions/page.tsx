import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/app/_lib/guards";
import { getDb } from "@/db/client";
import { getModel, listPublishEvents, listVersions } from "@/db/queries/models";
import { can } from "@/lib/auth/policy";
import { BandBadge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Label, Select } from "@/components/ui/input";
import { cn } from "@/components/ui/cn";
import { RollbackButton } from "../../_components/rollback-button";

export const metadata: Metadata = { title: "Model versions" };

const when = (t: number | null | undefined) => (t == null ? "–" : new Date(t).toISOString().slice(0, 16).replace("T", " ") + " UTC");
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export default async function VersionsPage({ params, searchParams }: { params: Promise<{ modelId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser("models:read");
  const modelId = Number((await params).modelId);
  if (!Number.isInteger(modelId) || modelId <= 0) notFound();
  const sp = await searchParams;
  const handle = getDb();
  const model = await getModel(handle, modelId);
  if (!model) notFound();
  const [versions, events] = await Promise.all([listVersions(handle, modelId), listPublishEvents(handle, modelId)]);
  const canPublish = can(user.role, "models:publish");
  const live = versions.find((v) => v.id === model.publishedVersionId);
  const accounts = events[0]?.accountCount ?? 0;
  const rolledBack = one(sp.rolledBack);
  return (
    <section className="flex flex-col gap-5">
      <header>
        <nav aria-label="Breadcrumb" className="text-sm text-muted-foreground">
          <Link href="/models" className="hover:underline">
            Models
          </Link>{" "}
          /{" "}
          <Link href={`/models/${modelId}`} className="hover:underline">
            {model.name}
          </Link>
        </nav>
        <h1 className="text-2xl font-semibold tracking-tight">Versions &amp; history</h1>
        <p className="text-sm text-muted-foreground">Every version is kept. Published versions never change; rolling back re-publishes an older one.</p>
      </header>
      {rolledBack ? (
        <p className="rounded-md border border-success/40 bg-success/5 px-3 py-2 text-sm" role="status" data-testid="rollback-notice">
          Rolled back to version {rolledBack}: {Number(one(sp.accounts) ?? 0).toLocaleString("en-US")} accounts rescored in {(Number(one(sp.ms) ?? 0) / 1000).toFixed(1)} s.
        </p>
      ) : null}

      <Card>
        <CardHeader>
          <CardTitle>Versions</CardTitle>
        </CardHeader>
        <CardContent className="overflow-x-auto p-0">
          <table className="w-full text-sm" data-testid="versions-table">
            <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
              <tr>
                <th scope="col" className="px-4 py-2">Version</th>
                <th scope="col" className="px-4 py-2">Status</th>
                <th scope="col" className="px-4 py-2">Note</th>
                <th scope="col" className="px-4 py-2">Created</th>
                <th scope="col" className="px-4 py-2">Published</th>
                <th scope="col" className="px-4 py-2 text-right">Actions</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.id} className="border-b align-top last:border-0" data-testid={`version-row-${v.version}`}>
                  <td className="px-4 py-2 font-medium whitespace-nowrap">
                    <Link href={`/models/${modelId}?version=${v.id}`} className="hover:underline">
                      Version {v.version}
                    </Link>
                  </td>
                  <td className="px-4 py-2">
                    <span
                      className={cn(
                        "rounded-full px-2 py-0.5 text-xs font-medium",
                        v.status === "published" ? "bg-success/15 text-success" : v.status === "draft" ? "bg-warning/15 text-warning" : "bg-muted text-muted-foreground",
                      )}
                    >
                      {v.status === "published" ? "Live" : v.status === "draft" ? "Draft" : "Archived"}
                    </span>
                  </td>
                  <td className="max-w-xs px-4 py-2">{v.note ?? <span className="text-muted-foreground">–</span>}</td>
                  <td className="px-4 py-2">
                    {when(v.createdAt)}
                    <div className="text-xs text-muted-foreground">{v.createdBy ?? "system"}</div>
                  </td>
                  <td className="px-4 py-2">
                    {v.publishedAt ? (
                      <>
                        {when(v.publishedAt)}
                        <div className="text-xs text-muted-foreground">{v.publishedBy ?? "system"}</div>
                      </>
                    ) : (
                      <span className="text-muted-foreground">–</span>
                    )}
                  </td>
                  <td className="px-4 py-2">
                    <div className="flex flex-wrap justify-end gap-2">
                      {live && live.id !== v.id ? (
                        <Link href={`/models/${modelId}/diff?from=${live.id}&to=${v.id}`} className={buttonClass("ghost", "sm")}>
                          Compare with live
                        </Link>
                      ) : null}
                      {canPublish && v.status === "archived" ? <RollbackButton modelId={modelId} versionId={v.id} version={v.version} accounts={accounts} /> : null}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Compare two versions</CardTitle>
        </CardHeader>
        <CardContent>
          <form action={`/models/${modelId}/diff`} method="get" className="flex flex-wrap items-end gap-3">
            {(["from", "to"] as const).map((k, j) => (
              <div key={k} className="flex w-56 flex-col gap-1">
                <Label htmlFor={`diff-${k}`}>{k === "from" ? "From" : "To"}</Label>
                <Select id={`diff-${k}`} name={k} defaultValue={String(versions[Math.min(j === 0 ? 1 : 0, versions.length - 1)]?.id ?? "")}>
                  {versions.map((v) => (
                    <option key={v.id} value={v.id}>
                      Version {v.version} ({v.status === "published" ? "live" : v.status})
                    </option>
                  ))}
                </Select>
              </div>
            ))}
            <button type="submit" className={buttonClass("outline", "md")}>
              Show differences
            </button>
          </form>
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Publish history</CardTitle>
          <p className="text-sm text-muted-foreground">Who published what, when and why. Each publish rescored every account and recorded its score history.</p>
        </CardHeader>
        <CardContent className="overflow-x-auto p-0">
          {events.length === 0 ? (
            <p className="px-4 py-3 text-sm text-muted-foreground">Never published.</p>
          ) : (
            <table className="w-full text-sm" data-testid="publish-history">
              <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
                <tr>
                  <th scope="col" className="px-4 py-2">When</th>
                  <th scope="col" className="px-4 py-2">Who</th>
                  <th scope="col" className="px-4 py-2">What</th>
                  <th scope="col" className="px-4 py-2">Note</th>
                  <th scope="col" className="px-4 py-2">Bands</th>
                  <th scope="col" className="px-4 py-2 text-right">Accounts</th>
                  <th scope="col" className="px-4 py-2 text-right">Took</th>
                </tr>
              </thead>
              <tbody>
                {events.map((e) => (
                  <tr key={e.id} className="border-b align-top last:border-0">
                    <td className="px-4 py-2 whitespace-nowrap">{when(e.publishedAt)}</td>
                    <td className="px-4 py-2">{e.publishedBy ?? "system"}</td>
                    <td className="px-4 py-2 whitespace-nowrap">
                      {e.action === "rollback" ? "Rolled back to" : e.action === "rescore" ? "Rescored with" : "Published"} version {e.version}
                    </td>
                    <td className="max-w-sm px-4 py-2">{e.note ?? <span className="text-muted-foreground">–</span>}</td>
                    <td className="px-4 py-2">
                      <div className="flex flex-wrap gap-2">
                        {Object.entries(e.bandCounts).map(([band, count]) => (
                          <span key={band} className="inline-flex items-center gap-1 text-xs tabular-nums">
                            <BandBadge band={band} className="h-5 min-w-5 text-[10px]" /> {count.toLocaleString("en-US")}
                          </span>
                        ))}
                      </div>
                    </td>
                    <td className="px-4 py-2 text-right tabular-nums">{e.accountCount.toLocaleString("en-US")}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{(e.durationMs / 1000).toFixed(1)} s</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </CardContent>
      </Card>
    </section>
  );
}
