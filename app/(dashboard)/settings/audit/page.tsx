import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/app/_lib/guards";
import { Button, buttonClass } from "@/components/ui/button";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { Input, Label } from "@/components/ui/input";
import { getDb } from "@/db/client";
import { listAuditActions, listAuditLog } from "@/db/queries/settings";
import { formatTime } from "@/app/_lib/format-time";

export const metadata: Metadata = { title: "Audit log · Settings" };

function details(v: unknown): string {
  if (v == null) return "";
  const text = typeof v === "string" ? v : JSON.stringify(v);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser("audit:read");
  const sp = await searchParams;
  const str = (k: string) => (typeof sp[k] === "string" ? (sp[k] as string).trim().slice(0, 100) : "");
  const action = str("action");
  const actor = str("actor");
  const before = /^\d+$/.test(str("before")) ? Number(str("before")) : undefined;
  const handle = getDb();
  const [page, actions] = await Promise.all([listAuditLog(handle, { action, actor, before }), listAuditActions(handle)]);
  const href = (b?: number) => {
    const q = new URLSearchParams();
    if (action) q.set("action", action);
    if (actor) q.set("actor", actor);
    if (b) q.set("before", String(b));
    const s = q.toString();
    return `/settings/audit${s ? `?${s}` : ""}`;
  };
  return (
    <Card>
      <CardHeader>
        <CardTitle>Audit log</CardTitle>
        <form method="get" action="/settings/audit" className="mt-2 grid items-end gap-3 sm:grid-cols-[1fr_1fr_auto_auto]" role="search" aria-label="Filter the audit log">
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="audit-action">Action starts with</Label>
            <Input id="audit-action" name="action" defaultValue={action} list="audit-actions" placeholder="e.g. api_key. or model.publish" autoComplete="off" />
            <datalist id="audit-actions">
              {actions.map((a) => (
                <option key={a} value={a} />
              ))}
            </datalist>
          </div>
          <div className="flex flex-col gap-1.5">
            <Label htmlFor="audit-actor">Actor contains</Label>
            <Input id="audit-actor" name="actor" defaultValue={actor} placeholder="e.g. admin@ or api-key:" autoComplete="off" />
          </div>
          <Button type="submit" variant="outline">Filter</Button>
          {action || actor ? <Link href="/settings/audit" className={buttonClass("ghost")}>Clear</Link> : <span />}
        </form>
      </CardHeader>
      {page.rows.length === 0 ? (
        <p className="px-5 py-4 text-sm text-muted-foreground">No entries match.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm" data-testid="audit-table">
            <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
              <tr>
                <th scope="col" className="px-4 py-2">When</th>
                <th scope="col" className="px-4 py-2">Actor</th>
                <th scope="col" className="px-4 py-2">Action</th>
                <th scope="col" className="px-4 py-2">Target</th>
                <th scope="col" className="px-4 py-2">Details</th>
                <th scope="col" className="px-4 py-2">From</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((r) => (
                <tr key={r.id} className="border-b last:border-0 align-top">
                  <td className="whitespace-nowrap px-4 py-2 text-muted-foreground">{formatTime(r.at)}</td>
                  <td className="px-4 py-2">{r.actorLabel}</td>
                  <td className="px-4 py-2 font-mono text-xs">{r.action}</td>
                  <td className="whitespace-nowrap px-4 py-2 text-muted-foreground">{r.targetType ? `${r.targetType} ${r.targetId ?? ""}` : "–"}</td>
                  <td className="max-w-md break-all px-4 py-2 font-mono text-xs text-muted-foreground">{details(r.details)}</td>
                  <td className="px-4 py-2 text-muted-foreground">{r.ip ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {before || page.nextBefore ? (
        <nav aria-label="Audit log pages" className="flex justify-end gap-2 border-t px-4 py-3">
          {before ? <Link className={buttonClass("outline", "sm")} href={href()}>Newest</Link> : null}
          {page.nextBefore ? <Link className={buttonClass("outline", "sm")} href={href(page.nextBefore)}>Older</Link> : null}
        </nav>
      ) : null}
    </Card>
  );
}
