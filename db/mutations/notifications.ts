import { and, eq, isNull } from "drizzle-orm";
import type { DbHandle } from "../client";

/** Marks the user's unread notifications read (all of them, or one); only ever the user's own. */
export async function markNotificationsRead(handle: DbHandle, userId: number, id?: number): Promise<number> {
  const n = handle.schema.notifications;
  const rows = await handle.transact((tx) =>
    tx
      .update(n)
      .set({ readAt: Date.now() })
      .where(and(eq(n.userId, userId), isNull(n.readAt), id ? eq(n.id, id) : undefined))
      .returning({ id: n.id }),
  );
  return rows.length;
}
