import type { Metadata } from "next";
import { eq } from "drizzle-orm";
import { requirePageUser } from "@/app/_lib/guards";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db/client";
import { listAlertRules, listModelsBrief, listWebhookEndpoints } from "@/db/queries/settings";
import { describeAlertRule, parseAlertParams } from "@/lib/validation/alerts";
import { DEFAULT_BANDS } from "@/lib/vocabulary";
import { InlineAction } from "@/components/ui/inline-action";
import { formatTime } from "@/app/_lib/format-time";
import { deleteAlertRuleAction, setAlertRuleEnabledAction } from "./actions";
import { AlertRuleForm } from "./alert-rule-form";

export const metadata: Metadata = { title: "Alert rules · Settings" };

/** The band labels of the primary model's live version (the defaults when there is none). */
async function liveBands(): Promise<string[]> {
  const { db, schema } = getDb();
  const [row] = await db
    .select({ definition: schema.modelVersions.definition })
    .from(schema.scoringModels)
    .innerJoin(schema.modelVersions, eq(schema.modelVersions.id, schema.scoringModels.publishedVersionId))
    .where(eq(schema.scoringModels.isPrimary, true));
  const bands = (row?.definition as { bands?: { label?: unknown }[] } | undefined)?.bands;
  const labels = Array.isArray(bands) ? bands.map((b) => String(b.label ?? "")).filter(Boolean) : [];
  return labels.length ? labels : DEFAULT_BANDS.map((b) => b.label);
}

export default async function AlertRulesSettingsPage() {
  await requirePageUser("settings:manage");
  const handle = getDb();
  const [rules, models, endpoints, bands] = await Promise.all([listAlertRules(handle), listModelsBrief(handle), listWebhookEndpoints(handle), liveBands()]);
  return (
    <div className="flex flex-col gap-5">
      <Card>
        <CardHeader>
          <CardTitle>New alert rule</CardTitle>
          <p className="text-sm text-muted-foreground">
            Rules are checked at every publish against each account&apos;s previous score, so only real changes alert (an account scored for the first time does not).
          </p>
        </CardHeader>
        <CardContent>
          <AlertRuleForm models={models} endpoints={endpoints.map((e) => ({ id: e.id, name: e.name, enabled: e.enabled }))} bands={bands} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Rules</CardTitle>
        </CardHeader>
        {rules.length === 0 ? (
          <CardContent><p className="text-sm text-muted-foreground">No alert rules yet.</p></CardContent>
        ) : (
          <div className="overflow-x-auto">
            <table className="w-full text-sm" data-testid="alert-rules-table">
              <thead className="border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground">
                <tr>
                  <th scope="col" className="px-4 py-2">Rule</th>
                  <th scope="col" className="px-4 py-2">Model</th>
                  <th scope="col" className="px-4 py-2">Tells</th>
                  <th scope="col" className="px-4 py-2">Status</th>
                  <th scope="col" className="px-4 py-2"><span className="sr-only">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {rules.map((r) => {
                  const parsed = parseAlertParams(r.kind, r.params);
                  return (
                    <tr key={r.id} className="border-b last:border-0 align-top">
                      <td className="px-4 py-2">
                        <div className="font-medium">{r.name}</div>
                        <div className="text-xs text-muted-foreground">Account {parsed ? describeAlertRule(parsed) : `(${r.kind})`} · since {formatTime(r.createdAt).slice(0, 10)}</div>
                      </td>
                      <td className="px-4 py-2">{r.modelName ?? <span className="text-muted-foreground">primary model</span>}</td>
                      <td className="px-4 py-2">
                        {[r.notifyOwner ? "owner" : null, r.endpointName ? `webhook “${r.endpointName}”` : null].filter(Boolean).join(" + ") || "–"}
                      </td>
                      <td className="px-4 py-2">{r.enabled ? <Badge className="border-primary/40 text-primary">Enabled</Badge> : <Badge>Disabled</Badge>}</td>
                      <td className="px-4 py-2">
                        <div className="flex flex-wrap justify-end gap-2">
                          <InlineAction action={setAlertRuleEnabledAction} fields={{ id: r.id, enabled: String(!r.enabled) }} label={r.enabled ? "Disable" : "Enable"} ariaLabel={`${r.enabled ? "Disable" : "Enable"} rule ${r.name}`} />
                          <InlineAction action={deleteAlertRuleAction} fields={{ id: r.id }} label="Delete" variant="destructive" ariaLabel={`Delete rule ${r.name}`} confirm={`Delete the rule “${r.name}”?`} />
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </div>
  );
}
