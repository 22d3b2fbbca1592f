import { upsertBatch } from "@/db/mutations/upsert";
import type { ImportEntity } from "@/lib/csv/fields";
import { BATCH_REQUEST_SCHEMAS, type BatchResponse } from "@/lib/validation/api";
import { apiRoute } from "./api-route";

/**
 * `POST /api/v1/<entity>/batch`: validates up to 1,000 records (400 with field paths such as
 * records.3.employeeCount when any is malformed; nothing is written then), upserts them in one
 * transaction and answers one outcome per record. Audited by the upsert verb as `api-key:<name>`.
 */
export function batchUpsertRoute(entity: ImportEntity) {
  return apiRoute({ scope: "write", body: BATCH_REQUEST_SCHEMAS[entity] }, async ({ handle, principal, body, request }) => {
    const dryRun = body.dryRun === true;
    const ip = request.headers.get("x-forwarded-for")?.split(",")[0]?.trim() ?? null;
    const { results, counts } = await upsertBatch(handle, entity, body.records as never, { dryRun, actor: { userId: null, label: principal.label, ip } });
    const response: BatchResponse = {
      entity,
      dryRun,
      counts,
      results: results.map((r) => ({
        index: r.index,
        outcome: r.outcome,
        ...(r.id !== undefined ? { id: r.id } : {}),
        ...(r.errors?.length ? { errors: r.errors.map((e) => ({ field: e.field, message: e.message })) } : {}),
      })),
    };
    return { body: response };
  });
}
