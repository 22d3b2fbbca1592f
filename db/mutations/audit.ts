import type { AppDatabase, DbHandle } from "../client";

export interface AuditEntry {
  actorUserId?: number | null;
  /** who, readable: an email, "api-key:<name>", "system" */
  actorLabel: string;
  /** dotted verb, e.g. "auth.sign_in", "model.publish" */
  action: string;
  targetType?: string;
  targetId?: string | number;
  details?: unknown;
  ip?: string | null;
}

/**
 * Appends one entry to the audit log. Pass `tx` to make it part of the caller's transaction (so the
 * audit line and the change commit together); without it, it writes in its own transaction.
 */
export async function writeAudit(handle: DbHandle, entry: AuditEntry, tx?: AppDatabase): Promise<void> {
  const row = {
    at: Date.now(),
    actorUserId: entry.actorUserId ?? null,
    actorLabel: entry.actorLabel,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId == null ? null : String(entry.targetId),
    details: (entry.details ?? null) as unknown,
    ip: entry.ip ?? null,
  };
  if (tx) {
    await tx.insert(handle.schema.auditLog).values(row);
    return;
  }
  await handle.transact((t) => t.insert(handle.schema.auditLog).values(row));
}
