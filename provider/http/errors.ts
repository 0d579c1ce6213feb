/**
 * How a failed management-API call is reported: `JwksHttpError` (target, operation, status, the vendor's error
 * code, never a credential) and the vendors' error body shapes it reads the code and message from. The
 * transport (http.ts) raises these; adapters branch on `code` and `status`.
 */
import { JwkError } from "../errors";

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or undefined for an empty body. */
  body: unknown;
}

/** An HTTP call that failed: status (when there was a response), vendor error code and message. */
export class JwksHttpError extends JwkError {
  readonly target: string;
  readonly operation: string;
  readonly status: number | undefined;
  readonly vendorCode: string | undefined;
  /** True when the outcome is unknown (timeout, reset): the server may have applied the call. */
  readonly unclear: boolean;
  declare readonly response: HttpResponse | undefined;

  constructor(init: {
    target: string;
    operation: string;
    status?: number | undefined;
    vendorCode?: string | undefined;
    detail: string;
    unclear?: boolean;
    response?: HttpResponse;
    cause?: unknown;
  }) {
    const what = [init.status === undefined ? "" : `HTTP ${init.status}`, init.vendorCode ?? "", init.detail]
      .filter((p) => p.length > 0)
      .join(" ");
    super("ERR_JWKS_HTTP", `${init.target}: ${init.operation} failed${what ? `: ${what}` : ""}`, { cause: init.cause });
    this.name = "JwksHttpError";
    this.target = init.target;
    this.operation = init.operation;
    this.status = init.status;
    this.vendorCode = init.vendorCode;
    this.unclear = init.unclear ?? false;
    // Non-enumerable: the raw response stays available to code but out of logs and serialised errors.
    Object.defineProperty(this, "response", { value: init.response, enumerable: false });
  }
}

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
  const stated = [err.status === undefined ? "" : `HTTP ${err.status} `, err.vendorCode === undefined ? "" : `${err.vendorCode} `].join("");
  const detail = err.message.slice(`${err.target}: ${err.operation} failed: `.length).replace(stated, "");
  return new JwksHttpError({ ...init, detail, cause: err.cause, ...(err.response ? { response: err.response } : {}) });
}
