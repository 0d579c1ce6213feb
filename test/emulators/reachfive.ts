/**
 * ReachFive emulator: the Management API's signing-key endpoints (specs/reachfive-management-keys.yaml, written
 * from ReachFive's documentation; see its header for what is assumed), the public `/jwks.json`, and `/oauth/token`
 * issuing management tokens by client credentials. Keys are RS256 pairs the emulator generates; the rules live in
 * reachfive-account.ts. Over `rateLimit` requests a minute it answers 429 with Retry-After, as ReachFive does.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { AccountRuleError, ReachFiveAccount, type ReachFiveClient, type ReachFivePublicKey } from "./reachfive-account";
import { isClient, tokenRequestOf } from "./client-auth";
import { startEmulator, type Emulator, type OperationRequest, type RawRequest, type Reply } from "./server";
import { loadSpec } from "./spec";

/**
 * A running ReachFive emulator and its test-only "console" (what an admin does in the ReachFive Console:
 * rotate the global pair, rotate or re-sync a client). Tokens come from `tokenUrl` with clientId/clientSecret
 * (client_secret_basic or client_secret_post); the token endpoint is recorded under the operationId "oauth:token".
 */
export interface ReachFiveEmulator extends Emulator {
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  createClient(o?: { clientId?: string; name?: string; alg?: "RS256" | "HS256" }): string;
  /** The public keys /jwks.json lists now. */
  jwks(): ReachFivePublicKey[];
  /** The current global kid. */
  globalKid(): string;
  /** A client as the Management API shows it (client_id, id_token_signed_response_alg, jwks_type, kid). */
  client(clientId: string): Record<string, unknown>;
  consoleRotateGlobal(): string;
  consoleRotateClient(clientId: string): string;
  consoleSyncClient(clientId: string): void;
}

export interface ReachFiveEmulatorOptions {
  /** Requests a minute before 429 (default 300). */
  rateLimit?: number;
  accessTokenLifetimeSeconds?: number;
}

const TOKEN_PATH = "/oauth/token";

/** ReachFive's error envelope (identity-web-core-sdk ErrorResponse, snake_case on the wire). */
export function reachFiveError(status: number, error: string, description: string, headers?: Record<string, string>): Reply {
  const body = { error, error_id: randomUUID(), error_description: description, error_user_msg: description };
  return headers ? { status, headers, body } : { status, body };
}

/**
 * Starts a ReachFive emulator on 127.0.0.1 (random port).
 * @example
 * const r5 = await startReachFiveEmulator();
 * const app = r5.createClient();
 * // POST `${r5.tokenUrl}` (client credentials), then POST `${r5.url}/api/v1/clients/${app}/keys` with the token
 * @see https://developer.reachfive.com/docs/jwks.html
 */
export async function startReachFiveEmulator(options: ReachFiveEmulatorOptions = {}): Promise<ReachFiveEmulator> {
  const { definition, api } = await loadSpec("reachfive-management-keys.yaml");
  const rateLimit = options.rateLimit ?? 300;
  const lifetime = options.accessTokenLifetimeSeconds ?? 3600;
  const clientId = randomBytes(10).toString("base64url");
  const clientSecret = randomBytes(24).toString("base64url");
  const tokens = new Map<string, number>();
  const account = new ReachFiveAccount();
  let window = { start: Date.now(), count: 0 };

  /** Runs an account operation, answering its refusal the ReachFive way. */
  const guarded = (op: () => Reply): Reply => {
    try {
      return op();
    } catch (e) {
      if (e instanceof AccountRuleError) return reachFiveError(e.status, e.error, e.description);
      throw e;
    }
  };
  const clientReply = (c: ReachFiveClient): Reply => ({ status: 200, body: account.render(c) });

  const handlers: Record<string, (req: OperationRequest) => Reply> = {
    getSiteKey: () => ({ status: 200, body: { ...account.currentGlobal } }),
    rotateSiteKeys: () => ({ status: 200, body: { ...account.rotateGlobal() } }),
    getClient: (req) => guarded(() => clientReply(account.client(req.params.clientId!))),
    rotateClientKeys: (req) => guarded(() => clientReply(account.rotateClient(req.params.clientId!))),
    syncClientKeys: (req) => guarded(() => clientReply(account.syncClient(req.params.clientId!))),
    revokeClientKey: (req) =>
      guarded(() => {
        account.revoke(req.params.clientId!, req.params.kid!);
        return { status: 204 };
      }),
    getJwks: () => ({ status: 200, body: { keys: account.jwks() } }),
  };

  const tokenEndpoint = (raw: RawRequest): Reply => {
    const request = tokenRequestOf(raw);
    if (request === undefined) return reachFiveError(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded");
    if (!isClient(request, clientId, clientSecret)) return reachFiveError(401, "invalid_client", "Client authentication failed");
    if (request.form.get("grant_type") !== "client_credentials")
      return reachFiveError(400, "unsupported_grant_type", "Only client_credentials is supported for management clients");
    const token = randomBytes(24).toString("base64url");
    tokens.set(token, Date.now() + lifetime * 1000);
    return {
      status: 200,
      headers: { "Cache-Control": "no-store" },
      body: { access_token: token, token_type: "Bearer", expires_in: lifetime },
    };
  };

  const base = await startEmulator({
    definition,
    api,
    handlers,
    authorize(req) {
      if (Date.now() - window.start >= 60_000) window = { start: Date.now(), count: 0 };
      if (++window.count > rateLimit) {
        const retryAfter = String(Math.max(1, Math.ceil((window.start + 60_000 - Date.now()) / 1000)));
        return reachFiveError(429, "too_many_requests", "Rate limit exceeded", { "Retry-After": retryAfter });
      }
      if ((req.operation.security ?? []).length === 0) return undefined; // /jwks.json is public
      const [scheme, credential] = (req.headers.authorization ?? "").split(" ", 2);
      const expiry = scheme === "Bearer" && credential ? tokens.get(credential) : undefined;
      if (expiry === undefined || expiry <= Date.now())
        return reachFiveError(401, "invalid_token", expiry === undefined ? "Missing or invalid access token" : "Access token expired", {
          "WWW-Authenticate": "Bearer",
        });
      return undefined;
    },
    badRequest: (errors) => reachFiveError(400, "invalid_request", errors.join("; ")),
    noRoute: (status, raw) => reachFiveError(status, status === 405 ? "method_not_allowed" : "not_found", `${raw.method} ${raw.path}`),
    extraRoutes: { [`POST ${TOKEN_PATH}`]: { name: "oauth:token", handle: tokenEndpoint } },
    faultReply: (status) =>
      status === 429
        ? reachFiveError(429, "too_many_requests", "Rate limit exceeded", { "Retry-After": "1" })
        : reachFiveError(status, status >= 500 ? "server_error" : "invalid_request", status >= 500 ? "Internal server error" : "Error"),
    // 400 on a request that broke the contract comes from the framework in front of every route.
    undocumentedStatusIsKnown: (_id, status) => status === 400,
  });

  const rule = <T>(op: () => T): T => {
    try {
      return op();
    } catch (e) {
      if (e instanceof AccountRuleError) throw new Error(`reachfive emulator: ${e.description}`, { cause: e });
      throw e;
    }
  };

  return Object.assign(base, {
    tokenUrl: `${base.url}${TOKEN_PATH}`,
    clientId,
    clientSecret,
    createClient: (o: { clientId?: string; name?: string; alg?: "RS256" | "HS256" } = {}) => account.addClient(o).clientId,
    jwks: () => account.jwks(),
    globalKid: () => account.currentGlobal.kid,
    client: (id: string) => rule(() => account.render(account.client(id))),
    consoleRotateGlobal: () => account.rotateGlobal().kid,
    consoleRotateClient: (id: string) => rule(() => account.rotateClient(id).ownKeys[0]!.kid),
    consoleSyncClient: (id: string) => void rule(() => account.syncClient(id)),
  });
}
