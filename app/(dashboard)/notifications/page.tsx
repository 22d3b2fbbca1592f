import type { Metadata } from "next";
import { requirePageUser } from "@/app/_lib/guards";
import { Card, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { getDb } from "@/db/client";
import { countUnreadNotifications, listNotifications } from "@/db/queries/settings";
import { InlineAction } from "@/components/ui/inline-action";
import { formatTime } from "@/app/_lib/format-time";
import { markNotificationsReadAction } from "./actions";

export const metadata: Metadata = { title: "Notifications" };

/** The signed-in user's alerts (accounts of theirs that crossed a threshold at a publish). */
export default async function NotificationsPage() {
  const user = await requirePageUser("accounts:read");
  const handle = getDb();
  const [items, unread] = await Promise.all([listNotifications(handle, user.id), countUnreadNotifications(handle, user.id)]);
  return (
    <section className="flex max-w-3xl flex-col gap-4">
      <header className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Notifications</h1>
          <p className="text-sm text-muted-foreground" data-testid="unread-count">
            {unread === 0 ? "You are all caught up." : `${unread} unread`}
          </p>
        </div>
        {unread > 0 ? <InlineAction action={markNotificationsReadAction} fields={{ id: "" }} label="Mark all read" /> : null}
      </header>
      <Card>
        <CardHeader>
          <CardTitle>Alerts on your accounts</CardTitle>
          <p className="text-sm text-muted-foreground">Alert rules set by your admin notify you when one of your accounts moves at a publish.</p>
        </CardHeader>
        {items.length === 0 ? (
          <p className="px-5 py-4 text-sm text-muted-foreground">No notifications yet.</p>
        ) : (
          <ul className="divide-y" data-testid="notifications">
            {items.map((n) => (
              <li key={n.id} className={cn("flex items-start justify-between gap-4 px-5 py-3", n.readAt ? "" : "bg-primary/5")}>
                <div className="min-w-0">
                  <p className={cn("text-sm", n.readAt ? "" : "font-semibold")}>
                    {n.readAt ? null : <span className="sr-only">Unread: </span>}
                    {n.title}
                  </p>
                  {n.body ? <p className="text-sm text-muted-foreground">{n.body}</p> : null}
                  <p className="mt-1 text-xs text-muted-foreground">{formatTime(n.createdAt)}</p>
                </div>
                {n.readAt ? null : <InlineAction action={markNotificationsReadAction} fields={{ id: n.id }} label="Mark read" variant="ghost" ariaLabel={`Mark “${n.title}” read`} />}
              </li>
            ))}
          </ul>
        )}
      </Card>
    </section>
  );
}
