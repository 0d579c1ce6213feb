/**
 * HTTP failures: a management-API call that failed (`JwksHttpError`: target, operation, status, the vendor's error
 * code, never a credential), a JWKS URL that could not be read, credentials refused an insecure transport; and the
 * one check "is this an HTTP error" every caller uses. How a vendor's error body is read stays with the HTTP layer
 * (../http/errors.ts) and the vendors.
 */
import { hasCode, JwkError } from "./base";

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON, or undefined for an empty body. */
  body: unknown;
}

/** An HTTP call that failed: status (when there was a response), vendor error code and message. */
export class JwksHttpError extends JwkError {
  static override readonly code: string = "ERR_JWKS_HTTP";
  readonly target: string;
  readonly operation: string;
  readonly status: number | undefined;
  readonly vendorCode: string | undefined;
  /**
   * What went wrong besides status and vendor code: the vendor's message, or e.g. `no response (timeout)`.
   * Non-enumerable, like the message: a vendor's text stays out of serialised errors.
   */
  declare readonly detail: string;
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
    super(`${init.target}: ${init.operation} failed${httpReason(init) ? `: ${httpReason(init)}` : ""}`, { cause: init.cause });
    this.name = "JwksHttpError";
    this.target = init.target;
    this.operation = init.operation;
    this.status = init.status;
    this.vendorCode = init.vendorCode;
    this.unclear = init.unclear ?? false;
    // Non-enumerable: the raw response and the vendor's text stay available to code but out of logs and serialised errors.
    Object.defineProperty(this, "response", { value: init.response, enumerable: false });
    Object.defineProperty(this, "detail", { value: init.detail, enumerable: false });
  }

  /** Why the call failed, without target and operation: `HTTP 400 E0000001 <detail>`. */
  get reason(): string {
    return httpReason(this);
  }
}

function httpReason(e: { status?: number | undefined; vendorCode?: string | undefined; detail: string }): string {
  return [e.status === undefined ? "" : `HTTP ${e.status}`, e.vendorCode ?? "", e.detail].filter((p) => p.length > 0).join(" ");
}

/**
 * Whether `e` is a failed management-API call (from any loaded copy of the package): the one place that says so.
 *
 * @example
 * if (isHttpError(e) && e.status === 404 && e.vendorCode === "NOT_FOUND") return undefined
 */
export function isHttpError(e: unknown): e is JwksHttpError {
  return hasCode(e, JwksHttpError);
}

/**
 * The HTTP error behind `e`: `e` itself or one of its causes (an adapter's hint or a partly applied step wraps the
 * HTTP error), looking at most five levels deep.
 */
export function httpErrorIn(e: unknown): JwksHttpError | undefined {
  for (let c = e, i = 0; c !== undefined && c !== null && i < 5; c = (c as { cause?: unknown }).cause, i++) {
    if (isHttpError(c)) return c;
  }
  return undefined;
}

/** Why a fetch failed, one of a fixed set (branch on it, not on the message). */
export type FetchFailure =
  "insecure-url" | "redirect-refused" | "too-many-redirects" | "status" | "content-type" | "too-large" | "timeout" | "network" | "not-jwks";

/** A JWKS URL that could not be read, or did not serve a JWK Set. The body is never part of the message. */
export class JwksFetchError extends JwkError {
  static override readonly code: string = "ERR_JWKS_FETCH";
  readonly url: string;
  readonly reason: FetchFailure;
  /** The HTTP status, when the server answered. */
  readonly status: number | undefined;

  constructor(url: string, reason: FetchFailure, detail: string, options?: { status?: number; cause?: unknown }) {
    super(`GET ${url}: ${detail}`, { cause: options?.cause });
    this.name = "JwksFetchError";
    this.url = url;
    this.reason = reason;
    this.status = options?.status;
  }
}

/** A request that would send credentials over plain http to another machine. */
export class JwksInsecureTransportError extends JwkError {
  static override readonly code: string = "ERR_JWKS_INSECURE_TRANSPORT";

  constructor(message: string) {
    super(message);
    this.name = "JwksInsecureTransportError";
  }
}
