import { NextResponse } from "next/server";
import { AppError } from "@/lib/errors";

/** Wraps a route handler so AppError becomes its JSON error response and anything else a plain 500. */
export function withErrors<A extends unknown[]>(handler: (...args: A) => Promise<Response>) {
  return async (...args: A): Promise<Response> => {
    try {
      return await handler(...args);
    } catch (err) {
      if (err instanceof AppError) return NextResponse.json(err.toJSON(), { status: err.status, headers: err.headers });
      console.error(err);
      return NextResponse.json({ error: { code: "internal:server", message: "Internal error" } }, { status: 500 });
    }
  };
}
