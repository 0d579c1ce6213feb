/**
 * Janssen emulator: the config-api JWKS endpoints of specs/janssen-config-api-jwks.yaml under /jans-config-api,
 * behaving like JanssenProject/jans JwksResource (406 on a duplicate kid, a patched key moves to the end of the set,
 * ApiError bodies {code, message}), plus the jans-auth token endpoint (client credentials) that issues the
 * config-api bearer tokens. The server starts with two server-owned signing keys, as a fresh Janssen install does.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { applyPatch, type Operation as PatchOperation } from "fast-json-patch";
import { janssenClients, type JanssenClients } from "./janssen-clients";
import { isClient, tokenRequestOf } from "./client-auth";
import { startEmulator, type Emulator, type OperationRequest, type RawRequest, type Reply } from "./server";
import { formatErrors, loadSpec, type SchemaError } from "./spec";

/**
 * A running Janssen emulator with its test-only "console" (direct edits of the stored configuration). `keys()`
 * returns the stored keys, without the wire-only RSA members (`crv: ""`, `x/y: null`). Tokens come from `tokenUrl`
 * (client credentials with clientId/clientSecret); the token endpoint is recorded and faulted under the
 * operationId "jans-auth:token".
 */
export interface JanssenEmulator extends Emulator, Omit<JanssenClients, "handlers"> {
  readonly configApiUrl: string;
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tokensIssued: number;
  keys(): Record<string, unknown>[];
  consoleAddKey(jwk: Record<string, unknown>): void;
  consoleRemoveKey(kid: string): void;
  consoleReplaceKey(kid: string, jwk: Record<string, unknown>): void;
  /**
   * Takes the config-api away (its module undeployed, or the name now served by a server without it): the web server
   * answers 404 without a body to every config-api path, whatever the token; jans-auth (the token endpoint) stays.
   */
  consoleRemoveConfigApi(): void;
}

/** Options for tests; the defaults are Janssen's. */
export interface JanssenEmulatorOptions {
  accessTokenLifetimeSeconds?: number;
}

type Jwk = Record<string, unknown>;
const CONFIG_ROOT = "/jans-config-api";
const TOKEN_PATH = "/jans-auth/restv1/token";
// Members of io.jans.as.model.jwk.JSONWebKey; the server's model drops anything else (a posted "d" included).
const MEMBERS = ["descr", "kty", "e", "use", "crv", "kid", "x5c", "name", "exp", "alg", "n", "x", "y", "key_ops_type"];

const apiError = (status: number, message: string, description?: string): Reply => ({
  status,
  body: description === undefined ? { code: String(status), message } : { code: String(status), message, description },
});
const pick = (jwk: Jwk): Jwk => Object.fromEntries(MEMBERS.filter((m) => jwk[m] !== undefined).map((m) => [m, structuredClone(jwk[m])]));

/** Janssen's wire form of a key: RSA keys carry `"crv": ""` and `"x": null, "y": null` (seen in its JWKS). */
const wire = (k: Jwk): Jwk => (k.kty === "RSA" ? { ...k, crv: k.crv ?? "", x: k.x ?? null, y: k.y ?? null } : { ...k });
/** The inverse of `wire` for a key that came back from a client's patch of the wire form. */
function unwire(k: Jwk): Jwk {
  if (k === null || typeof k !== "object" || k.kty !== "RSA") return k;
  const out = { ...k };
  if (out.crv === "") delete out.crv;
  if (out.x === null) delete out.x;
  if (out.y === null) delete out.y;
  return out;
}

function seedKeys(): Jwk[] {
  const exp = Date.now() + 2 * 24 * 3600 * 1000;
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ format: "jwk" });
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" });
  return [
    {
      descr: "Signature Key: RSA RSASSA-PKCS1-v1_5 using SHA-256",
      kty: "RSA",
      e: rsa.e,
      use: "sig",
      kid: `${randomUUID()}_sig_rs256`,
      name: "id_token RS256 Sign Key",
      exp,
      alg: "RS256",
      n: rsa.n,
    },
    {
      descr: "Signature Key: ECDSA using P-256 and SHA-256",
      kty: "EC",
      use: "sig",
      crv: "P-256",
      kid: `${randomUUID()}_sig_es256`,
      name: "id_token ES256 Sign Key",
      x: ec.x,
      y: ec.y,
      exp,
      alg: "ES256",
    },
  ];
}

/**
 * Starts a Janssen emulator on 127.0.0.1 (random port). `accessTokenLifetimeSeconds: 0` issues tokens that are
 * already expired (to test the 401 path without waiting).
 * @example
 * const jans = await startJanssenEmulator();
 * const basic = Buffer.from(`${jans.clientId}:${jans.clientSecret}`).toString("base64");
 * const body = new URLSearchParams({ grant_type: "client_credentials", scope: "https://jans.io/oauth/config/jwks.readonly" });
 * const { access_token } = await (await fetch(jans.tokenUrl, { method: "POST", headers: { authorization: `Basic ${basic}` }, body })).json();
 * @see https://docs.jans.io/head/admin/config-guide/auth-server-config/json-web-key-config/
 */
export async function startJanssenEmulator(options: JanssenEmulatorOptions = {}): Promise<JanssenEmulator> {
  const { definition, api } = await loadSpec(["janssen-config-api-jwks.yaml", "janssen-config-api-clients.yaml"], CONFIG_ROOT);
  const lifetime = options.accessTokenLifetimeSeconds ?? 299;
  const knownScopes = Object.keys(
    (definition.components?.securitySchemes?.oauth2 as { flows: { clientCredentials: { scopes: object } } }).flows.clientCredentials.scopes,
  );
  const clientId = randomUUID();
  const clientSecret = randomBytes(24).toString("base64url");
  const tokens = new Map<string, { scopes: Set<string>; expiresAt: number }>();
  let tokensIssued = 0;
  let keys: Jwk[] = seedKeys();
  let configApiRemoved = false;

  const find = (kid: string) => keys.findIndex((k) => k.kid === kid);
  // Message text as JwksResource builds it (getNotFoundError wraps its argument in "The requested ... doesn't exist").
  const notFound = (kid: string) => apiError(404, `The requested JWK with kid - '${kid}' does not exist! doesn't exist`);
  /**
   * Applies an RFC 6902 patch to the wire form (what clients see), drops the wire-only RSA members again, then checks
   * the result against the 200 schema of `schemaOf` (Janssen could not bind an invalid result to its model).
   */
  const patched = <T>(doc: T, ops: unknown, schemaOf: string, unwired: (v: T) => T): { value: T } | { error: Reply } => {
    if (!Array.isArray(ops)) return { error: apiError(400, "Bad Request", "a JSON Patch array is required") };
    let value: T;
    try {
      value = unwired(applyPatch(structuredClone(doc), ops as PatchOperation[], true, true).newDocument);
    } catch (e) {
      return { error: apiError(400, "Bad Request", `JSON patch failed: ${(e as Error).message}`) };
    }
    const errors = (api.validateResponse(value, schemaOf, 200).errors ?? []) as SchemaError[];
    return errors.length
      ? { error: apiError(400, "Bad Request", `patched value is invalid: ${formatErrors(errors).join("; ")}`) }
      : { value };
  };
  const unwireSet = (doc: { keys: Jwk[] }) => ({ ...doc, keys: Array.isArray(doc.keys) ? doc.keys.map(unwire) : doc.keys });

  const handlers: Record<string, (req: OperationRequest) => Reply> = {
    "get-config-jwks": () => ({ status: 200, body: { keys: keys.map(wire) } }),
    "put-config-jwks": (req) => {
      const body = req.body as { keys: Jwk[] } | undefined;
      if (!body) return apiError(400, "Bad Request", "JSON Web Keys object is required");
      keys = body.keys.map(pick);
      return { status: 200, body: { keys: keys.map(wire) } };
    },
    "patch-config-jwks": (req) => {
      const result = patched({ keys: keys.map(wire) }, req.body, "get-config-jwks", unwireSet);
      if ("error" in result) return result.error;
      keys = result.value.keys.map(pick);
      return { status: 200, body: { keys: keys.map(wire) } };
    },
    "post-config-jwks-key": (req) => {
      const jwk = req.body as Jwk | undefined;
      if (!jwk) return apiError(400, "Bad Request", "JSONWebKey object is required");
      if (find(jwk.kid as string) >= 0) return apiError(406, `JWK with same kid - '${String(jwk.kid)}' already exists!`);
      keys.push(pick(jwk));
      return { status: 201, body: wire(pick(jwk)) };
    },
    // The real server answers an unknown kid here with `Response.ok(null)`; we follow the 404 of PATCH and DELETE.
    "get-jwk-by-kid": (req) => {
      const i = find(req.params.kid!);
      return i < 0 ? notFound(req.params.kid!) : { status: 200, body: wire(keys[i]!) };
    },
    "patch-config-jwk-kid": (req) => {
      const kid = req.params.kid!;
      const i = find(kid);
      if (i < 0) return notFound(kid);
      const result = patched(wire(keys[i]!), req.body, "get-jwk-by-kid", unwire);
      if ("error" in result) return result.error;
      const key = pick(result.value);
      // Our choice: the real server would store a second key under an existing kid; we refuse it like POST does.
      if (key.kid !== kid && find(key.kid as string) >= 0) return apiError(406, `JWK with same kid - '${String(key.kid)}' already exists!`);
      keys.splice(i, 1);
      keys.push(key); // JwksResource removes the old key and appends the patched one
      return { status: 200, body: wire(key) };
    },
    "delete-config-jwk-kid": (req) => {
      const i = find(req.params.kid!);
      if (i < 0) return notFound(req.params.kid!);
      keys.splice(i, 1);
      return { status: 204 };
    },
  };

  const tokenEndpoint = (raw: RawRequest): Reply => {
    const oauthError = (status: number, error: string, description: string, headers?: Record<string, string>): Reply => ({
      status,
      headers: { "Cache-Control": "no-store", ...headers },
      body: { error, error_description: description },
    });
    const request = tokenRequestOf(raw);
    if (request === undefined) return oauthError(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded");
    const form = request.form;
    if (!isClient(request, clientId, clientSecret)) {
      return oauthError(401, "invalid_client", "Client authentication failed.", { "WWW-Authenticate": 'Basic realm="jans-auth"' });
    }
    if (form.get("grant_type") !== "client_credentials")
      return oauthError(400, "unsupported_grant_type", "The grant type is not supported.");
    const granted = [...new Set((form.get("scope") ?? "").split(" ").filter((s) => knownScopes.includes(s)))];
    const accessToken = randomUUID();
    tokens.set(accessToken, { scopes: new Set(granted), expiresAt: Date.now() + lifetime * 1000 });
    tokensIssued++;
    return {
      status: 200,
      headers: { "Cache-Control": "no-store", Pragma: "no-cache" },
      body: { access_token: accessToken, token_type: "Bearer", expires_in: lifetime, scope: granted.join(" ") },
    };
  };

  const clients = janssenClients(apiError);
  const base = await startEmulator({
    definition,
    api,
    handlers: { ...handlers, ...clients.handlers },
    authorize(req) {
      // Nothing is deployed at these paths any more: the web server in front answers, before any token check.
      if (configApiRemoved) return { status: 404 };
      const [scheme, credential] = (req.headers.authorization ?? "").split(" ", 2);
      const token = scheme === "Bearer" && credential ? tokens.get(credential) : undefined;
      if (!token || token.expiresAt <= Date.now()) {
        return {
          ...apiError(401, "Unauthorized", token ? "Access token expired" : "Missing or invalid access token"),
          headers: { "WWW-Authenticate": "Bearer" },
        };
      }
      const accepted = (req.operation.security ?? []).flatMap((r) => (r as Record<string, string[]>).oauth2 ?? []);
      return accepted.some((s) => token.scopes.has(s))
        ? undefined
        : apiError(403, "Forbidden", `Token lacks one of the scopes: ${accepted.join(" ")}`);
    },
    badRequest: (errors) => apiError(400, "Bad Request", errors.join("; ")),
    noRoute: (status, raw) => apiError(status, status === 405 ? "Method Not Allowed" : "Not Found", `${raw.method} ${raw.path}`),
    extraRoutes: { [`POST ${TOKEN_PATH}`]: { name: "jans-auth:token", handle: tokenEndpoint } },
    faultReply: (status) => apiError(status, status === 429 ? "Too Many Requests" : status >= 500 ? "Internal Server Error" : "Error"),
    // Statuses the spec omits although the server sends them: 400 (bad input, JAX-RS BadRequestException), 403
    // (token without an accepted scope) on every operation, and 404 for an unknown kid on GET and DELETE (the spec
    // lists 404 only on PATCH; JwksResource.deleteKey throws NotFoundException).
    // After consoleRemoveConfigApi, 404 comes from the web server in front, not from the config-api the spec describes.
    undocumentedStatusIsKnown: (id, status) =>
      (status === 404 && configApiRemoved) ||
      status === 400 ||
      status === 403 ||
      (status === 404 && (id === "get-jwk-by-kid" || id === "delete-config-jwk-kid")) ||
      // ClientsResource answers an unknown inum with 404 (checkResourceNotNull) on GET and PATCH too.
      (status === 404 && id.endsWith("-oauth-openid-clients-by-inum")),
    // Spec/server mismatch: the schema types x and y as non-nullable strings, but Janssen serialises RSA keys with
    // "x": null, "y": null. Only that exact case is accepted; any other type error still counts.
    knownSpecDefect: (_id, e, body) => {
      const m = /^(.*)\/(x|y)$/.exec(e.instancePath);
      if (!m || e.keyword !== "type") return false;
      const key =
        m[1] === ""
          ? body
          : m[1]!
              .split("/")
              .slice(1)
              .reduce<unknown>((v, p) => (v as Record<string, unknown>)?.[p], body);
      return (key as Jwk | undefined)?.kty === "RSA" && (key as Jwk)[m[2]!] === null;
    },
  });

  const emulator: JanssenEmulator = {
    url: base.url,
    requests: base.requests,
    contractViolations: base.contractViolations,
    injectFaults: base.injectFaults,
    setFaultPolicy: base.setFaultPolicy,
    close: base.close,
    configApiUrl: `${base.url}${CONFIG_ROOT}`,
    tokenUrl: `${base.url}${TOKEN_PATH}`,
    clientId,
    clientSecret,
    get tokensIssued() {
      return tokensIssued;
    },
    keys: () => keys.map((k) => structuredClone(k)),
    createClient: clients.createClient,
    client: clients.client,
    clientKeys: clients.clientKeys,
    consoleUpdateClient: clients.consoleUpdateClient,
    consoleAddKey(jwk) {
      keys.push(structuredClone(jwk));
    },
    consoleRemoveKey(kid) {
      const i = find(kid);
      if (i < 0) throw new Error(`janssen emulator: no key with kid ${kid}`);
      keys.splice(i, 1);
    },
    consoleRemoveConfigApi() {
      configApiRemoved = true;
    },
    consoleReplaceKey(kid, jwk) {
      const i = find(kid);
      if (i < 0) throw new Error(`janssen emulator: no key with kid ${kid}`);
      keys[i] = structuredClone(jwk);
    },
  };
  return emulator;
}
