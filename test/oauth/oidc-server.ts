/**
 * A real OAuth server for tests and the private-key-jwt example: oidc-provider (npm, pinned) in this process on
 * 127.0.0.1, port 0, with RFC 7591 registration (initial access token), RFC 7592 registration management
 * (registration access tokens rotated on every PUT, oidc-provider's default) and the client_credentials grant
 * with private_key_jwt client authentication. Every request body it receives is recorded, so tests can assert
 * that no private key material reached it.
 *
 * @see https://github.com/panva/node-oidc-provider/blob/main/docs/README.md
 */
import { once } from "node:events";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { randomBytes } from "node:crypto";
import * as jose from "jose";

export interface RecordedRequest {
  method: string;
  path: string;
  /** The body as received (empty for GET). */
  body: string;
}

export interface RegisteredClient {
  clientId: string;
  registrationClientUri: string;
  registrationAccessToken: string;
}

export interface OidcServer {
  issuer: string;
  tokenEndpoint: string;
  registrationEndpoint: string;
  initialAccessToken: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** Why the last client authentications failed (oidc-provider answers only "client authentication failed"). */
  readonly authFailures: string[];
  /** Registers a client (RFC 7591) that may use client_credentials; `metadata` overrides the defaults. */
  register(metadata?: Record<string, unknown>): Promise<RegisteredClient>;
  /** Reads a client's registration (RFC 7592) with its registration access token. */
  readClient(client: RegisteredClient): Promise<Record<string, unknown>>;
  /** The keys the server holds for a client, read from its own store (no registration token needed). */
  clientKeys(clientId: string): Promise<Record<string, unknown>[]>;
  /** Replaces a client's registration as someone else would, keeping the token current. */
  updateClient(client: RegisteredClient, change: (current: Record<string, unknown>) => Record<string, unknown>): Promise<void>;
  close(): Promise<void>;
}

const SERVER_FIELDS = /^(registration_access_token|registration_client_uri|.*_issued_at|.*_expires_at)$/;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Starts the server; `close()` stops it. */
export async function startOidcServer(): Promise<OidcServer> {
  // oidc-provider is an ES module: loaded when a test starts one, not when this module is required.
  const { default: Provider } = await import("oidc-provider");
  const signing = await jose.generateKeyPair("ES256", { extractable: true });
  const initialAccessToken = randomBytes(16).toString("hex");
  const requests: RecordedRequest[] = [];
  const authFailures: string[] = [];
  const http = createServer();
  http.listen(0, "127.0.0.1");
  await once(http, "listening");
  const issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    jwks: { keys: [{ ...(await jose.exportJWK(signing.privateKey)), kid: "op-es256", alg: "ES256", use: "sig" }] },
    clientDefaults: { id_token_signed_response_alg: "ES256", grant_types: ["client_credentials"], response_types: [] },
    clientAuthMethods: ["private_key_jwt", "client_secret_basic"],
    ttl: { ClientCredentials: 600 },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      registration: { enabled: true, initialAccessToken },
      registrationManagement: { enabled: true, rotateRegistrationAccessToken: true },
    },
  });
  provider.on("grant.error", (_ctx: unknown, error: { error_description?: string; message?: string }) => {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- last resort for an error without a description or message
    authFailures.push(error.error_description ?? error.message ?? String(error));
  });
  const callback = provider.callback();
  http.on("request", (req, res) => {
    readBody(req).then(
      (body) => {
        requests.push({ method: req.method ?? "", path: req.url ?? "", body });
        // The stream is consumed: oidc-provider reads an already-read body from req.body (selective_body.js).
        (req as IncomingMessage & { body?: string }).body = body;
        void callback(req, res);
      },
      () => res.destroy(),
    );
  });

  const server: OidcServer = {
    issuer,
    tokenEndpoint: `${issuer}/token`,
    registrationEndpoint: `${issuer}/reg`,
    initialAccessToken,
    requests,
    authFailures,
    async register(metadata = {}) {
      const res = await fetch(server.registrationEndpoint, {
        method: "POST",
        headers: { authorization: `Bearer ${initialAccessToken}`, "content-type": "application/json" },
        body: JSON.stringify({ token_endpoint_auth_method: "client_secret_basic", ...metadata }),
      });
      const body = (await res.json()) as Record<string, string>;
      if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${JSON.stringify(body)}`);
      return {
        clientId: body.client_id!,
        registrationClientUri: body.registration_client_uri!,
        registrationAccessToken: body.registration_access_token!,
      };
    },
    async readClient(client) {
      const res = await fetch(client.registrationClientUri, { headers: { authorization: `Bearer ${client.registrationAccessToken}` } });
      if (res.status !== 200) throw new Error(`reading ${client.clientId} failed: ${res.status}`);
      return (await res.json()) as Record<string, unknown>;
    },
    async clientKeys(clientId) {
      const found = await provider.Client.find(clientId);
      if (!found) throw new Error(`no client ${clientId}`);
      return (found.metadata().jwks as { keys?: Record<string, unknown>[] } | undefined)?.keys ?? [];
    },
    async updateClient(client, change) {
      const current = await server.readClient(client);
      const body = change(Object.fromEntries(Object.entries(current).filter(([m]) => !SERVER_FIELDS.test(m))));
      const res = await fetch(client.registrationClientUri, {
        method: "PUT",
        headers: { authorization: `Bearer ${client.registrationAccessToken}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const answer = (await res.json()) as Record<string, unknown>;
      if (res.status !== 200) throw new Error(`updating ${client.clientId} failed: ${res.status} ${JSON.stringify(answer)}`);
      if (typeof answer.registration_access_token === "string") client.registrationAccessToken = answer.registration_access_token;
    },
    async close() {
      http.closeAllConnections();
      await new Promise<void>((resolve, reject) => http.close((e) => (e ? reject(e) : resolve())));
    },
  };
  return server;
}
