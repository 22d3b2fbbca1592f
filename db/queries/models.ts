import { eq } from "drizzle-orm";
import type { DbHandle } from "../client";

/** The model whose published version is "the account score" shown across the app, if any. */
export async function getPrimaryModel(handle: DbHandle) {
  const { db, schema } = handle;
  const [row] = await db.select().from(schema.scoringModels).where(eq(schema.scoringModels.isPrimary, true)).limit(1);
  return row ?? null;
}
