/**
 * Saved views of the accounts list: a name and the list's query string, per user. Saving under an
 * existing name replaces that view; each user sees and deletes only their own.
 */
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { DbHandle } from "../client";

export const MAX_SAVED_VIEWS = 50;

export const saveViewSchema = z.object({
  name: z.string().trim().min(1, "Give the view a name.").max(60, "Names are at most 60 characters."),
  /** the list's canonical query string, without "?" */
  query: z.string().max(4000, "This view has too many filters to save."),
});
export type SaveViewInput = z.input<typeof saveViewSchema>;

export interface SavedView {
  id: number;
  name: string;
  query: string;
}

/** The user's saved views, by name. */
export async function listSavedViews(handle: DbHandle, userId: number): Promise<SavedView[]> {
  const v = handle.schema.savedViews;
  return handle.db.select({ id: v.id, name: v.name, query: v.query }).from(v).where(eq(v.userId, userId)).orderBy(asc(v.name));
}

/** Saves (or replaces, by name) one of the user's views. */
export async function saveView(handle: DbHandle, userId: number, input: SaveViewInput): Promise<SavedView> {
  const parsed = saveViewSchema.safeParse(input);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const i of parsed.error.issues) (fieldErrors[String(i.path[0] ?? "name")] ??= []).push(i.message);
    throw new AppError("unprocessable:saved_view", "The view was not saved.", { fieldErrors });
  }
  const { name, query } = parsed.data;
  const v = handle.schema.savedViews;
  return handle.transact(async (tx) => {
    const [existing] = await tx.select({ id: v.id }).from(v).where(and(eq(v.userId, userId), eq(v.name, name)));
    if (existing) {
      await tx.update(v).set({ query }).where(eq(v.id, existing.id));
      return { id: existing.id, name, query };
    }
    const all = await tx.select({ id: v.id }).from(v).where(eq(v.userId, userId));
    if (all.length >= MAX_SAVED_VIEWS) throw new AppError("conflict:saved_view", `You can keep up to ${MAX_SAVED_VIEWS} views; delete one first.`);
    const [row] = await tx.insert(v).values({ userId, name, query, createdAt: Date.now() }).returning({ id: v.id });
    return { id: row!.id, name, query };
  });
}

/** Deletes one of the user's views; someone else's view id is "not found". */
export async function deleteView(handle: DbHandle, userId: number, viewId: number): Promise<void> {
  const v = handle.schema.savedViews;
  const deleted = await handle.transact((tx) => tx.delete(v).where(and(eq(v.id, viewId), eq(v.userId, userId))).returning({ id: v.id }));
  if (deleted.length === 0) throw new AppError("not_found:saved_view", "That view does not exist.");
}
