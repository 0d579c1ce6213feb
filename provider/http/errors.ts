/**
 * How a failed management-API call is reported: the vendors' error body shapes the transport (send.ts) reads the
 * code and message of a `JwksHttpError` from (the class lives with every other error in ../errors/). Adapters
 * branch on `isHttpError(e)` and its `status` and `vendorCode`.
 */
import { JwksHttpError, type HttpResponse } from "../errors";

export type { HttpResponse };

/** The error code and message a server put in an error body. */
export interface VendorErrorBody {
  code?: string;
  message?: string;
}

/**
 * The error code and message from an error body in the common shapes: `{code, message, details}`, OAuth
 * `{error, error_description}`, `{message}`. A vendor with a shape of its own reads it in its folder and hands
 * the reader to its `HttpClient` (`errorBody`).
 */
export function vendorError(body: unknown): VendorErrorBody {
  if (typeof body !== "object" || body === null) return {};
  const b = body as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : undefined);
  const details = Array.isArray(b.details) ? b.details.map((d) => str((d as Record<string, unknown>)?.message)).filter(Boolean) : [];
  const code = str(b.code) ?? str(b.error);
  const message = str(b.message) ?? str(b.error_description) ?? str(b.description);
  const full = [message, ...details].filter(Boolean).join(": ");
  return { ...(code ? { code } : {}), ...(full ? { message: full } : {}) };
}

/** A non-JSON body described, not quoted: its content type and size. */
export function unquotedBody(response: HttpResponse): string {
  const type = response.headers["content-type"];
  const length = Buffer.byteLength(String(response.body));
  return `(${String((Array.isArray(type) ? type[0] : type) ?? "untyped").split(";")[0]} body, ${length} bytes, not shown)`;
}

/** The same failure, marked unclear because an earlier attempt of the call may have taken effect. */
export function asUnclear(err: JwksHttpError): JwksHttpError {
  const init = { target: err.target, operation: err.operation, status: err.status, vendorCode: err.vendorCode, unclear: true };
  return new JwksHttpError({ ...init, detail: err.detail, cause: err.cause, ...(err.response ? { response: err.response } : {}) });
}
