import { headers } from "next/headers";
import type { z } from "zod";
import type { Actor } from "@/db/mutations/models";
import { clientIp } from "@/lib/auth";
import type { CurrentUser } from "@/lib/auth/session";

/** The audit actor of a signed-in user's action. */
export async function actorOf(user: CurrentUser): Promise<Actor> {
  return { userId: user.id, label: user.email, ip: clientIp(await headers()) };
}

/** A zod failure as an action result with a message per field. */
export function invalid(error: z.ZodError): { ok: false; message: string; fieldErrors: Record<string, string[]> } {
  const fieldErrors: Record<string, string[]> = {};
  for (const i of error.issues) (fieldErrors[i.path.join(".") || "form"] ??= []).push(i.message);
  return { ok: false, message: "Please correct the highlighted fields.", fieldErrors };
}

/** The form's fields as plain strings (absent → ""). */
export function fields<K extends string>(formData: FormData, keys: readonly K[]): Record<K, string> {
  return Object.fromEntries(keys.map((k) => [k, String(formData.get(k) ?? "")])) as Record<K, string>;
}
