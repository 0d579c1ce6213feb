/**
 * Shared helpers for the target-layer tests: a fresh undici MockAgent per test (no network), the requests it
 * saw, and a headers-timeout wrapper (MockAgent replies ignore `headersTimeout`, which a real undici Client
 * enforces; the wrapper enforces it the same way so `timeoutMs` can be tested without a socket).
 */
import { MockAgent, errors, type Dispatcher } from "undici";

export const JSON_HEADERS = { "content-type": "application/json" } as const;

/** A MockAgent that refuses anything not intercepted and records every request. */
export function newAgent(): MockAgent {
  const agent = new MockAgent();
  agent.disableNetConnect();
  agent.enableCallHistory();
  return agent;
}

export interface SeenRequest {
  method: string;
  /** Origin plus path, e.g. `https://jans.test/jans-config-api/api/v1/config/jwks`. */
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** Every request the agent saw, in order; optionally only those of one method and/or URL. */
export function seen(agent: MockAgent, filter: { method?: string; url?: string } = {}): SeenRequest[] {
  const logs = agent.getCallHistory()?.calls() ?? [];
  return logs
    .map((l) => ({
      method: l.method,
      url: `${l.origin}${l.path}`,
      headers: Object.fromEntries(
        Object.entries(l.headers ?? {}).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(", ") : String(v)]),
      ),
      body: typeof l.body === "string" ? l.body : undefined,
    }))
    .filter((r) => (filter.method === undefined || r.method === filter.method) && (filter.url === undefined || r.url === filter.url));
}

/** `method url` of every request, in order: compact to assert on the exact sequence of calls. */
export function sequence(agent: MockAgent): string[] {
  return seen(agent).map((r) => `${r.method} ${r.url}`);
}

/** Wraps a dispatcher so a reply that has not started within `headersTimeout` ms fails like undici's Client. */
export function withHeadersTimeout(dispatcher: Dispatcher): Dispatcher {
  return dispatcher.compose((dispatch) => (opts, handler) => {
    const ms = opts.headersTimeout;
    if (typeof ms !== "number" || ms <= 0) return dispatch(opts, handler);
    let timer: NodeJS.Timeout | undefined;
    const wrapped: Dispatcher.DispatchHandler = {
      onRequestStart(controller, context) {
        timer = setTimeout(() => controller.abort(new errors.HeadersTimeoutError()), ms);
        handler.onRequestStart?.(controller, context);
      },
      onResponseStart(controller, status, headers, message) {
        clearTimeout(timer);
        handler.onResponseStart?.(controller, status, headers, message);
      },
      onResponseData: (controller, chunk) => handler.onResponseData?.(controller, chunk),
      onResponseEnd: (controller, trailers) => handler.onResponseEnd?.(controller, trailers),
      onResponseError(controller, error) {
        clearTimeout(timer);
        handler.onResponseError?.(controller, error);
      },
    };
    return dispatch(opts, wrapped);
  });
}

/** Rejection of `p`, failing the test when it resolves. */
export async function rejectionOf(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error("expected the promise to reject, but it resolved");
}
