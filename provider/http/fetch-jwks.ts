/**
 * Fetching a JWK Set from a URL nobody vouches for (`/.well-known/jwks.json`, a CLI argument): the hardened
 * reader behind the read-only `url` target, `pulumi-jwk inspect` and rotation checks. https only (plain http to
 * loopback hosts, for tests and port-forwards), one deadline for the whole fetch, a size limit, redirects only
 * on the same host and never down to http, `application/json` or `application/jwk-set+json` only, and errors
 * that never quote the body (a misrouted request may come back as a page echoing anything).
 *
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-8.5 (application/jwk-set+json)
 * @see https://github.com/panva/jose/blob/main/src/jwks/remote.ts (timeouts, size, redirect habits)
 */
import type { Dispatcher } from "undici";
import { parseJwksEntries, normaliseKey } from "../core/jwks/document";
import { boundedGet, type BoundedResponse } from "./send";
import { isLoopbackHost } from "../core/loopback-host";
import { hasCode, JwkInputError, JwksFetchError } from "../errors";

export interface FetchJwksOptions {
  /** Deadline for the whole fetch, redirects included (default 10 s). */
  timeoutMs?: number | undefined;
  /** Largest body accepted (default 512 KiB; a large real JWKS is a few KiB). */
  maxBytes?: number | undefined;
  /** Same-host redirects followed (default 3). */
  maxRedirects?: number | undefined;
  /** undici dispatcher (tests pass a MockAgent). */
  dispatcher?: Dispatcher | undefined;
  /** Aborts the fetch, e.g. at an overall wait deadline. */
  signal?: AbortSignal | undefined;
}

/** A JWK Set as served: `entries` exactly as in the document, `keys` normalised (vendor quirks dropped). */
export interface FetchedJwks {
  /** The URL that served it (after same-host redirects). */
  url: string;
  entries: Record<string, unknown>[];
  keys: Record<string, unknown>[];
}

const ACCEPTED_TYPES = ["application/json", "application/jwk-set+json"];

/** Scheme, host and path only: a query or user info may hold a token and stays out of messages. */
function shown(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function schemeProblem(url: URL): string | undefined {
  if (url.protocol === "https:") return undefined;
  if (url.protocol === "http:" && isLoopbackHost(url.hostname)) return undefined;
  return `refused: a JWKS is fetched over https only (plain http to loopback hosts only), not ${url.protocol}//${url.host}`;
}

function header(res: BoundedResponse, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Fetches and parses the JWK Set at `url`, or throws {@link JwksFetchError} with a fixed `reason`.
 *
 * @example
 * const { keys } = await fetchJwks("https://idp.example.com/.well-known/jwks.json", { timeoutMs: 5000 })
 */
export async function fetchJwks(url: string | URL, options: FetchJwksOptions = {}): Promise<FetchedJwks> {
  let current: URL;
  try {
    current = new URL(url);
  } catch (cause) {
    throw new JwksFetchError(String(url).slice(0, 80), "insecure-url", "not an absolute URL", { cause });
  }
  const first = current;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
  const maxRedirects = options.maxRedirects ?? 3;
  for (let hops = 0; ; hops++) {
    const problem = schemeProblem(current);
    if (problem) throw new JwksFetchError(shown(current), "insecure-url", problem);
    let res: BoundedResponse;
    try {
      res = await boundedGet(current, {
        accept: "application/jwk-set+json, application/json",
        maxBytes: options.maxBytes ?? 512 * 1024,
        signal,
        dispatcher: options.dispatcher,
      });
    } catch (cause) {
      if (deadline.aborted) throw new JwksFetchError(shown(current), "timeout", `no complete answer within ${timeoutMs} ms`, { cause });
      throw new JwksFetchError(shown(current), "network", `no response (${(cause as Error).message})`, { cause });
    }
    const location = header(res, "location");
    if (res.status >= 300 && res.status < 400 && location !== undefined) {
      const next = new URL(location, current);
      if (next.host !== first.host)
        throw new JwksFetchError(shown(current), "redirect-refused", `HTTP ${res.status} redirect to another host (${next.host}) refused`, {
          status: res.status,
        });
      if (hops >= maxRedirects)
        throw new JwksFetchError(shown(first), "too-many-redirects", `more than ${maxRedirects} redirects`, { status: res.status });
      current = next;
      continue;
    }
    return interpret(current, res);
  }
}

/** Status, then content type, then size, then the document (CONVENTIONS 8). */
function interpret(url: URL, res: BoundedResponse): FetchedJwks {
  const where = shown(url);
  if (res.status < 200 || res.status > 299)
    throw new JwksFetchError(where, "status", `HTTP ${res.status} (body not shown)`, { status: res.status });
  const type = (header(res, "content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (!ACCEPTED_TYPES.includes(type))
    throw new JwksFetchError(
      where,
      "content-type",
      `content type ${type ? `"${type}"` : "missing"}; a JWK Set is served as ${ACCEPTED_TYPES.join(" or ")}`,
      { status: res.status },
    );
  if (res.tooLarge) throw new JwksFetchError(where, "too-large", "the body is larger than the size limit", { status: res.status });
  try {
    const entries = parseJwksEntries(res.body.toString("utf8"), where);
    return { url: where, entries, keys: entries.map(normaliseKey) };
  } catch (cause) {
    // The parse error names a position or the shape that is wrong, never the text; the URL is said once.
    const problem = hasCode(cause, JwkInputError)
      ? cause.failures.map((f) => (f.property === where ? f.reason : `${f.property}: ${f.reason}`)).join("; ")
      : String(cause);
    throw new JwksFetchError(where, "not-jwks", problem, { status: res.status, cause });
  }
}
