/**
 * The authorization matrix: every page, route handler and server action × {anonymous, sales,
 * marketing, manager, admin} → allowed or denied. Tests are generated from it (e2e/authz.spec.ts
 * for pages and route handlers in the browser, app/authz-actions.test.ts for server actions called
 * directly), and e2e/authz-matrix.test.ts fails when a page, route handler or server action exists
 * that has no row here. Each issue adds its rows.
 */
export type Who = "anonymous" | "sales" | "marketing" | "manager" | "admin";
export const EVERYONE: Who[] = ["anonymous", "sales", "marketing", "manager", "admin"];
export const SIGNED_IN: Who[] = ["sales", "marketing", "manager", "admin"];
const ADMIN: Who[] = ["admin"];
/** FormData for server-action probes. */
const form = (fields: Record<string, string>) => {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};

export interface PageRow {
  kind: "page";
  /** a concrete URL to visit (dynamic segments filled in) */
  path: string;
  /** the page file under app/ */
  file: string;
  allowed: Who[];
}

export interface RouteRow {
  kind: "route";
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  file: string;
  allowed: Who[];
  /** route handlers authenticated some other way (e.g. API keys) say so; the browser test then skips roles */
  auth?: "session" | "api-key" | "public";
  /** api-key routes: the scope a key needs (app/api/v1/api-keys-authz.test.ts probes each row with and without it) */
  scope?: "read" | "write";
  /** request body for POST/PUT/PATCH probes */
  body?: unknown;
}

export interface ActionRow {
  kind: "action";
  /** the actions module under app/ */
  file: string;
  name: string;
  allowed: Who[];
  /** arguments for a direct call; a denied caller must be refused before they are even validated */
  args?: () => unknown[];
  /** public actions (sign-in, theme) have nothing to refuse */
  public?: boolean;
}

export type MatrixRow = PageRow | RouteRow | ActionRow;

export const MATRIX: MatrixRow[] = [
  // Foundation
  { kind: "page", path: "/login", file: "app/(auth)/login/page.tsx", allowed: EVERYONE },
  { kind: "page", path: "/accounts", file: "app/(dashboard)/accounts/page.tsx", allowed: SIGNED_IN },
  { kind: "page", path: "/guide", file: "app/(dashboard)/guide/page.tsx", allowed: SIGNED_IN },
  // Ranked accounts and account detail (issue 4): everyone signed in reads, exports and keeps saved
  // views; sales and admins set status/notes (sales only on accounts they own: the verb checks that,
  // see app/(dashboard)/accounts/[accountId]/actions.test.ts); managers and admins reassign owners.
  { kind: "page", path: "/accounts/1", file: "app/(dashboard)/accounts/[accountId]/page.tsx", allowed: SIGNED_IN },
  { kind: "route", method: "GET", path: "/api/accounts/export?industry=Software", file: "app/api/accounts/export/route.ts", allowed: SIGNED_IN },
  { kind: "action", file: "app/(dashboard)/accounts/actions.ts", name: "saveViewAction", allowed: SIGNED_IN, args: () => [{}, form({ name: "probe", query: "band=A" })] },
  { kind: "action", file: "app/(dashboard)/accounts/actions.ts", name: "deleteViewAction", allowed: SIGNED_IN, args: () => [1] },
  { kind: "action", file: "app/(dashboard)/accounts/[accountId]/actions.ts", name: "updateAccountStatusAction", allowed: ["sales", "admin"], args: () => [{}, form({ accountId: "1", status: "working", notes: "probe" })] },
  { kind: "action", file: "app/(dashboard)/accounts/[accountId]/actions.ts", name: "reassignOwnerAction", allowed: ["manager", "admin"], args: () => [{}, form({ accountId: "1", ownerId: "4" })] },

  { kind: "route", method: "GET", path: "/api/auth/session", file: "app/api/auth/[...nextauth]/route.ts", allowed: EVERYONE, auth: "public" },
  { kind: "route", method: "POST", path: "/api/auth/callback/credentials", file: "app/api/auth/[...nextauth]/route.ts", allowed: EVERYONE, auth: "public" },
  { kind: "action", file: "app/(auth)/login/actions.ts", name: "signInAction", allowed: EVERYONE, public: true },
  { kind: "action", file: "app/actions.ts", name: "setThemeAction", allowed: EVERYONE, public: true },
  { kind: "action", file: "app/actions.ts", name: "signOutAction", allowed: EVERYONE, public: true },
  // REST API, alerts and settings (issue 7): /api/v1 takes API keys, not sessions; nobody is allowed by role
  { kind: "route", method: "GET", path: "/api/v1/openapi.json", file: "app/api/v1/openapi.json/route.ts", allowed: EVERYONE, auth: "public" },
  { kind: "route", method: "GET", path: "/api/v1/accounts", file: "app/api/v1/accounts/route.ts", allowed: [], auth: "api-key", scope: "read" },
  { kind: "route", method: "GET", path: "/api/v1/accounts/{externalId}", file: "app/api/v1/accounts/[externalId]/route.ts", allowed: [], auth: "api-key", scope: "read" },
  { kind: "route", method: "GET", path: "/api/v1/accounts/{externalId}/explanation", file: "app/api/v1/accounts/[externalId]/explanation/route.ts", allowed: [], auth: "api-key", scope: "read" },
  { kind: "route", method: "GET", path: "/api/v1/accounts/batch", file: "app/api/v1/accounts/batch/route.ts", allowed: [], auth: "api-key", scope: "read" },
  { kind: "route", method: "POST", path: "/api/v1/accounts/batch", file: "app/api/v1/accounts/batch/route.ts", allowed: [], auth: "api-key", scope: "write", body: { records: [{ externalId: "authz-probe", name: "Probe" }] } },
  { kind: "route", method: "POST", path: "/api/v1/contacts/batch", file: "app/api/v1/contacts/batch/route.ts", allowed: [], auth: "api-key", scope: "write", body: { records: [{ externalId: "authz-probe", accountExternalId: "authz-probe" }] } },
  { kind: "route", method: "POST", path: "/api/v1/activities/batch", file: "app/api/v1/activities/batch/route.ts", allowed: [], auth: "api-key", scope: "write", body: { records: [{ accountExternalId: "authz-probe", type: "web_visit", occurredAt: "2025-01-01" }] } },
  { kind: "route", method: "POST", path: "/api/v1/intent-signals/batch", file: "app/api/v1/intent-signals/batch/route.ts", allowed: [], auth: "api-key", scope: "write", body: { records: [{ accountExternalId: "authz-probe", topic: "intent data", strength: 50, observedAt: "2025-01-01" }] } },
  { kind: "route", method: "POST", path: "/api/v1/opportunities/batch", file: "app/api/v1/opportunities/batch/route.ts", allowed: [], auth: "api-key", scope: "write", body: { records: [{ externalId: "authz-probe", accountExternalId: "authz-probe", stage: "open", createdAt: "2025-01-01" }] } },
  { kind: "page", path: "/settings", file: "app/(dashboard)/settings/page.tsx", allowed: ADMIN },
  { kind: "page", path: "/settings/users", file: "app/(dashboard)/settings/users/page.tsx", allowed: ADMIN },
  { kind: "page", path: "/settings/api-keys", file: "app/(dashboard)/settings/api-keys/page.tsx", allowed: ADMIN },
  { kind: "page", path: "/settings/webhooks", file: "app/(dashboard)/settings/webhooks/page.tsx", allowed: ADMIN },
  { kind: "page", path: "/settings/alerts", file: "app/(dashboard)/settings/alerts/page.tsx", allowed: ADMIN },
  { kind: "page", path: "/settings/audit", file: "app/(dashboard)/settings/audit/page.tsx", allowed: ADMIN },
  { kind: "page", path: "/api-docs", file: "app/(dashboard)/api-docs/page.tsx", allowed: ["admin", "marketing"] },
  { kind: "page", path: "/notifications", file: "app/(dashboard)/notifications/page.tsx", allowed: SIGNED_IN },
  { kind: "action", file: "app/(dashboard)/settings/users/actions.ts", name: "createUserAction", allowed: ADMIN, args: () => [null, form({ name: "Probe", email: "probe-user@lodestar.dev", role: "admin", password: "a-long-enough-password" })] },
  { kind: "action", file: "app/(dashboard)/settings/users/actions.ts", name: "changeUserRoleAction", allowed: ADMIN, args: () => [null, form({ userId: "4", role: "admin" })] },
  { kind: "action", file: "app/(dashboard)/settings/users/actions.ts", name: "setUserDisabledAction", allowed: ADMIN, args: () => [null, form({ userId: "3", disabled: "true" })] },
  { kind: "action", file: "app/(dashboard)/settings/api-keys/actions.ts", name: "createApiKeyAction", allowed: ADMIN, args: () => [null, form({ name: "probe", access: "read_write" })] },
  { kind: "action", file: "app/(dashboard)/settings/api-keys/actions.ts", name: "revokeApiKeyAction", allowed: ADMIN, args: () => [null, form({ id: "1" })] },
  { kind: "action", file: "app/(dashboard)/settings/webhooks/actions.ts", name: "createWebhookEndpointAction", allowed: ADMIN, args: () => [null, form({ name: "probe", url: "https://example.com/hook", secret: "" })] },
  { kind: "action", file: "app/(dashboard)/settings/webhooks/actions.ts", name: "setWebhookEndpointEnabledAction", allowed: ADMIN, args: () => [null, form({ id: "1", enabled: "false" })] },
  { kind: "action", file: "app/(dashboard)/settings/webhooks/actions.ts", name: "deleteWebhookEndpointAction", allowed: ADMIN, args: () => [null, form({ id: "1" })] },
  { kind: "action", file: "app/(dashboard)/settings/webhooks/actions.ts", name: "sendTestWebhookAction", allowed: ADMIN, args: () => [null, form({ id: "1" })] },
  { kind: "action", file: "app/(dashboard)/settings/webhooks/actions.ts", name: "replayDeliveryAction", allowed: ADMIN, args: () => [null, form({ id: "1" })] },
  { kind: "action", file: "app/(dashboard)/settings/alerts/actions.ts", name: "createAlertRuleAction", allowed: ADMIN, args: () => [null, form({ name: "probe", kind: "enters_band", band: "A", modelId: "", endpointId: "", notifyOwner: "on" })] },
  { kind: "action", file: "app/(dashboard)/settings/alerts/actions.ts", name: "setAlertRuleEnabledAction", allowed: ADMIN, args: () => [null, form({ id: "1", enabled: "false" })] },
  { kind: "action", file: "app/(dashboard)/settings/alerts/actions.ts", name: "deleteAlertRuleAction", allowed: ADMIN, args: () => [null, form({ id: "1" })] },
  { kind: "action", file: "app/(dashboard)/notifications/actions.ts", name: "markNotificationsReadAction", allowed: SIGNED_IN, args: () => [null, form({ id: "" })] },
  // Scoring models (issue 3): everyone signed in reads models and backtests; marketing and admins edit, preview and publish.
  // Probes run against the e2e database, whose model 1 is the published demo model (version 1).
  { kind: "page", path: "/models", file: "app/(dashboard)/models/page.tsx", allowed: SIGNED_IN },
  { kind: "page", path: "/models/new", file: "app/(dashboard)/models/new/page.tsx", allowed: ["admin", "marketing"] },
  { kind: "page", path: "/models/1", file: "app/(dashboard)/models/[modelId]/page.tsx", allowed: SIGNED_IN },
  { kind: "page", path: "/models/1/versions", file: "app/(dashboard)/models/[modelId]/versions/page.tsx", allowed: SIGNED_IN },
  { kind: "page", path: "/models/1/diff", file: "app/(dashboard)/models/[modelId]/diff/page.tsx", allowed: SIGNED_IN },
  { kind: "action", file: "app/(dashboard)/models/actions.ts", name: "createModelAction", allowed: ["admin", "marketing"], args: () => [{}, form({ name: "Authz probe model", description: "", start: "template" })] },
  { kind: "action", file: "app/(dashboard)/models/actions.ts", name: "saveDraftAction", allowed: ["admin", "marketing"], args: () => [{ versionId: 1, revision: 1, definition: { schemaVersion: 1 } }] },
  { kind: "action", file: "app/(dashboard)/models/actions.ts", name: "createDraftAction", allowed: ["admin", "marketing"], args: () => [{ modelId: 1, fromVersionId: 1 }] },
  { kind: "action", file: "app/(dashboard)/models/actions.ts", name: "discardDraftAction", allowed: ["admin", "marketing"], args: () => [{ versionId: 2, revision: 1 }] },
  { kind: "action", file: "app/(dashboard)/models/actions.ts", name: "publishAction", allowed: ["admin", "marketing"], args: () => [{ versionId: 1, revision: 1, note: "authz probe" }] },
  { kind: "action", file: "app/(dashboard)/models/actions.ts", name: "rollbackAction", allowed: ["admin", "marketing"], args: () => [{ versionId: 1, note: "authz probe" }] },
  { kind: "action", file: "app/(dashboard)/models/actions.ts", name: "previewAction", allowed: ["admin", "marketing"], args: () => [{ modelId: 1, definition: { schemaVersion: 1 } }] },
  { kind: "action", file: "app/(dashboard)/models/actions.ts", name: "backtestAction", allowed: SIGNED_IN, args: () => [{ modelId: 1, cutoff: "2025-01-01", horizonDays: 180 }] },
  // Insights (issue 5): managers, marketing and admins read success metrics; sales is denied
  { kind: "page", path: "/insights", file: "app/(dashboard)/insights/page.tsx", allowed: ["marketing", "manager", "admin"] },
  // CSV imports (issue 7): admins and marketing import. The upload row comes first on purpose: the
  // allowed roles' probe uploads create import #1, which the job page and its routes below then open.
  { kind: "route", method: "POST", path: "/api/imports?entity=accounts&filename=authz-probe.csv", file: "app/api/imports/route.ts", allowed: ["admin", "marketing"], body: "Account ID,Company Name\r\nauthz-1,Probe\r\n" },
  { kind: "page", path: "/imports", file: "app/(dashboard)/imports/page.tsx", allowed: ["admin", "marketing"] },
  { kind: "page", path: "/imports/new", file: "app/(dashboard)/imports/new/page.tsx", allowed: ["admin", "marketing"] },
  { kind: "page", path: "/imports/1", file: "app/(dashboard)/imports/[id]/page.tsx", allowed: ["admin", "marketing"] },
  { kind: "route", method: "GET", path: "/api/imports/1", file: "app/api/imports/[id]/route.ts", allowed: ["admin", "marketing"] },
  { kind: "route", method: "GET", path: "/api/imports/1/errors", file: "app/api/imports/[id]/errors/route.ts", allowed: ["admin", "marketing"] },
  { kind: "action", file: "app/(dashboard)/imports/actions.ts", name: "previewImportAction", allowed: ["admin", "marketing"], args: () => [1, { entity: "accounts", columns: [], fixed: [], blanks: [], delimiter: "," }] },
  { kind: "action", file: "app/(dashboard)/imports/actions.ts", name: "startImportAction", allowed: ["admin", "marketing"], args: () => [1, null, false] },
  { kind: "action", file: "app/(dashboard)/imports/actions.ts", name: "cancelImportAction", allowed: ["admin", "marketing"], args: () => [1] },
  { kind: "action", file: "app/(dashboard)/imports/actions.ts", name: "publishScoresAction", allowed: ["admin", "marketing"], args: () => [1] },
  // Predictive training (issue 6): marketing and admins train and publish; everyone signed in reads runs.
  // The POST row comes first on purpose: the allowed roles' probes queue training run #1 (a window
  // with enough outcomes in the 1,000-account e2e data), which the run page and its route then open.
  { kind: "route", method: "POST", path: "/api/training-runs", file: "app/api/training-runs/route.ts", allowed: ["admin", "marketing"], body: { outcome: "opportunity", horizonDays: 180, cutoff: new Date(Date.now() - 200 * 86_400_000).toISOString().slice(0, 10), groups: ["fit", "engagement"], learner: "lr" } },
  { kind: "page", path: "/models/predictive", file: "app/(dashboard)/models/predictive/page.tsx", allowed: SIGNED_IN },
  { kind: "page", path: "/models/predictive/1", file: "app/(dashboard)/models/predictive/[runId]/page.tsx", allowed: SIGNED_IN },
  { kind: "route", method: "GET", path: "/api/training-runs/1", file: "app/api/training-runs/[id]/route.ts", allowed: SIGNED_IN },
  { kind: "action", file: "app/(dashboard)/models/predictive/actions.ts", name: "startTrainingAction", allowed: ["admin", "marketing"], args: () => [{}, form({ outcome: "opportunity", horizonDays: "90", cutoff: "2026-01-01", groups: "fit", learner: "blend" })] },
  { kind: "action", file: "app/(dashboard)/models/predictive/actions.ts", name: "publishRunAction", allowed: ["admin", "marketing"], args: () => [{ runId: 1, kind: "predictive", target: "new", newModelName: "Authz probe", note: "authz probe" }] },
  { kind: "action", file: "app/(dashboard)/models/predictive/actions.ts", name: "suggestRulesAction", allowed: ["admin", "marketing"], args: () => [{ runId: 1, name: "Authz probe" }] },
];
