/**
 * The one module that talks HTTP (undici). Every management-API call goes through `send`: timeouts, a
 * User-Agent, JSON bodies, retries of idempotent calls on 429/5xx/network errors honouring Retry-After (and a
 * vendor's rate-limit reset header), and errors that carry target, operation, status and the vendor's error code, never a
 * credential.
 *
 * @see https://undici.nodejs.org/#/docs/api/Dispatcher?id=dispatcherrequestoptions-callback
 */
import type { Dispatcher } from "undici";
import { parseJsonText } from "../core/json-syntax";
import { isHttpError, JwksHttpError } from "../errors";
import { asUnclear, unquotedBody, vendorError, type HttpResponse, type VendorErrorBody } from "./errors";
import { RETRYABLE_STATUS, retryDelayFromHeaders, sleep } from "./retry";
import { assertCredentialTransport } from "./transport";
import { limiterFor, type RateLimitWindow } from "./rate-limit";
import { userAgent } from "../version";

// Importers of the error class, the vendor error parser and the retry policy keep importing them from here.
export { vendorError, type HttpResponse, type VendorErrorBody } from "./errors";

// Loaded on first use: undici costs about 110 ms of CPU to load, and the provider process loads this module
// for every JwkSet, also for the file target, which never sends a request (bench/up-overhead).
const undici = (): typeof import("undici") => require("undici") as typeof import("undici");

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Supplies the Authorization header; strategies live in auth.ts. */
export interface AuthStrategy {
  authorization(http: HttpClient): Promise<string>;
  /** Forget a cached token (after a 401) so the next call fetches a new one. */
  invalidate?(): void;
}

export interface HttpClientOptions {
  /** Name for messages, e.g. `<kind> https://idp.example app 1`; never holds a credential. */
  target: string;
  baseUrl: string;
  auth?: AuthStrategy | undefined;
  dispatcher?: Dispatcher | undefined;
  /** Per-attempt timeout for headers and body (default 30 s). */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt for retryable failures (default 3). */
  maxRetries?: number | undefined;
  /** Longest wait between attempts, whatever the server asks (default 30 s). */
  maxRetryDelayMs?: number | undefined;
  /** Progress messages (retries, waits). */
  log?: ((message: string) => void) | undefined;
  /** Reads the vendor's own error body shape (default `vendorError`, the common shapes); supplied by its folder. */
  errorBody?: ((body: unknown) => VendorErrorBody) | undefined;
  /** A header saying, in epoch seconds, when the rate limit resets: honoured on a 429 without Retry-After. */
  rateLimitResetHeader?: string | undefined;
  /** Reads the vendor's rate-limit window from a response's headers (supplied by its folder): calls are paced by it. */
  rateLimitWindow?: ((headers: HttpResponse["headers"]) => RateLimitWindow | undefined) | undefined;
}

/** What an adapter's open context passes down to its HTTP client: the dispatcher (tests pass a MockAgent), progress, the retry cap. */
export type CallContext = Pick<HttpClientOptions, "dispatcher" | "log" | "maxRetryDelayMs">;

/**
 * The client options that come from the open context and the configured timeout.
 *
 * @example
 * new HttpClient({ target: name, baseUrl: config.url, auth, ...callOptions(context, config.timeoutMs) })
 */
export function callOptions(
  context: CallContext,
  timeoutMs?: number,
): Pick<HttpClientOptions, "dispatcher" | "timeoutMs" | "log" | "maxRetryDelayMs"> {
  return { dispatcher: context.dispatcher, timeoutMs, log: context.log, maxRetryDelayMs: context.maxRetryDelayMs };
}

export interface SendOptions {
  operation: string;
  method: Method;
  path: string;
  body?: unknown;
  contentType?: string;
  /** Statuses that are success for this call. */
  expect: readonly number[];
  /** Safe to repeat after an unclear failure. Default: GET, PUT, DELETE. A 429 is always safe to repeat. */
  idempotent?: boolean;
  /** Send the form body as application/x-www-form-urlencoded (token requests). */
  form?: Record<string, string>;
  /** Overrides the client's auth for this call (the token endpoint uses HTTP Basic). */
  authorization?: string;
}

/** A client for one target. Create one per operation: it holds no state beyond the auth strategy's token. */
export class HttpClient {
  readonly target: string;
  /** The dispatcher calls go through (undefined: undici's global one); scopes process-wide state such as shared tokens. */
  readonly dispatcher: Dispatcher | undefined;
  private readonly o: HttpClientOptions;

  constructor(options: HttpClientOptions) {
    this.o = options;
    this.target = options.target;
    this.dispatcher = options.dispatcher;
  }

  /** The absolute URL of `path` (absolute, or relative to the base URL). */
  urlOf(path: string): URL {
    return new URL(path, this.o.baseUrl.endsWith("/") ? this.o.baseUrl : `${this.o.baseUrl}/`);
  }

  /** Sends one call, retrying what is safe to retry, and returns the response with an expected status. */
  async send(s: SendOptions): Promise<HttpResponse> {
    const maxRetries = this.o.maxRetries ?? 3;
    const idempotent = s.idempotent ?? (s.method === "GET" || s.method === "PUT" || s.method === "DELETE");
    let reauthorised = false;
    // Once an attempt got no clear answer, the server may have carried the call out: a later clear refusal
    // (a 429 on the retry) does not make the call's outcome clear again.
    let unclearBefore = false;
    for (let attempt = 0; ; attempt++) {
      // The token call has its own retries: its failure is final here (retrying it again would nest loops),
      // and it happens before this call is sent, so it never makes this call's outcome unclear.
      const authorization = s.authorization ?? (this.o.auth ? await this.o.auth.authorization(this) : undefined);
      let response: HttpResponse;
      try {
        response = await this.attempt(s, authorization);
      } catch (e) {
        // Only failures with no clear answer (network, timeout) are worth repeating; a malformed body or a
        // refused token would fail the same way again.
        if (isHttpError(e) && e.unclear && idempotent && attempt < maxRetries) {
          unclearBefore = true;
          await this.wait(attempt, undefined, `${s.operation}: ${e.message}`);
          continue;
        }
        throw unclearBefore && isHttpError(e) && !e.unclear ? asUnclear(e) : e;
      }
      if (s.expect.includes(response.status)) return response;
      if (response.status === 401 && this.o.auth?.invalidate && !reauthorised && s.authorization === undefined) {
        reauthorised = true; // a cached token may have expired early: fetch a new one once
        this.o.auth.invalidate();
        attempt--;
        continue;
      }
      const retryable = RETRYABLE_STATUS.has(response.status) && (idempotent || response.status === 429);
      if (retryable && attempt < maxRetries) {
        unclearBefore ||= response.status >= 500;
        await this.wait(
          attempt,
          retryDelayFromHeaders(response.headers, Date.now(), response.status, this.o.rateLimitResetHeader),
          `${s.operation}: HTTP ${response.status}`,
        );
        continue;
      }
      throw this.errorFor(s.operation, response, unclearBefore);
    }
  }

  private errorFor(operation: string, response: HttpResponse, unclearBefore = false): JwksHttpError {
    const v = (this.o.errorBody ?? vendorError)(response.body);
    // The vendor's own error message, else only what kind of body came back: a body is never quoted, since
    // an error page or a proxy may echo the request, credentials included.
    let detail = v.message ?? (typeof response.body === "string" ? unquotedBody(response) : "");
    if (response.status === 429) {
      const wait = retryDelayFromHeaders(response.headers, Date.now(), 429, this.o.rateLimitResetHeader);
      detail = `${detail} (rate limited${wait !== undefined ? `; the server asks to wait ${Math.ceil(wait / 1000)} s` : ""})`;
    }
    return new JwksHttpError({
      target: this.target,
      operation,
      status: response.status,
      vendorCode: v.code,
      detail: detail.trim(),
      response,
      unclear: unclearBefore || response.status >= 500,
    });
  }

  private async wait(attempt: number, asked: number | undefined, why: string): Promise<void> {
    const cap = this.o.maxRetryDelayMs ?? 30_000;
    const backoff = 250 * 2 ** attempt * (0.5 + Math.random() / 2);
    const ms = Math.min(asked ?? backoff, cap);
    this.o.log?.(`${this.target}: ${why}; retrying in ${Math.round(ms)} ms`);
    await sleep(ms);
  }

  private async attempt(s: SendOptions, authorization: string | undefined): Promise<HttpResponse> {
    const headers: Record<string, string> = { "user-agent": userAgent, accept: "application/json" };
    if (authorization) headers.authorization = authorization;
    let body: string | undefined;
    if (s.form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      body = new URLSearchParams(s.form).toString();
    } else if (s.body !== undefined) {
      headers["content-type"] = s.contentType ?? "application/json";
      body = JSON.stringify(s.body);
    }
    const timeout = this.o.timeoutMs ?? 30_000;
    const url = this.urlOf(s.path);
    if (authorization) assertCredentialTransport(url, `${this.target}: ${s.operation}`);
    // Paced per server across the process: below the vendor's announced window, a Retry-After, the ceiling.
    const limiter = limiterFor(url, this.o.dispatcher);
    const waited = await limiter.acquire();
    if (waited >= 1000)
      this.o.log?.(`${this.target}: ${s.operation}: waited ${Math.round(waited / 1000)} s for the rate limit of ${url.origin}`);
    let res: Dispatcher.ResponseData;
    try {
      res = await undici().request(url, {
        method: s.method,
        headers,
        body,
        headersTimeout: timeout,
        bodyTimeout: timeout,
        // undici checks its own timeouts on a coarse clock (about a second), so a short timeout would run long:
        // the signal holds the whole attempt, body included, to the configured time.
        signal: AbortSignal.timeout(timeout),
        ...(this.o.dispatcher ? { dispatcher: this.o.dispatcher } : {}),
      });
    } catch (cause) {
      limiter.observe(undefined, undefined); // no answer: the call no longer counts as in flight
      throw new JwksHttpError({
        target: this.target,
        operation: s.operation,
        detail: `no response (${(cause as Error).message})`,
        unclear: true,
        cause,
      });
    }
    const status = res.statusCode;
    // Retry-After, where a response has one, is the server's own instruction: it wins over the announced window.
    const retryAfter = status === 429 || status === 503 ? retryDelayFromHeaders(res.headers, Date.now(), status) : undefined;
    limiter.observe(retryAfter === undefined ? this.o.rateLimitWindow?.(res.headers) : undefined, retryAfter);
    let text: string;
    try {
      text = await res.body.text();
    } catch (cause) {
      throw new JwksHttpError({
        target: this.target,
        operation: s.operation,
        status: res.statusCode,
        detail: `response body lost (${(cause as Error).message})`,
        unclear: true,
        cause,
      });
    }
    const contentType = String(res.headers["content-type"] ?? "");
    let parsed: unknown = text.length === 0 ? undefined : text;
    if (text.length > 0 && /json/i.test(contentType)) {
      try {
        parsed = parseJsonText(text);
      } catch (cause) {
        const response = { status: res.statusCode, headers: res.headers, body: text };
        if (res.statusCode >= 400) return response; // an error page: report the status, not the parse failure
        throw new JwksHttpError({
          target: this.target,
          operation: s.operation,
          status: res.statusCode,
          detail: `malformed JSON in the response: ${(cause as Error).message}`,
          response,
          cause,
        });
      }
    }
    return { status: res.statusCode, headers: res.headers, body: parsed };
  }
}

/** What {@link boundedGet} read: at most `maxBytes` of the body; `tooLarge` when the server had more. */
export interface BoundedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  tooLarge: boolean;
}

/**
 * One GET without credentials that follows no redirect and stops reading after `maxBytes`: the transport
 * under fetching a JWKS from any URL (fetch-jwks.ts holds the policy: schemes, redirects, content types).
 * Network failures and aborts are thrown as undici raised them; the caller words the error.
 */
export async function boundedGet(
  url: URL,
  o: { accept: string; maxBytes: number; signal: AbortSignal; dispatcher?: Dispatcher | undefined },
): Promise<BoundedResponse> {
  const res = await undici().request(url, {
    method: "GET",
    headers: { "user-agent": userAgent, accept: o.accept },
    signal: o.signal,
    ...(o.dispatcher ? { dispatcher: o.dispatcher } : {}),
  });
  const declared = Number(res.headers["content-length"]);
  const chunks: Buffer[] = [];
  let size = 0;
  // A declared length over the limit is refused before reading; an undeclared one is cut off while reading.
  if (Number.isFinite(declared) && declared > o.maxBytes) {
    res.body.destroy();
    return { status: res.statusCode, headers: res.headers, body: Buffer.alloc(0), tooLarge: true };
  }
  for await (const chunk of res.body) {
    size += (chunk as Buffer).length;
    if (size > o.maxBytes) {
      res.body.destroy();
      return { status: res.statusCode, headers: res.headers, body: Buffer.alloc(0), tooLarge: true };
    }
    chunks.push(chunk as Buffer);
  }
  return { status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks), tooLarge: false };
}
