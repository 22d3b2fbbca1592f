import type { Metadata } from "next";
import Link from "next/link";
import { requirePageUser } from "@/app/_lib/guards";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { listApiKeys } from "@/db/queries/settings";
import { InlineAction } from "@/components/ui/inline-action";
import { ago, formatTime } from "@/app/_lib/format-time";
import { revokeApiKeyAction } from "./actions";
import { CreateApiKeyForm } from "./create-key-form";

export const metadata: Metadata = { title: "API keys · Settings" };

export default async function ApiKeysSettingsPage() {
  await requirePageUser("settings:manage");
  const keys = await listApiKeys(getDb());
  const now = Date.now();
  return (
    <div className="flex flex-col gap-5">
      <Card>
        <CardHeader>
          <CardTitle>Create an API key</CardTitle>
          <p className="text-sm text-muted-foreground">
            Keys authenticate the REST API (<Link href="/api-docs" className="underline underline-offset-2">reference</Link>). A read key can list and explain scores;
            a write key can upsert CRM data. Requests are limited per key.
          </p>
        </CardHeader>
        <CardContent>
          <CreateApiKeyForm />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Keys</CardTitle>
        </CardHeader>
        {keys.length === 0 ? (
          <CardContent><p className="text-sm text-muted-foreground">No API keys yet.</p></CardContent>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="api-keys-table">
              <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
                <tr>
                  <th scope="col" className="px-4 py-2">Name</th>
                  <th scope="col" className="px-4 py-2">Key</th>
                  <th scope="col" className="px-4 py-2">Scopes</th>
                  <th scope="col" className="px-4 py-2">Created</th>
                  <th scope="col" className="px-4 py-2">Last used</th>
                  <th scope="col" className="px-4 py-2">Status</th>
                  <th scope="col" className="px-4 py-2"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {keys.map((k) => (
                  <tr key={k.id} className="border-b last:border-0">
                    <td className="px-4 py-2 font-medium">{k.name}</td>
                    <td className="px-4 py-2 font-mono text-xs text-muted-foreground">ldst_{k.prefix}_…</td>
                    <td className="px-4 py-2">
                      <div className="flex gap-1">{(k.scopes ?? []).map((s) => <Badge key={s}>{s}</Badge>)}</div>
                    </td>
                    <td className="whitespace-nowrap px-4 py-2 text-muted-foreground">
                      {formatTime(k.createdAt)}
                      {k.createdBy ? <div className="text-xs">by {k.createdBy}</div> : null}
                    </td>
                    <td className="whitespace-nowrap px-4 py-2 text-muted-foreground" title={formatTime(k.lastUsedAt)}>{ago(k.lastUsedAt, now)}</td>
                    <td className="px-4 py-2">
                      {k.revokedAt ? <Badge className="border-destructive/40 text-destructive">Revoked {formatTime(k.revokedAt).slice(0, 10)}</Badge> : <Badge className="border-primary/40 text-primary">Active</Badge>}
                    </td>
                    <td className="px-4 py-2 text-right">
                      {k.revokedAt ? null : (
                        <InlineAction
                          action={revokeApiKeyAction}
                          fields={{ id: k.id }}
                          label="Revoke"
                          pendingLabel="Revoking…"
                          variant="destructive"
                          ariaLabel={`Revoke key ${k.name}`}
                          confirm={`Revoke “${k.name}”? Requests with it are refused from now on.`}
                        />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
