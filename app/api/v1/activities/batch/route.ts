import { batchUpsertRoute } from "../../_lib/batch";

/** Batch upsert of activities (API key with the write scope); see app/api/v1/_lib/batch.ts. */
export const POST = batchUpsertRoute("activities");
