import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requirePageUser } from "@/app/_lib/guards";
import { ScoreHistoryChart } from "@/components/charts/score-history-chart";
import { BandBadge } from "@/components/ui/badge";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { getDb } from "@/db/client";
import { getAccountDetail, getScoreHistory, TIMELINE_LIMIT } from "@/db/queries/account-detail";
import { explainAccount, getLiveModel } from "@/db/queries/account-explanations";
import { countRanked } from "@/db/queries/accounts";
import { listSalesReps } from "@/db/queries/account-filters";
import { can } from "@/lib/auth/policy";
import { roundScore, type Contribution } from "@/lib/scoring";
import { SCORE_CATEGORIES } from "@/lib/vocabulary";
import { TrendCell } from "../_components/columns";
import { formatDate, formatMoney, formatNumber, relativeDays, stageLabel, statusLabel } from "../_components/format";
import { ReassignForm, StatusForm } from "./_components/account-forms";
import { PredictiveFactors } from "./_components/predictive-factors";
import { BackToList } from "./_components/back-to-list";
import { formatProbability } from "@/lib/accounts/probability";

export const metadata: Metadata = { title: "Account" };

const CATEGORY_LABEL: Record<string, string> = { fit: "Fit", engagement: "Engagement", intent: "Intent", relationship: "Relationship" };

function points(p: number): string {
  return `${p > 0 ? "+" : p < 0 ? "−" : "±"}${Math.abs(p).toFixed(1)}`;
}

function words(s: string | null | undefined): string {
  return s ? s.replace(/_/g, " ") : "–";
}

export default async function AccountPage({ params }: { params: Promise<{ accountId: string }> }) {
  const user = await requirePageUser("accounts:read");
  const { accountId: raw } = await params;
  const accountId = /^\d{1,10}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(accountId) || accountId <= 0) notFound();
  const handle = getDb();
  const [detail, live] = await Promise.all([getAccountDetail(handle, accountId), getLiveModel(handle)]);
  if (!detail) notFound();
  const { account, scores, contacts, activities, activityCount, intents, opportunities } = detail;
  const primary = scores.find((s) => live && s.modelId === live.modelId) ?? null;
  const [explained, history, ranked, reps] = await Promise.all([
    live && primary ? explainAccount(handle, live, accountId) : Promise.resolve(null),
    live ? getScoreHistory(handle, accountId, live.modelId) : Promise.resolve([]),
    live ? countRanked(handle, live.modelId) : Promise.resolve(0),
    listSalesReps(handle),
  ]);
  const now = Date.now();
  // The same rule the verb enforces: sales on their own accounts, admins on any.
  const canEditStatus = can(user.role, "accounts:update-status") && (user.role === "admin" || account.ownerId === user.id);
  const canReassign = can(user.role, "accounts:reassign");
  const predictive = scores.filter((s) => s.probability !== null);
  const contributions = explained?.score.contributions ?? [];
  const counted = contributions.filter((c) => c.points !== 0);
  const silent = contributions.filter((c) => c.points === 0);
  const sum = roundScore(counted.reduce((a, c) => a + c.points, 0));
  const matchesStored = explained && primary ? explained.score.score === primary.score : false;
  const contactName = new Map(contacts.map((c) => [c.id, [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email || `Contact ${c.id}`]));
  const rollup = explained?.leadScores[0];
  const lead = new Map(rollup?.contacts.map((c) => [c.contactId, c]) ?? []);
  const rollupLine = rollup ? contributions.find((c) => c.criterionId === rollup.criterionId) : undefined;

  return (
    <article className="flex flex-col gap-4" aria-labelledby="account-name">
      <nav aria-label="Breadcrumb" className="text-sm">
        <BackToList />
      </nav>

      <Card>
        <CardContent className="flex flex-wrap items-start justify-between gap-6 py-5">
          <div className="flex min-w-0 flex-col gap-1">
            <h1 id="account-name" className="text-2xl font-semibold tracking-tight">
              {account.name}
            </h1>
            <p className="text-sm text-muted-foreground">
              {account.domain ? (
                <a href={`https://${account.domain}`} target="_blank" rel="noopener noreferrer" className="hover:underline">
                  {account.domain}
                  <span className="sr-only"> (opens in a new tab)</span>
                </a>
              ) : (
                "No domain"
              )}
              {" · "}
              {account.industry ?? "Unknown industry"}
              {" · "}
              {[account.country, account.region].filter(Boolean).join(", ") || "Unknown location"}
            </p>
            <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
              <dt className="text-muted-foreground">Owner</dt>
              <dd data-testid="account-owner">{account.ownerName ? `${account.ownerName}${account.ownerId === user.id ? " (you)" : ""}` : "Unassigned"}</dd>
              <dt className="text-muted-foreground">Lifecycle stage</dt>
              <dd>{stageLabel(account.lifecycleStage)}</dd>
              <dt className="text-muted-foreground">Status</dt>
              <dd data-testid="account-status">{statusLabel(account.status)}</dd>
              <dt className="text-muted-foreground">Last activity</dt>
              <dd>{account.lastActivityAt ? `${relativeDays(account.lastActivityAt, now)} (${formatDate(account.lastActivityAt)})` : "Never"}</dd>
            </dl>
          </div>
          <div className="flex flex-col items-end gap-1 text-right" data-testid="account-score">
            {primary ? (
              <>
                <div className="flex items-center gap-3">
                  <span className="text-4xl font-bold tabular-nums">{primary.score.toFixed(1)}</span>
                  <BandBadge band={primary.band} className="h-8 min-w-8 text-base" />
                </div>
                <div className="flex items-center gap-2 text-sm text-muted-foreground">
                  <TrendCell score={primary.score} previous={primary.previousScore} />
                  <span>
                    since the previous publish · rank {primary.rank.toLocaleString("en-US")} of {ranked.toLocaleString("en-US")}
                  </span>
                </div>
                <p className="text-xs text-muted-foreground">
                  {primary.modelName}
                  {live ? `, version ${live.version}` : ""}
                </p>
              </>
            ) : (
              <p className="text-sm text-muted-foreground">Not scored yet: it gets a score at the next publish.</p>
            )}
            {predictive.map((p) => (
              <p key={p.modelId} className="text-sm" data-testid="predictive-probability">
                <span className="font-semibold tabular-nums">{formatProbability(p.probability)}</span> likely to convert
                <span className="text-muted-foreground"> ({p.modelName})</span>
              </p>
            ))}
          </div>
        </CardContent>
      </Card>

      <div className="grid gap-4 lg:grid-cols-3">
        <div className="flex min-w-0 flex-col gap-4 lg:col-span-2">
          <Card data-testid="explanation">
            <CardHeader>
              <CardTitle>Why {primary ? primary.score.toFixed(1) : "this score"}</CardTitle>
              <p className="text-sm text-muted-foreground">
                Every rule that gave points, grouped by category, with time decay applied. The points add up to the score.
              </p>
            </CardHeader>
            <CardContent className="flex flex-col gap-4">
              {!live?.definition ? (
                <p className="text-sm text-muted-foreground">The live model is not rule-based, so its score has no rule-by-rule explanation.</p>
              ) : !explained ? (
                <p className="text-sm text-muted-foreground">This account has no score under the live model yet.</p>
              ) : (
                <>
                  {SCORE_CATEGORIES.map((cat) => {
                    const lines = counted.filter((c) => c.category === cat);
                    if (lines.length === 0) return null;
                    const subtotal = roundScore(lines.reduce((a, c) => a + c.points, 0));
                    return (
                      <section key={cat} aria-labelledby={`cat-${cat}`} data-testid={`category-${cat}`}>
                        <h3 id={`cat-${cat}`} className="flex items-baseline justify-between border-b pb-1 text-sm font-semibold">
                          <span>
                            {CATEGORY_LABEL[cat]}
                            <span className="ml-2 font-normal text-muted-foreground">
                              weight {live.definition!.categories[cat].weight}, sub-score {explained.score.subScores[cat].toFixed(1)} / 100
                            </span>
                          </span>
                          <span className="tabular-nums">{points(subtotal)}</span>
                        </h3>
                        <ul className="flex flex-col">
                          {lines.map((c) => (
                            <ContributionLine key={c.criterionId} c={c} />
                          ))}
                        </ul>
                      </section>
                    );
                  })}
                  <p className="flex items-baseline justify-between rounded-md bg-muted px-3 py-2 text-sm font-semibold" data-testid="explanation-sum">
                    <span>Sum of contributions</span>
                    <span className="tabular-nums">
                      {sum.toFixed(1)} = score {explained.score.score.toFixed(1)}
                    </span>
                  </p>
                  {!matchesStored && primary ? (
                    <p role="note" className="rounded-md border border-warning/50 bg-warning/10 px-3 py-2 text-sm">
                      The account&apos;s data changed since the model was published: today&apos;s data gives {explained.score.score.toFixed(1)} where the stored score
                      is {primary.score.toFixed(1)}. The next publish brings them together.
                    </p>
                  ) : null}
                  {silent.length ? (
                    <details className="text-sm">
                      <summary className="cursor-pointer text-muted-foreground">Rules that gave no points ({silent.length})</summary>
                      <ul className="mt-2 flex flex-col">
                        {silent.map((c) => (
                          <ContributionLine key={c.criterionId} c={c} />
                        ))}
                      </ul>
                    </details>
                  ) : null}
                </>
              )}
            </CardContent>
          </Card>

          <PredictiveFactors accountId={account.id} />
          {live ? <ScoreHistoryChart points={history} bands={live.bands} /> : null}

          <Card>
            <CardHeader>
              <CardTitle>Contacts ({contacts.length})</CardTitle>
              {rollupLine ? (
                <p className="text-sm text-muted-foreground" data-testid="rollup">
                  Roll-up “{rollupLine.label}”: {rollupLine.detail} → <span className="font-medium text-foreground">{points(rollupLine.points)} points</span>
                </p>
              ) : null}
            </CardHeader>
            <CardContent className="overflow-x-auto p-0" tabIndex={0} role="region" aria-label="Contacts table">
              {contacts.length === 0 ? (
                <p className="px-5 py-4 text-sm text-muted-foreground">No contacts yet.</p>
              ) : (
                <table className="w-full text-sm">
                  <caption className="sr-only">Contacts with their lead scores and buying roles</caption>
                  <thead className="bg-muted text-left text-xs uppercase tracking-wide text-muted-foreground">
                    <tr>
                      <th scope="col" className="px-4 py-2">Name</th>
                      <th scope="col" className="px-4 py-2">Title</th>
                      <th scope="col" className="px-4 py-2">Buying role · seniority</th>
                      <th scope="col" className="px-4 py-2 text-right">Lead score</th>
                      <th scope="col" className="px-4 py-2">Engaged</th>
                    </tr>
                  </thead>
                  <tbody>
                    {contacts.map((c) => {
                      const l = lead.get(c.id);
                      return (
                        <tr key={c.id} className="border-t">
                          <th scope="row" className="px-4 py-2 text-left font-medium">
                            {contactName.get(c.id)}
                            {c.email ? <span className="block text-xs font-normal text-muted-foreground">{c.email}</span> : null}
                          </th>
                          <td className="px-4 py-2">{c.title ?? "–"}</td>
                          <td className="px-4 py-2">
                            <span className="capitalize">{words(c.buyingRole)}</span>
                            <span className="block text-xs capitalize text-muted-foreground">{words(c.seniority)}</span>
                          </td>
                          <td className="px-4 py-2 text-right tabular-nums">{l ? l.leadScore.toFixed(1) : c.leadScore !== null ? Number(c.leadScore).toFixed(1) : "–"}</td>
                          <td className="px-4 py-2">{l ? (l.engaged ? "Yes" : "No") : "–"}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              )}
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>Activity</CardTitle>
              <p className="text-sm text-muted-foreground">
                {activityCount > TIMELINE_LIMIT ? `The latest ${TIMELINE_LIMIT} of ${activityCount.toLocaleString("en-US")} activities.` : `${activityCount} activities.`}
              </p>
            </CardHeader>
            <CardContent>
              {activities.length === 0 ? (
                <p className="text-sm text-muted-foreground">No activity yet.</p>
              ) : (
                <ol className="flex max-h-[28rem] flex-col overflow-y-auto border-l pl-4" data-testid="timeline" tabIndex={0} aria-label="Activity timeline, newest first">
                  {activities.map((a) => (
                    <li key={a.id} className="relative py-1.5 text-sm">
                      <span aria-hidden className="absolute -left-[21px] top-3 h-2 w-2 rounded-full bg-primary" />
                      <span className="font-medium capitalize">{words(a.type)}</span>
                      {a.contactId && contactName.get(a.contactId) ? <span className="text-muted-foreground"> by {contactName.get(a.contactId)}</span> : null}
                      <span className="text-muted-foreground">
                        {" · "}
                        <time dateTime={new Date(a.occurredAt).toISOString()}>{formatDate(a.occurredAt)}</time> ({relativeDays(a.occurredAt, now)})
                      </span>
                    </li>
                  ))}
                </ol>
              )}
            </CardContent>
          </Card>
        </div>

        <div className="flex min-w-0 flex-col gap-4">
          {canEditStatus || canReassign ? (
            <Card>
              <CardHeader>
                <CardTitle>Work this account</CardTitle>
              </CardHeader>
              <CardContent className="flex flex-col gap-5">
                {canEditStatus ? <StatusForm accountId={account.id} status={account.status} notes={account.notes} /> : null}
                {canReassign ? <ReassignForm accountId={account.id} ownerId={account.ownerId} reps={reps} /> : null}
              </CardContent>
            </Card>
          ) : null}
          {!canEditStatus && account.notes ? (
            <Card>
              <CardHeader>
                <CardTitle>Notes</CardTitle>
              </CardHeader>
              <CardContent>
                <p className="whitespace-pre-wrap text-sm">{account.notes}</p>
              </CardContent>
            </Card>
          ) : null}

          <Card>
            <CardHeader>
              <CardTitle>Company</CardTitle>
            </CardHeader>
            <CardContent>
              <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
                <dt className="text-muted-foreground">Employees</dt>
                <dd className="tabular-nums">{formatNumber(account.employeeCount)}</dd>
                <dt className="text-muted-foreground">Annual revenue</dt>
                <dd className="tabular-nums">{formatMoney(account.annualRevenue, true)}</dd>
                <dt className="text-muted-foreground">Founded</dt>
                <dd>{account.foundedYear ?? "–"}</dd>
                <dt className="text-muted-foreground">External ID</dt>
                <dd className="font-mono text-xs">{account.externalId}</dd>
                <dt className="text-muted-foreground">Technologies</dt>
                <dd>{account.technologies.length ? account.technologies.join(", ") : "–"}</dd>
              </dl>
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>Intent topics</CardTitle>
            </CardHeader>
            <CardContent>
              {intents.length === 0 ? (
                <p className="text-sm text-muted-foreground">No third-party intent signals.</p>
              ) : (
                <ul className="flex flex-col gap-2" data-testid="intent-topics">
                  {intents.map((t) => (
                    <li key={t.topic} className="flex flex-col gap-1 text-sm">
                      <div className="flex items-baseline justify-between gap-2">
                        <span className="font-medium">{t.topic}</span>
                        <span className="text-xs text-muted-foreground">
                          {t.signals} signal{t.signals === 1 ? "" : "s"}, last {relativeDays(t.lastSeen, now)}
                        </span>
                      </div>
                      <div className="h-1.5 rounded-full bg-muted" role="img" aria-label={`strongest signal ${t.strongest} of 100`}>
                        <div className="h-1.5 rounded-full bg-primary" style={{ width: `${Math.max(2, Math.min(100, t.strongest))}%` }} />
                      </div>
                    </li>
                  ))}
                </ul>
              )}
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>Opportunities ({opportunities.length})</CardTitle>
            </CardHeader>
            <CardContent>
              {opportunities.length === 0 ? (
                <p className="text-sm text-muted-foreground">No opportunities.</p>
              ) : (
                <ul className="flex flex-col gap-2" data-testid="opportunities">
                  {opportunities.map((o) => (
                    <li key={o.id} className="flex flex-col rounded-md border px-3 py-2 text-sm">
                      <div className="flex items-baseline justify-between gap-2">
                        <span className="font-medium">{o.name}</span>
                        <span className="inline-flex items-center gap-1.5 rounded-full border px-2 py-0.5 text-xs font-medium capitalize">
                          <span aria-hidden className={cn("h-2 w-2 rounded-full", o.stage === "won" ? "bg-success" : o.stage === "lost" ? "bg-destructive" : "bg-primary")} />
                          {o.stage}
                        </span>
                      </div>
                      <span className="text-muted-foreground">
                        {formatMoney(o.amount, true)}
                        {o.product ? ` · ${o.product}` : ""} · opened {formatDate(o.openedAt)}
                        {o.closedAt ? `, closed ${formatDate(o.closedAt)}` : ""}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </CardContent>
          </Card>
        </div>
      </div>
    </article>
  );
}

function ContributionLine({ c }: { c: Contribution }) {
  return (
    <li className="flex items-baseline justify-between gap-3 border-b border-dashed py-1.5 text-sm last:border-0">
      <span className="min-w-0">
        <span className="font-medium">{c.label}</span>
        <span className="block text-xs text-muted-foreground">{c.detail}</span>
      </span>
      <span className={cn("shrink-0 tabular-nums", c.points > 0 ? "text-success" : c.points < 0 ? "text-destructive" : "text-muted-foreground")}>{points(c.points)}</span>
    </li>
  );
}
