/**
 * How a failed management-API call is reported: the vendors' error body shapes the transport (send.ts) reads the
 * code and message of a `JwksHttpError` from (the class lives with every other error in ../errors/). Adapters
 * branch on `isHttpError(e)` and its `status` and `vendorCode`.
 */
import { JwksHttpError, type HttpResponse } from "../errors";

export type { HttpResponse };

/**
 * The vendor's error code and message from an error body: Okta `{errorCode, errorSummary, errorCauses}`,
 * PingOne `{code, message, details}`, OAuth `{error, error_description}`, Janssen `{message}`.
 */
export function vendorError(body: unknown): { code?: string; message?: string } {
  if (typeof body !== "object" || body === null) return {};
  const b = body as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" && v.length > 0 ? v : undefined);
  const causes = Array.isArray(b.errorCauses)
    ? b.errorCauses.map((c) => str((c as Record<string, unknown>)?.errorSummary)).filter(Boolean)
    : [];
  const details = Array.isArray(b.details) ? b.details.map((d) => str((d as Record<string, unknown>)?.message)).filter(Boolean) : [];
  const code = str(b.errorCode) ?? str(b.code) ?? str(b.error);
  const message = str(b.errorSummary) ?? str(b.message) ?? str(b.error_description) ?? str(b.description);
  const extra = [...causes, ...details];
  const full = [message, ...extra].filter(Boolean).join(": ");
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
