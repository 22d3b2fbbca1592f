import { AppError } from "@/lib/errors";

/** The optional `?model=<id>` query parameter; 400 when it is not a positive integer. */
export function modelParam(request: Request): number | undefined {
  const raw = new URL(request.url).searchParams.get("model");
  if (raw === null || raw === "") return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new AppError("bad_request:api", "model must be a model id.", { fieldErrors: { model: ["Must be a positive integer."] } });
  return Number(raw);
}
