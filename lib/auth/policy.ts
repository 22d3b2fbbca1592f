/**
 * Who may do what: the permission table every guard consults. Pure data, so the authorization matrix
 * tests and the UI (hiding what a role cannot use) read the same source.
 */
import type { Role } from "../vocabulary";

export const PERMISSIONS = {
  "accounts:read": ["admin", "marketing", "manager", "sales"],
  /** status and notes; sales only on accounts they own (checked by the verb) */
  "accounts:update-status": ["admin", "sales"],
  "accounts:reassign": ["admin", "manager"],
  "accounts:export": ["admin", "marketing", "manager", "sales"],
  "models:read": ["admin", "marketing", "manager", "sales"],
  "models:write": ["admin", "marketing"],
  "models:publish": ["admin", "marketing"],
  "predictive:train": ["admin", "marketing"],
  "insights:read": ["admin", "manager", "marketing"],
  "imports:run": ["admin", "marketing"],
  "api-docs:read": ["admin", "marketing"],
  "settings:manage": ["admin"],
  "audit:read": ["admin"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** True when the role holds the permission. */
export function can(role: Role | null | undefined, permission: Permission): boolean {
  if (!role) return false;
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}
