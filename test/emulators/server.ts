/**
 * Shared base of the vendor emulators: an in-memory HTTP server on 127.0.0.1 whose routing, request validation and
 * response validation come from the vendor's OpenAPI document (openapi-backend). Vendor behaviour lives in the
 * emulator modules (okta.ts, janssen.ts); this module only knows about the contract, faults and recording.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { SetMatchType, type Document, type OpenAPIBackend, type Operation } from "openapi-backend";
import { allowedMediaTypes, formatErrors, type SchemaError } from "./spec";

/**
 * One request as the emulator saw it, in arrival order. The Authorization header is reduced to its scheme
 * ("SSWS", "Bearer", "Basic") and a form `client_secret` to "[redacted]". `status` is what was answered
 * (0 when a reset fault destroyed the socket); `operationId` is absent for paths the spec does not have.
 */
export interface RecordedRequest {
  method: string;
  path: string;
  operationId?: string;
  headers: Record<string, string>;
  body?: unknown;
  status: number;
}

/**
 * What an injected fault does to one matching request. `{status}` answers with that status instead of handling the
 * request, with the vendor's error body and headers as defaults (Okta 429: E0000047 plus X-Rate-Limit-*); `reset`
 * destroys the socket; `delay` waits, then handles normally; `malformed` answers 200 application/json that is not JSON.
 */
export type Fault =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: "reset" }
  | { kind: "delay"; ms: number }
  | { kind: "malformed" };

/**
 * Decides a fault for a request that no queued fault matched (seeded fault injection over a whole run); undefined
 * lets the request through. Called once per request, in arrival order.
 */
export type FaultPolicy = (request: { method: string; path: string; operationId?: string }) => Fault | undefined;

/**
 * A running emulator on 127.0.0.1. `contractViolations` has one line per request that breaks the vendor spec (unknown
 * method/path, parameters, body schema, content type) and per response of ours that does, naming the operationId.
 * `injectFaults(match, ...faults)`: the next requests matching `match` (method and/or operationId) get the faults,
 * one each, in order.
 * @example
 * const okta = await startOktaEmulator();
 * okta.injectFaults({ operationId: "listJwk" }, { status: 429 }, { kind: "reset" });
 * // ... drive the client ...
 * expect(okta.contractViolations).toEqual([]);
 * await okta.close();
 */
export interface Emulator {
  readonly url: string;
  readonly requests: RecordedRequest[];
  readonly contractViolations: string[];
  injectFaults(match: { method?: string; operationId?: string }, ...faults: Fault[]): void;
  /** Installs (or, with undefined, removes) a policy consulted for every request no queued fault matched. */
  setFaultPolicy(policy: FaultPolicy | undefined): void;
  close(): Promise<void>;
}

/** A reply an emulator handler produces; `body: undefined` sends no body. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A request routed to a spec operation (params are URI-decoded, headers lower-case, body parsed). */
export interface OperationRequest {
  operation: Operation;
  operationId: string;
  origin: string;
  params: Record<string, string>;
  /** The query string's parameters, decoded (the last value of a repeated one). */
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
}

/** A request to a route outside the spec (e.g. Janssen's token endpoint); rawBody is the undecoded text. */
export interface RawRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  rawBody: string;
}

/** How a vendor emulator plugs into the base. */
export interface EmulatorSpec {
  /** The vendor document as published (for the media types it accepts) and the API loadApi built from it. */
  definition: Document;
  api: OpenAPIBackend;
  handlers: Record<string, (req: OperationRequest) => Reply>;
  /** Authentication and authorisation; a reply rejects the request. Runs before contract errors are answered. */
  authorize(req: OperationRequest): Reply | undefined;
  /** The vendor's answer to a request that breaks the spec. */
  badRequest(errors: string[], req: OperationRequest): Reply;
  /** The vendor's answer to an unknown path (404) or method (405). */
  noRoute(status: 404 | 405, raw: RawRequest): Reply;
  /** Routes outside the spec, keyed "METHOD /path"; recorded under their name but not validated. */
  extraRoutes?: Record<string, { name: string; handle(raw: RawRequest): Reply }>;
  /** Vendor-shaped defaults for an injected `{status}` fault. */
  faultReply?(status: number): Reply;
  /** Headers the vendor puts on every response. */
  commonHeaders?(): Record<string, string>;
  /** Statuses the real server sends although the spec omits them (each one justified where it is declared). */
  undocumentedStatusIsKnown?(operationId: string, status: number): boolean;
  /** Known spec/server mismatches in response bodies; only errors this accepts are not reported. */
  knownSpecDefect?(operationId: string, error: SchemaError, body: unknown): boolean;
}

const mediaType = (h: string | undefined) => (h ?? "").split(";")[0]!.trim().toLowerCase();
const isJsonMedia = (t: string) => t === "application/json" || t.endsWith("+json");
const safeDecode = (v: string) => {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
};

function recordedHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    const value = Array.isArray(v) ? v.join(", ") : (v ?? "");
    out[k] = k === "authorization" ? value.split(" ")[0]! : value;
  }
  return out;
}

function recordedBody(raw: string, type: string): unknown {
  if (raw === "") return undefined;
  if (type === "application/x-www-form-urlencoded") {
    const form = Object.fromEntries(new URLSearchParams(raw));
    if ("client_secret" in form) form.client_secret = "[redacted]";
    return form;
  }
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Header names lower-cased, so that merging two sets replaces a header whatever the case of its name. */
const lower = (h: Record<string, string> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(h ?? {}).map(([k, v]) => [k.toLowerCase(), v]));

/**
 * Starts the server for one vendor on 127.0.0.1, port 0. Per request: record, route (openapi-backend), apply an
 * injected fault, validate against the spec (violations recorded), authorise, then answer a contract error the
 * vendor's way or run the handler; every reply is validated against the spec's response for its status.
 * @see https://github.com/openapistack/openapi-backend
 */
export async function startEmulator(spec: EmulatorSpec): Promise<Emulator> {
  const { api, definition: original } = spec;
  const requests: RecordedRequest[] = [];
  const contractViolations: string[] = [];
  const faultQueues: { match: { method?: string; operationId?: string }; faults: Fault[] }[] = [];
  let faultPolicy: FaultPolicy | undefined;
  let origin = "";

  const takeFault = (method: string, path: string, operationId: string | undefined): Fault | undefined => {
    const q = faultQueues.find(
      (f) =>
        f.faults.length > 0 &&
        (!f.match.method || f.match.method.toUpperCase() === method) &&
        (!f.match.operationId || f.match.operationId === operationId),
    );
    return q?.faults.shift() ?? faultPolicy?.(operationId === undefined ? { method, path } : { method, path, operationId });
  };

  /** Validates one of our replies against the spec; `strictStatus` also requires the status to be documented. */
  const checkReply = (op: Operation, reply: Reply, strictStatus: boolean): void => {
    const id = op.operationId!;
    const responses = (op.responses ?? {}) as Record<string, { content?: Record<string, unknown> }>;
    const documented = responses[reply.status] ?? responses[`${Math.floor(reply.status / 100)}XX`] ?? responses.default;
    if (!documented) {
      if (strictStatus && !spec.undocumentedStatusIsKnown?.(id, reply.status))
        contractViolations.push(`${id}: response status ${reply.status} is not documented in the spec`);
      return;
    }
    if (documented.content?.["application/json"] && reply.body === undefined)
      contractViolations.push(`${id}: response ${reply.status} has no JSON body`);
    const body = reply.body === undefined ? null : reply.body;
    const errors = ((api.validateResponse(body, op, reply.status).errors ?? []) as SchemaError[]).filter(
      (e) => !spec.knownSpecDefect?.(id, e, body),
    );
    if (errors.length) contractViolations.push(`${id}: response ${reply.status} breaks the spec: ${formatErrors(errors).join("; ")}`);
    const headers = Object.fromEntries(Object.entries(reply.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    const herrors = (api.validateResponseHeaders(headers, op, { statusCode: reply.status, setMatchType: SetMatchType.Superset }).errors ??
      []) as SchemaError[];
    if (herrors.length)
      contractViolations.push(`${id}: response ${reply.status} headers break the spec: ${formatErrors(herrors).join("; ")}`);
  };

  const send = (res: ServerResponse, record: RecordedRequest, reply: Reply): void => {
    record.status = reply.status;
    const headers: Record<string, string> = { ...lower(spec.commonHeaders?.()), ...lower(reply.headers) };
    let text = "";
    if (reply.body !== undefined) {
      text = JSON.stringify(reply.body);
      headers["content-type"] ??= "application/json";
    }
    res.writeHead(reply.status, { ...headers, "content-length": String(Buffer.byteLength(text)) });
    res.end(text);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, rawBody: string): Promise<void> => {
    const method = (req.method ?? "GET").toUpperCase();
    const url = new URL(req.url ?? "/", origin);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]));
    const type = mediaType(headers["content-type"]);
    const record: RecordedRequest = { method, path: url.pathname + url.search, headers: recordedHeaders(req), status: 0 };
    const body = recordedBody(rawBody, type);
    if (body !== undefined) record.body = body;
    requests.push(record);
    const raw: RawRequest = { method, path: url.pathname, headers, rawBody };

    const extra = spec.extraRoutes?.[`${method} ${url.pathname}`];
    let op: Operation | undefined;
    let routeError: 404 | 405 | undefined;
    if (!extra) {
      try {
        op = api.router.matchOperation({ method, path: url.pathname + url.search, headers }, true);
      } catch (e) {
        routeError = String(e).includes("405") ? 405 : 404;
      }
    }
    const operationId = extra?.name ?? op?.operationId;
    if (operationId) record.operationId = operationId;

    const fault = takeFault(method, url.pathname, operationId);
    if (fault && "kind" in fault) {
      if (fault.kind === "reset") {
        req.socket.destroy();
        return;
      }
      if (fault.kind === "malformed") {
        record.status = 200;
        res.writeHead(200, { "Content-Type": "application/json" }).end('{"keys": [{"kid": "trunc');
        return;
      }
      await new Promise((r) => setTimeout(r, fault.ms));
    } else if (fault) {
      const base = spec.faultReply?.(fault.status) ?? { status: fault.status };
      // Header names are case-insensitive: a fault's own header replaces the vendor default whatever its case.
      const reply: Reply = {
        status: fault.status,
        headers: { ...lower(base.headers), ...lower(fault.headers) },
        body: fault.body ?? base.body,
      };
      if (op) checkReply(op, reply, false);
      return send(res, record, reply);
    }

    if (extra) return send(res, record, extra.handle(raw));
    if (!op) {
      contractViolations.push(`${method} ${url.pathname}: ${routeError === 405 ? "method not allowed" : "no such path"} in the spec`);
      return send(res, record, spec.noRoute(routeError ?? 404, raw));
    }

    const id = op.operationId!;
    const errors: string[] = [];
    let parsed: unknown;
    const allowed = allowedMediaTypes(original, op);
    if (rawBody !== "" && allowed.length && !allowed.includes(type))
      errors.push(`Content-Type "${type || "(none)"}" is not one of ${allowed.join(", ")}`);
    if (rawBody !== "" && isJsonMedia(type)) {
      try {
        parsed = JSON.parse(rawBody);
      } catch (e) {
        errors.push(`body is not JSON: ${(e as Error).message}`);
      }
    }
    // Validate as application/json so openapi-backend checks the schema (loadApi aliased +json bodies to it).
    const vheaders = { ...headers, "content-type": parsed === undefined ? type : "application/json" };
    const result = api.validateRequest({ method, path: url.pathname + url.search, headers: vheaders, body: parsed }, op);
    errors.push(...formatErrors((result.errors ?? []) as SchemaError[]));
    if (errors.length) contractViolations.push(`${id}: request breaks the spec: ${errors.join("; ")}`);

    const params = Object.fromEntries(
      Object.entries((api.router.parseRequest({ method, path: url.pathname, headers }, op).params ?? {}) as Record<string, string>).map(
        ([k, v]) => [k, safeDecode(v)],
      ),
    );
    const query = Object.fromEntries(url.searchParams);
    const opReq: OperationRequest = { operation: op, operationId: id, origin, params, query, headers, body: parsed };
    const denied = spec.authorize(opReq);
    if (denied) {
      checkReply(op, denied, true);
      return send(res, record, denied);
    }
    if (errors.length) {
      const reply = spec.badRequest(errors, opReq);
      checkReply(op, reply, false); // the request already broke the contract; an undocumented 400 is not ours
      return send(res, record, reply);
    }
    const handler = spec.handlers[id];
    if (!handler) throw new Error(`no handler for ${id}`);
    const reply = handler(opReq);
    checkReply(op, reply, true);
    send(res, record, reply);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      handle(req, res, Buffer.concat(chunks).toString("utf8")).catch((e: unknown) => {
        contractViolations.push(`emulator error on ${req.method} ${req.url}: ${(e as Error).stack ?? String(e)}`);
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json" }).end(JSON.stringify({ error: "emulator error" }));
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: origin,
    requests,
    contractViolations,
    injectFaults(match, ...faults) {
      faultQueues.push({ match, faults });
    },
    setFaultPolicy(policy) {
      faultPolicy = policy;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
