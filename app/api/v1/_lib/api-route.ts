/**
 * The one wrapper every `/api/v1` route handler goes through: API-key authentication (401), the
 * per-key rate limit (429 with Retry-After), the scope check (403), body size and JSON parsing
 * (413/400), zod validation with field-level messages (400), Idempotency-Key replays (same key
 * and body → the stored response; other body → 422), and the shared error shape
 * `{ error: { code, message, fields? } }`.
 */
import { createHash } from "node:crypto";
import type { z } from "zod";
import { getDb, type DbHandle } from "@/db/client";
import { beginIdempotentRequest, completeIdempotentRequest } from "@/db/mutations/idempotency";
import { authenticateApiKey, consumeRateLimit, requireScope, type ApiKeyScope, type ApiPrincipal, type RateLimitState } from "@/lib/auth/api-keys";
import { AppError } from "@/lib/errors";
import { fieldErrorsOf } from "@/lib/validation/api";

/** Largest accepted request body (a full batch of 1,000 rich records is well under 5 MB). */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface ApiContext<B> {
  request: Request;
  handle: DbHandle;
  principal: ApiPrincipal;
  body: B;
  /** route params (already awaited) */
  params: Record<string, string>;
}

export interface ApiRouteOptions<S extends z.ZodType | undefined> {
  scope: ApiKeyScope;
  /** JSON body schema (write endpoints); omitted for GET */
  body?: S;
}

type Handler<B> = (ctx: ApiContext<B>) => Promise<{ status?: number; body: unknown }>;
type RouteContext = { params: Promise<Record<string, string | string[]>> };

const jsonResponse = (status: number, text: string, headers: Record<string, string> = {}) =>
  new Response(text, { status, headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", ...headers } });

function rateHeaders(rl: RateLimitState | null): Record<string, string> {
  return rl ? { "X-RateLimit-Limit": String(rl.limit), "X-RateLimit-Remaining": String(rl.remaining) } : {};
}

function errorResponse(err: unknown, extra: Record<string, string>): Response {
  if (err instanceof AppError) return jsonResponse(err.status, JSON.stringify(err.toJSON()), { ...extra, ...(err.headers ?? {}) });
  console.error("[api]", err);
  return jsonResponse(500, JSON.stringify({ error: { code: "internal:api", message: "Internal error" } }), extra);
}

/** Builds a route handler; see the module comment. */
export function apiRoute<S extends z.ZodType | undefined = undefined>(
  options: ApiRouteOptions<S>,
  handler: Handler<S extends z.ZodType ? z.output<S> : undefined>,
) {
  return async (request: Request, context?: RouteContext): Promise<Response> => {
    let rl: RateLimitState | null = null;
    let idem: { apiKeyId: number; key: string } | null = null;
    try {
      const handle = getDb();
      const principal = await authenticateApiKey(handle, request);
      rl = await consumeRateLimit(handle, principal.id);
      requireScope(principal, options.scope);
      // Next passes a context to static routes too, with params resolving to undefined.
      const rawParams = (context ? await context.params : undefined) ?? {};
      const params = Object.fromEntries(Object.entries(rawParams).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));

      let body: unknown = undefined;
      if (options.body) {
        const declared = Number(request.headers.get("content-length") ?? 0);
        if (declared > MAX_BODY_BYTES) throw new AppError("payload_too_large:api", `The body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.`);
        const text = await request.text();
        if (text.length > MAX_BODY_BYTES) throw new AppError("payload_too_large:api", `The body is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.`);

        const idemKey = request.headers.get("idempotency-key");
        if (idemKey !== null) {
          if (idemKey.length === 0 || idemKey.length > 200)
            throw new AppError("bad_request:api", "Idempotency-Key must be 1–200 characters.", { fieldErrors: { "Idempotency-Key": ["Must be 1–200 characters."] } });
          const hash = createHash("sha256").update(`${request.method} ${new URL(request.url).pathname}\n${text}`).digest("hex");
          const start = await beginIdempotentRequest(handle, principal.id, idemKey, hash);
          if (start.kind === "replay") return jsonResponse(start.status, start.body, { ...rateHeaders(rl), "Idempotency-Replayed": "true" });
          idem = { apiKeyId: principal.id, key: idemKey };
        }

        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          throw new AppError("bad_request:api", "The body is not valid JSON.", { fieldErrors: { body: ["Not valid JSON."] } });
        }
        const parsed = options.body.safeParse(json);
        if (!parsed.success)
          throw new AppError("bad_request:api", `The request has ${parsed.error.issues.length} invalid field${parsed.error.issues.length === 1 ? "" : "s"}; see error.fields.`, {
            fieldErrors: fieldErrorsOf(parsed.error),
          });
        body = parsed.data;
      }

      const out = await handler({ request, handle, principal, body: body as never, params });
      const status = out.status ?? 200;
      const text = JSON.stringify(out.body);
      if (idem) await completeIdempotentRequest(handle, idem.apiKeyId, idem.key, status, text);
      return jsonResponse(status, text, rateHeaders(rl));
    } catch (err) {
      const res = errorResponse(err, rateHeaders(rl));
      if (idem) {
        // A deterministic refusal (bad payload) is stored like a success; a server error releases the key.
        await completeIdempotentRequest(getDb(), idem.apiKeyId, idem.key, res.status, await res.clone().text()).catch(() => undefined);
      }
      return res;
    }
  };
}
