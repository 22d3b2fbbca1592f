import type { Metadata } from "next";
import Link from "next/link";
import { and, count, eq, isNull } from "drizzle-orm";
import { requirePageUser } from "@/app/_lib/guards";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { getDb } from "@/db/client";

export const metadata: Metadata = { title: "Settings" };

/** Settings overview: one card per area with what is there now. */
export default async function SettingsPage() {
  await requirePageUser("settings:manage");
  const { db, schema } = getDb();
  const n = async (q: Promise<{ c: number }[]>) => Number((await q)[0]?.c ?? 0);
  const [users, disabled, keys, endpoints, failed, rules, unread] = await Promise.all([
    n(db.select({ c: count() }).from(schema.users)),
    n(db.select({ c: count() }).from(schema.users).where(eq(schema.users.disabled, true))),
    n(db.select({ c: count() }).from(schema.apiKeys).where(isNull(schema.apiKeys.revokedAt))),
    n(db.select({ c: count() }).from(schema.webhookEndpoints)),
    n(db.select({ c: count() }).from(schema.webhookDeliveries).where(eq(schema.webhookDeliveries.status, "failed"))),
    n(db.select({ c: count() }).from(schema.alertRules).where(eq(schema.alertRules.enabled, true))),
    n(db.select({ c: count() }).from(schema.notifications).where(and(isNull(schema.notifications.readAt)))),
  ]);
  const cards = [
    { href: "/settings/users", title: "Users & roles", stat: `${users} users${disabled ? `, ${disabled} disabled` : ""}`, text: "Invite people, set their role, disable access. Role changes apply on the next request." },
    { href: "/settings/api-keys", title: "API keys", stat: `${keys} active`, text: "Keys for the REST API with read or write scope. Shown once, stored hashed, revocable at once." },
    { href: "/settings/webhooks", title: "Webhooks", stat: `${endpoints} endpoints${failed ? ` · ${failed} failed deliveries` : ""}`, text: "Signed HTTP callbacks for alerts, with retries, a delivery log and replay." },
    { href: "/settings/alerts", title: "Alert rules", stat: `${rules} enabled · ${unread} unread notifications`, text: "Notify owners and call webhooks when a publish moves an account into a band or past a score." },
    { href: "/settings/audit", title: "Audit log", stat: "who did what, when, from where", text: "Every change to users, keys, models, rules and data." },
    { href: "/api-docs", title: "API reference", stat: "OpenAPI 3.1", text: "Endpoints, payloads and curl examples for the REST API." },
  ];
  return (
    <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3">
      {cards.map((c) => (
        <Link key={c.href} href={c.href} className="group rounded-lg focus-visible:outline-2 focus-visible:outline-ring">
          <Card className="h-full transition-colors group-hover:border-primary/50">
            <CardHeader>
              <CardTitle>{c.title}</CardTitle>
              <p className="text-sm font-medium text-primary">{c.stat}</p>
            </CardHeader>
            <CardContent>
              <p className="text-sm text-muted-foreground">{c.text}</p>
            </CardContent>
          </Card>
        </Link>
      ))}
    </div>
  );
}
