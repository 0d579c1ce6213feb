/**
 * Okta emulator: the OAuth 2.0 client JWKS endpoints of the Okta Management API (ApplicationSSOPublicKeys),
 * following specs/okta-apps-credentials-jwks.json and the rules stated in its operation descriptions and error
 * examples. Keys live in memory per app; the "console" methods let tests set up any state, bypassing the API rules.
 */
import { createPublicKey, randomBytes, type JsonWebKey } from "node:crypto";
import { appHandlers, type StoredApp } from "./okta-apps";
import { startEmulator, type Emulator, type OperationRequest, type Reply } from "./server";
import { loadSpec, type SchemaError } from "./spec";

/** A link relation of a key (`_links`), as in the spec's examples. */
export interface OktaLink {
  href: string;
  hints: { allow: string[] };
}

/** A key as the API returns it. `id` is Okta's own key id, not the kid. */
export interface OktaKey {
  id: string;
  kid: string | null;
  kty: string;
  alg?: string;
  use: "sig" | "enc";
  e?: string;
  n?: string;
  crv?: string;
  x?: string;
  y?: string;
  status: "ACTIVE" | "INACTIVE";
  created: string;
  lastUpdated: string;
  _links?: { activate?: OktaLink; deactivate?: OktaLink; delete?: OktaLink };
}

/**
 * A running Okta emulator with its test-only "console". Apps are OAuth 2.0 (OIDC) apps whose object
 * (`GET /api/v1/apps` in pages, `GET`/`PUT /api/v1/apps/{appId}`) carries the token endpoint auth method and the
 * app's keys as the JWKS API renders them (okta-apps.ts). Auth: `SSWS ${apiToken}`, or `Bearer ${issueBearerToken(scopes)}`
 * carrying okta.apps.read (GET) or okta.apps.manage (writes), as each operation's `security` lists. `createApp`
 * defaults to token_endpoint_auth_method private_key_jwt. The console methods bypass the API rules (so tests can build
 * states like a key without kid) and throw on an unknown app or kid.
 */
export interface OktaEmulator extends Emulator {
  readonly apiToken: string;
  issueBearerToken(scopes: string[]): string;
  createApp(options?: { appId?: string; tokenEndpointAuthMethod?: "private_key_jwt" | "client_secret_basic" }): string;
  keys(appId: string): OktaKey[];
  consoleAddKey(appId: string, jwk: Record<string, unknown>, status?: "ACTIVE" | "INACTIVE"): OktaKey;
  consoleSetStatus(appId: string, kid: string, status: "ACTIVE" | "INACTIVE"): void;
  consoleDeleteKey(appId: string, kid: string): void;
  /** Deletes the app, as an admin does in the console: every call for it then answers 404 E0000007 (AppInstance). */
  consoleDeleteApp(appId: string): void;
  /** Changes the app's client authentication (Okta's Apps API `credentials.oauthClient.token_endpoint_auth_method`). */
  consoleSetTokenEndpointAuthMethod(appId: string, method: "private_key_jwt" | "client_secret_basic"): void;
  /** The app's token endpoint auth method now. */
  tokenEndpointAuthMethod(appId: string): string;
}

interface StoredKey {
  id: string;
  jwk: Record<string, string>;
  kid: string | null;
  use: "sig" | "enc";
  status: "ACTIVE" | "INACTIVE";
  created: Date;
  lastUpdated: Date;
}
interface App extends StoredApp {
  keys: StoredKey[];
}

const PUBLIC_MEMBERS = ["kty", "alg", "e", "n", "crv", "x", "y"] as const;
const MAX_KEYS = 50;
/** Okta's default per-minute limit for the apps endpoints, announced in X-Rate-Limit-Limit (enforced only when asked). */
const RATE_LIMIT = 600;
// errorCauses texts, verbatim from the spec's error examples.
const CAUSE = {
  noKid:
    "Each key should have a unique kid when adding multiple keys. Use the Apps API to update the JWKS to add a kid for the existing key, or delete the existing key and re-add the key with a kid using the JWKS APIs.",
  duplicateKid: "All keys in the 'jwks' must have a unique `kid`.",
  rsaTooShort: "RSA key length in the 'jwks' is less than '2,048' bits for the given key.",
  tooMany: `You can't create a new key. You have reached the maximum number of keys allowed (${MAX_KEYS}). To add another key, you must first delete an existing one.`,
  oneActiveEnc: "The client can have only one active encryption key in the 'jwks'.",
  deleteActive: "You can't delete an active JSON Web Key. Deactivate the key before deleting it.",
  deactivateOnly: "Can't deactivate the only active JSON Web Key when the value for `token_endpoint_auth_method` is `private_key_jwt`.",
  deactivateEnc: "You can't deactivate the active encryption key.",
};

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const randomId = (prefix: string, length: number) => prefix + Array.from(randomBytes(length), (b) => ALNUM[b % ALNUM.length]).join("");

/** An error reply in Okta's shape. */
function oktaError(
  status: number,
  errorCode: string,
  errorSummary: string,
  causes: string[] = [],
  headers?: Record<string, string>,
): Reply {
  const body = {
    errorCode,
    errorSummary,
    errorLink: errorCode,
    errorId: randomId("oae", 22),
    errorCauses: causes.map((c) => ({ errorSummary: c })),
  };
  return headers ? { status, headers, body } : { status, body };
}
const invalid = (cause: string) => oktaError(400, "E0000001", "Api validation failed: JsonWebKey", [cause]);

/** Why the key material is unacceptable, if it is (Okta parses the key; RSA needs a >= 2048-bit modulus). */
function keyProblem(jwk: Record<string, string>): string | undefined {
  try {
    const key = createPublicKey({ key: jwk as JsonWebKey, format: "jwk" });
    if (key.asymmetricKeyType === "rsa" && (key.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) return CAUSE.rsaTooShort;
    return undefined;
  } catch (e) {
    return `The JSON Web Key is invalid: ${(e as Error).message}`;
  }
}

/** The value an Ajv instancePath points at. */
function valueAt(doc: unknown, pointer: string): unknown {
  return pointer
    .split("/")
    .slice(1)
    .reduce<unknown>((v, k) => (v && typeof v === "object" ? (v as Record<string, unknown>)[k] : undefined), doc);
}

/**
 * Starts an Okta emulator on 127.0.0.1 (random port).
 * @example
 * const okta = await startOktaEmulator();
 * const appId = okta.createApp();
 * await fetch(`${okta.url}/api/v1/apps/${appId}/credentials/jwks`, { headers: { authorization: `SSWS ${okta.apiToken}` } });
 * `rateLimitPerMinute` enforces a limit as Okta does: each response carries X-Rate-Limit-Limit/-Remaining/-Reset
 * for a one-minute window, and a call over the limit is answered 429 E0000047 with Remaining 0. Without it the
 * headers announce 600 and nothing is refused.
 * @see https://developer.okta.com/docs/api/openapi/okta-management/management/tag/ApplicationSSOPublicKeys/
 * @see https://developer.okta.com/docs/reference/rl-global-mgmt/ (headers, 429 E0000047)
 */
export async function startOktaEmulator(options: { rateLimitPerMinute?: number } = {}): Promise<OktaEmulator> {
  const { definition, api } = await loadSpec(["okta-apps-credentials-jwks.json", "okta-apps-app.json"]);
  const apiToken = randomId("00", 40);
  const bearerTokens = new Map<string, Set<string>>();
  const apps = new Map<string, App>();
  let window = { start: Date.now(), count: 0 };
  let origin = "";

  const limit = options.rateLimitPerMinute ?? RATE_LIMIT;
  const currentWindow = () => {
    if (Date.now() - window.start >= 60_000) window = { start: Date.now(), count: 0 };
    return window;
  };
  const rateHeaders = (remaining?: number): Record<string, string> => {
    currentWindow();
    return {
      "X-Rate-Limit-Limit": String(limit),
      "X-Rate-Limit-Remaining": String(remaining ?? Math.max(0, limit - ++window.count)),
      "X-Rate-Limit-Reset": String(Math.ceil((window.start + 60_000) / 1000)),
    };
  };

  const render = (appId: string, k: StoredKey): OktaKey => {
    const { kty, ...rest } = k.jwk;
    const out = {
      id: k.id,
      kid: k.kid,
      kty: kty!,
      ...rest,
      use: k.use,
      status: k.status,
      created: k.created.toISOString(),
      lastUpdated: k.lastUpdated.toISOString(),
    } as OktaKey;
    const self = `${origin}/api/v1/apps/${appId}/credentials/jwks/${k.id}`;
    const link = (href: string, method: string): OktaLink => ({ href, hints: { allow: [method] } });
    // Links follow the spec's examples: an ACTIVE encryption key can neither be deactivated nor deleted.
    if (k.status === "INACTIVE") out._links = { activate: link(`${self}/lifecycle/activate`, "POST"), delete: link(self, "DELETE") };
    else if (k.use === "sig") out._links = { deactivate: link(`${self}/lifecycle/deactivate`, "POST") };
    return out;
  };

  const store = (jwk: Record<string, unknown>, status: "ACTIVE" | "INACTIVE"): StoredKey => {
    const pub: Record<string, string> = {};
    for (const m of PUBLIC_MEMBERS) if (typeof jwk[m] === "string") pub[m] = jwk[m];
    const now = new Date();
    const kid = typeof jwk.kid === "string" ? jwk.kid : null;
    return { id: randomId("pks", 17), jwk: pub, kid, use: jwk.use === "enc" ? "enc" : "sig", status, created: now, lastUpdated: now };
  };

  const appOr404 = (appId: string): App | Reply =>
    apps.get(appId) ?? oktaError(404, "E0000007", `Not found: Resource not found: ${appId} (AppInstance)`);
  /** Resolves {appId, keyId} or the 404 Okta sends. */
  const keyOr404 = (req: OperationRequest): { app: App; appId: string; key: StoredKey } | Reply => {
    const appId = req.params.appId!;
    const app = appOr404(appId);
    if ("status" in app) return app;
    const key = app.keys.find((k) => k.id === req.params.keyId);
    return key ? { app, appId, key } : oktaError(404, "E0000007", `Not found: Resource not found: ${req.params.keyId} (JsonWebKey)`);
  };
  const touch = (k: StoredKey, status: "ACTIVE" | "INACTIVE") => {
    if (k.status !== status) {
      k.status = status;
      k.lastUpdated = new Date();
    }
  };

  const handlers: Record<string, (req: OperationRequest) => Reply> = {
    ...appHandlers(
      { appOr404, all: () => apps.entries(), renderKeys: (appId) => appOrThrow(appId).keys.map((k) => render(appId, k)) },
      invalid,
    ),
    listJwk: (req) => {
      const app = appOr404(req.params.appId!);
      return "status" in app ? app : { status: 200, body: app.keys.map((k) => render(req.params.appId!, k)) };
    },
    addJwk: (req) => {
      const app = appOr404(req.params.appId!);
      if ("status" in app) return app;
      const body = req.body as Record<string, unknown>;
      const key = store(body, body.status === "INACTIVE" ? "INACTIVE" : "ACTIVE");
      if (app.keys.length > 0 && (key.kid === null || app.keys.some((k) => k.kid === null))) return invalid(CAUSE.noKid);
      if (app.keys.some((k) => k.kid === key.kid)) return invalid(CAUSE.duplicateKid);
      if (app.keys.length >= MAX_KEYS) return invalid(CAUSE.tooMany);
      const problem = keyProblem(key.jwk);
      if (problem) return invalid(problem);
      // The spec lists this error for add; only activation swaps the active encryption key.
      if (key.use === "enc" && key.status === "ACTIVE" && app.keys.some((k) => k.use === "enc" && k.status === "ACTIVE"))
        return invalid(CAUSE.oneActiveEnc);
      app.keys.push(key);
      return { status: 201, body: render(req.params.appId!, key) };
    },
    getJwk: (req) => {
      const found = keyOr404(req);
      return "status" in found ? found : { status: 200, body: render(found.appId, found.key) };
    },
    deletejwk: (req) => {
      const found = keyOr404(req);
      if ("status" in found) return found;
      if (found.key.status === "ACTIVE") return invalid(CAUSE.deleteActive);
      found.app.keys.splice(found.app.keys.indexOf(found.key), 1);
      return { status: 204 };
    },
    activateOAuth2ClientJsonWebKey: (req) => {
      const found = keyOr404(req);
      if ("status" in found) return found;
      if (found.key.use === "enc") for (const k of found.app.keys) if (k !== found.key && k.use === "enc") touch(k, "INACTIVE");
      touch(found.key, "ACTIVE");
      return { status: 200, body: render(found.appId, found.key) };
    },
    deactivateOAuth2ClientJsonWebKey: (req) => {
      const found = keyOr404(req);
      if ("status" in found) return found;
      const { app, key } = found;
      if (key.use === "enc") return invalid(CAUSE.deactivateEnc);
      const activeSigning = app.keys.filter((k) => k.use === "sig" && k.status === "ACTIVE");
      if (app.tokenEndpointAuthMethod === "private_key_jwt" && activeSigning.length === 1 && activeSigning[0] === key)
        return invalid(CAUSE.deactivateOnly);
      touch(key, "INACTIVE");
      return { status: 200, body: render(found.appId, key) };
    },
  };

  const base = await startEmulator({
    definition,
    api,
    handlers,
    authorize(req) {
      // Over the limit: refused before anything else is looked at (the refusal counts as a call, as answered calls do).
      if (options.rateLimitPerMinute !== undefined && currentWindow().count >= limit)
        return oktaError(429, "E0000047", "API call exceeded rate limit due to too many requests.", [], rateHeaders(0));
      const [scheme, credential] = (req.headers.authorization ?? "").split(" ", 2);
      if (scheme === "SSWS" && credential === apiToken) return undefined;
      const scopes = scheme === "Bearer" && credential ? bearerTokens.get(credential) : undefined;
      if (!scopes) return oktaError(401, "E0000011", "Invalid token provided");
      const required = (req.operation.security ?? []).flatMap((r) => (r as Record<string, string[]>).oauth2 ?? []);
      if (required.some((s) => scopes.has(s))) return undefined;
      return oktaError(403, "E0000006", "You do not have permission to perform the requested action", [], {
        "WWW-Authenticate": `Bearer authorization_uri="${origin}/oauth2/v1/authorize", error="insufficient_scope", scope="${required.join(" ")}"`,
      });
    },
    badRequest: (errors, req) =>
      oktaError(400, "E0000001", req.operationId === "addJwk" ? "Api validation failed: JsonWebKey" : "Api validation failed", errors),
    noRoute: (status, raw) =>
      status === 405
        ? oktaError(405, "E0000022", "The endpoint does not support the provided HTTP method")
        : oktaError(404, "E0000007", `Not found: Resource not found: ${raw.path} (PublicApi)`),
    faultReply(status) {
      if (status === 429) return oktaError(429, "E0000047", "API call exceeded rate limit due to too many requests.", [], rateHeaders(0));
      if (status >= 500) return oktaError(status, "E0000009", "Internal Server Error");
      return { status };
    },
    commonHeaders: () => rateHeaders(),
    // Okta answers 404 for an unknown app on every app-scoped call; the spec lists 404 on all operations but addJwk.
    undocumentedStatusIsKnown: (operationId, status) => operationId === "addJwk" && status === 404,
    // Spec defect: the signing-key response schemas do not constrain `use` (only the encryption one does), so an
    // RSA encryption key matches both branches of every `oneOf [Signing, Encryption]` and fails "exactly one".
    // Accepted only when the value did match the encryption branch (index 1) and really is an encryption key.
    knownSpecDefect: (_id, e: SchemaError, body) =>
      e.keyword === "oneOf" &&
      JSON.stringify(e.params.passingSchemas) === "[0,1]" &&
      (valueAt(body, e.instancePath) as { use?: unknown } | undefined)?.use === "enc",
  });
  origin = base.url;

  const appOrThrow = (appId: string): App => {
    const app = apps.get(appId);
    if (!app) throw new Error(`okta emulator: no app ${appId}`);
    return app;
  };
  const keyByKid = (appId: string, kid: string): StoredKey => {
    const key = appOrThrow(appId).keys.find((k) => k.kid === kid);
    if (!key) throw new Error(`okta emulator: app ${appId} has no key with kid ${kid}`);
    return key;
  };

  return Object.assign(base, {
    apiToken,
    issueBearerToken(scopes: string[]) {
      const token = randomId("oat_", 40);
      bearerTokens.set(token, new Set(scopes));
      return token;
    },
    createApp(options: { appId?: string; tokenEndpointAuthMethod?: "private_key_jwt" | "client_secret_basic" } = {}) {
      const appId = options.appId ?? randomId("0oa", 17);
      if (apps.has(appId)) throw new Error(`okta emulator: app ${appId} exists`);
      const now = new Date();
      const keys: StoredKey[] = [];
      apps.set(appId, {
        label: `app ${appId}`,
        tokenEndpointAuthMethod: options.tokenEndpointAuthMethod ?? "private_key_jwt",
        created: now,
        lastUpdated: now,
        keys,
        retainKeys: (kids) => {
          for (const k of keys.filter((k) => k.kid === null || !kids.has(k.kid))) keys.splice(keys.indexOf(k), 1);
        },
      });
      return appId;
    },
    keys: (appId: string) => appOrThrow(appId).keys.map((k) => render(appId, k)),
    consoleAddKey(appId: string, jwk: Record<string, unknown>, status: "ACTIVE" | "INACTIVE" = "ACTIVE") {
      const key = store(jwk, status);
      appOrThrow(appId).keys.push(key);
      return render(appId, key);
    },
    consoleSetStatus: (appId: string, kid: string, status: "ACTIVE" | "INACTIVE") => touch(keyByKid(appId, kid), status),
    consoleDeleteApp(appId: string) {
      appOrThrow(appId);
      apps.delete(appId);
    },
    consoleSetTokenEndpointAuthMethod(appId: string, method: "private_key_jwt" | "client_secret_basic") {
      appOrThrow(appId).tokenEndpointAuthMethod = method;
    },
    tokenEndpointAuthMethod: (appId: string) => appOrThrow(appId).tokenEndpointAuthMethod,
    consoleDeleteKey(appId: string, kid: string) {
      const keys = appOrThrow(appId).keys;
      keys.splice(keys.indexOf(keyByKid(appId, kid)), 1);
    },
  });
}
