/**
 * The one error type of Lodestar. A code is `type:surface`; the type decides the HTTP status, the
 * surface says where it happened. Route handlers turn it into a JSON response; pages and actions show
 * `message`, which is always safe to show to the user.
 */
export type ErrorType = "bad_request" | "unauthorized" | "forbidden" | "not_found" | "conflict" | "payload_too_large" | "unprocessable" | "rate_limited" | "unavailable";
export type ErrorCode = `${ErrorType}:${string}`;

const STATUS: Record<ErrorType, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
};

export interface FieldErrors {
  [field: string]: string[];
}

export class AppError extends Error {
  readonly type: ErrorType;
  readonly surface: string;
  readonly fieldErrors?: FieldErrors;
  readonly headers?: Record<string, string>;

  constructor(code: ErrorCode, message: string, extra?: { fieldErrors?: FieldErrors; headers?: Record<string, string> }) {
    super(message);
    const [type, surface] = code.split(":") as [ErrorType, string];
    this.type = type;
    this.surface = surface;
    this.fieldErrors = extra?.fieldErrors;
    this.headers = extra?.headers;
  }

  get status(): number {
    return STATUS[this.type];
  }

  toJSON() {
    return { error: { code: `${this.type}:${this.surface}`, message: this.message, ...(this.fieldErrors ? { fields: this.fieldErrors } : {}) } };
  }
}

/** The shape every server action returns to `useActionState`. */
export type ActionResult<T = undefined> =
  | { ok: true; data?: T; message?: string }
  | { ok: false; message: string; fieldErrors?: FieldErrors };

/** Converts a thrown error to an ActionResult, hiding internals of unexpected errors. */
export function toActionResult(err: unknown): { ok: false; message: string; fieldErrors?: FieldErrors } {
  if (err instanceof AppError) return { ok: false, message: err.message, fieldErrors: err.fieldErrors };
  console.error(err);
  return { ok: false, message: "Something went wrong on our side. Nothing was saved; please try again." };
}
