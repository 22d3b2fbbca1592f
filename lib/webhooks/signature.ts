/**
 * Webhook signatures. Every delivery carries `Lodestar-Signature: t=<unix seconds>,v1=<hex>` where the
 * hex is HMAC-SHA256 with the endpoint's secret over `"<t>.<raw body>"`. Signing the timestamp with the
 * body lets a receiver refuse replays of an old, captured request (`toleranceS`). Pure (node:crypto
 * only), so receivers and tests can import it.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** The header that carries the signature. */
export const SIGNATURE_HEADER = "Lodestar-Signature";
/** The header that carries the delivery's id (stable across retries: receivers de-duplicate on it). */
export const DELIVERY_ID_HEADER = "Lodestar-Delivery-Id";
/** The header that names the event type, e.g. `alert.triggered`. */
export const EVENT_HEADER = "Lodestar-Event";

/** Hex HMAC-SHA256 of `"<t>.<body>"` with `secret`. */
export function computeSignature(secret: string, timestampS: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestampS}.${body}`).digest("hex");
}

/** The signature header value for a body sent at `nowMs`. */
export function signatureHeader(secret: string, body: string, nowMs = Date.now()): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${computeSignature(secret, t, body)}`;
}

/** Why a signature was refused, or ok. */
export type VerifyResult = { ok: true; timestampS: number } | { ok: false; reason: "malformed" | "expired" | "mismatch" };

/**
 * Verifies a `Lodestar-Signature` header against the raw request body: the header must parse, its
 * timestamp must be within `toleranceS` seconds of now, and one of its `v1` signatures must match
 * (several are allowed so a secret can be rotated). Compared in constant time.
 */
export function verifySignature(secret: string, header: string | null | undefined, body: string, toleranceS = 300, nowMs = Date.now()): VerifyResult {
  if (!header) return { ok: false, reason: "malformed" };
  let t = NaN;
  const sigs: string[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const k = part.slice(0, eq).trim();
    const v = part.slice(eq + 1).trim();
    if (k === "t" && /^\d+$/.test(v)) t = Number(v);
    else if (k === "v1" && /^[0-9a-f]{64}$/i.test(v)) sigs.push(v.toLowerCase());
  }
  if (!Number.isFinite(t) || sigs.length === 0) return { ok: false, reason: "malformed" };
  if (Math.abs(nowMs / 1000 - t) > toleranceS) return { ok: false, reason: "expired" };
  const expected = Buffer.from(computeSignature(secret, t, body), "hex");
  for (const s of sigs) if (timingSafeEqual(expected, Buffer.from(s, "hex"))) return { ok: true, timestampS: t };
  return { ok: false, reason: "mismatch" };
}
