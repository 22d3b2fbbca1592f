import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/app/_lib/guards";
import { Badge } from "@/components/ui/badge";
import { buttonClass } from "@/components/ui/button";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { getDb } from "@/db/client";
import { listDeliveries, listWebhookEndpoints } from "@/db/queries/settings";
import { InlineAction } from "@/components/ui/inline-action";
import { formatTime } from "@/app/_lib/format-time";
import { deleteWebhookEndpointAction, replayDeliveryAction, sendTestWebhookAction, setWebhookEndpointEnabledAction } from "./actions";
import { CreateEndpointForm } from "./create-endpoint-form";

export const metadata: Metadata = { title: "Webhooks · Settings" };

const STATUSES = ["pending", "sending", "delivered", "failed"] as const;
const STATUS_CLASS: Record<string, string> = {
  delivered: "border-primary/40 text-primary",
  failed: "border-destructive/40 text-destructive",
  pending: "text-muted-foreground",
  sending: "text-muted-foreground",
};

export default async function WebhooksSettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser("settings:manage");
  const sp = await searchParams;
  const status = typeof sp.status === "string" && (STATUSES as readonly string[]).includes(sp.status) ? sp.status : undefined;
  const before = typeof sp.before === "string" && /^\d+$/.test(sp.before) ? Number(sp.before) : undefined;
  const handle = getDb();
  const [endpoints, deliveries] = await Promise.all([listWebhookEndpoints(handle), listDeliveries(handle, { status, before })]);
  const href = (p: { status?: string; before?: number }) => {
    const q = new URLSearchParams();
    if (p.status) q.set("status", p.status);
    if (p.before) q.set("before", String(p.before));
    const s = q.toString();
    return `/settings/webhooks${s ? `?${s}` : ""}#deliveries`;
  };
  return (
    <div className="flex flex-col gap-5">
      <Card>
        <CardHeader>
          <CardTitle>Add an endpoint</CardTitle>
          <p className="text-sm text-muted-foreground">
            Lodestar POSTs JSON to it when an alert rule fires. Each request carries <code className="font-mono text-xs">Lodestar-Signature: t=&lt;unix&gt;,v1=&lt;hex&gt;</code>,
            an HMAC-SHA256 of <code className="font-mono text-xs">&quot;&lt;t&gt;.&lt;body&gt;&quot;</code> with the secret, and <code className="font-mono text-xs">Lodestar-Delivery-Id</code> (the same on retries).
            A non-2xx answer is retried after 30 s, 2 min, 10 min and 1 h.
          </p>
        </CardHeader>
        <CardContent>
          <CreateEndpointForm />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Endpoints</CardTitle>
        </CardHeader>
        {endpoints.length === 0 ? (
          <CardContent><p className="text-sm text-muted-foreground">No endpoints yet.</p></CardContent>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="endpoints-table">
              <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
                <tr>
                  <th scope="col" className="px-4 py-2">Name</th>
                  <th scope="col" className="px-4 py-2">URL</th>
                  <th scope="col" className="px-4 py-2">Status</th>
                  <th scope="col" className="px-4 py-2"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {endpoints.map((e) => (
                  <tr key={e.id} className="border-b last:border-0 align-top">
                    <td className="px-4 py-2 font-medium">{e.name}</td>
                    <td className="max-w-xs break-all px-4 py-2 font-mono text-xs">{e.url}</td>
                    <td className="px-4 py-2">{e.enabled ? <Badge className="border-primary/40 text-primary">Enabled</Badge> : <Badge>Disabled</Badge>}</td>
                    <td className="px-4 py-2">
                      <div className="flex flex-wrap justify-end gap-2">
                        {e.enabled ? <InlineAction action={sendTestWebhookAction} fields={{ id: e.id }} label="Send test" pendingLabel="Queuing…" ariaLabel={`Send a test to ${e.name}`} /> : null}
                        <InlineAction action={setWebhookEndpointEnabledAction} fields={{ id: e.id, enabled: String(!e.enabled) }} label={e.enabled ? "Disable" : "Enable"} ariaLabel={`${e.enabled ? "Disable" : "Enable"} ${e.name}`} />
                        <InlineAction
                          action={deleteWebhookEndpointAction}
                          fields={{ id: e.id }}
                          label="Delete"
                          variant="destructive"
                          ariaLabel={`Delete ${e.name}`}
                          confirm={`Delete “${e.name}” and its delivery log? Rules that call it keep notifying owners.`}
                        />
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card id="deliveries">
        <CardHeader>
          <div className="flex flex-wrap items-center justify-between gap-2">
            <CardTitle>Deliveries</CardTitle>
            <nav aria-label="Filter deliveries by status" className="flex flex-wrap gap-1">
              {[undefined, ...STATUSES].map((s) => (
                <Link key={s ?? "all"} href={href({ status: s })} aria-current={status === s ? "page" : undefined} className={cn(buttonClass(status === s ? "secondary" : "ghost", "sm"), "capitalize")}>
                  {s ?? "all"}
                </Link>
              ))}
            </nav>
          </div>
        </CardHeader>
        {deliveries.rows.length === 0 ? (
          <CardContent><p className="text-sm text-muted-foreground">No deliveries{status ? ` with status ${status}` : ""} yet.</p></CardContent>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="deliveries-table">
              <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
                <tr>
                  <th scope="col" className="px-4 py-2">Id</th>
                  <th scope="col" className="px-4 py-2">Created</th>
                  <th scope="col" className="px-4 py-2">Endpoint · event</th>
                  <th scope="col" className="px-4 py-2">Status</th>
                  <th scope="col" className="px-4 py-2 text-right">Attempts</th>
                  <th scope="col" className="px-4 py-2 text-right">HTTP</th>
                  <th scope="col" className="px-4 py-2 text-right">Response</th>
                  <th scope="col" className="px-4 py-2">Error · next attempt</th>
                  <th scope="col" className="px-4 py-2"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {deliveries.rows.map((d) => (
                  <tr key={d.id} className="border-b last:border-0 align-top" data-testid={`delivery-${d.id}`}>
                    <td className="px-4 py-2 tabular-nums text-muted-foreground">{d.id}</td>
                    <td className="whitespace-nowrap px-4 py-2 text-muted-foreground">{formatTime(d.createdAt)}</td>
                    <td className="px-4 py-2">
                      <div className="font-medium">{d.endpointName}</div>
                      <div className="text-xs text-muted-foreground">{d.eventType}{d.ruleName ? ` · ${d.ruleName}` : ""}</div>
                    </td>
                    <td className="px-4 py-2"><Badge className={cn("capitalize", STATUS_CLASS[d.status])}>{d.status}</Badge></td>
                    <td className="px-4 py-2 text-right tabular-nums">{d.attempts}</td>
                    <td className="px-4 py-2 text-right tabular-nums">{d.lastStatusCode ?? "–"}</td>
                    <td className="whitespace-nowrap px-4 py-2 text-right tabular-nums">{d.lastResponseMs == null ? "–" : `${d.lastResponseMs} ms`}</td>
                    <td className="px-4 py-2 text-xs">
                      {d.lastError ? <div className="text-destructive">{d.lastError}</div> : null}
                      {d.status === "pending" && d.nextAttemptAt ? <div className="text-muted-foreground">next {formatTime(d.nextAttemptAt)}</div> : null}
                      {d.deliveredAt ? <div className="text-muted-foreground">delivered {formatTime(d.deliveredAt)}</div> : null}
                    </td>
                    <td className="px-4 py-2 text-right">
                      {d.status === "sending" ? null : <InlineAction action={replayDeliveryAction} fields={{ id: d.id }} label="Replay" pendingLabel="Queuing…" ariaLabel={`Replay delivery ${d.id}`} />}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {before || deliveries.nextBefore ? (
          <nav aria-label="Delivery pages" className="flex justify-end gap-2 border-t px-4 py-3">
            {before ? <Link className={buttonClass("outline", "sm")} href={href({ status })}>Newest</Link> : null}
            {deliveries.nextBefore ? <Link className={buttonClass("outline", "sm")} href={href({ status, before: deliveries.nextBefore })}>Older</Link> : null}
          </nav>
        ) : null}
      </Card>
    </div>
  );
}
