/**
 * The Janssen emulator's OpenID Connect clients (`/api/v1/openid/clients[/{inum}]`, specs/janssen-config-api-clients.yaml):
 * clients in memory by inum, as JanssenProject jans-config-api ClientsResource keeps them. A client's `jwks` is a
 * JSON text (the spec types it as a string), so a PUT carries the whole key set in one field. The "console" lets
 * tests create clients and change them as an admin would, bypassing the API.
 */
import { randomUUID } from "node:crypto";
import { applyPatch, type Operation as PatchOperation } from "fast-json-patch";
import type { OperationRequest, Reply } from "./server";

type Client = Record<string, unknown>;

export interface JanssenClients {
  handlers: Record<string, (req: OperationRequest) => Reply>;
  /** Creates a client (client_credentials, client_secret_basic unless overridden); returns its inum. */
  createClient(overrides?: Client): string;
  /** The client as stored (its `jwks` a JSON text), or undefined. */
  client(inum: string): Client | undefined;
  /** The client's keys, parsed from its `jwks` text. */
  clientKeys(inum: string): Record<string, unknown>[];
  /** Changes a client directly, as an admin in the Janssen UI does. */
  consoleUpdateClient(inum: string, change: (client: Client) => Client): void;
}

/** Why a client's `jwks` text is not a JWK Set, if it is not (Janssen parses it when the client authenticates). */
function jwksProblem(jwks: unknown): string | undefined {
  if (jwks === undefined || jwks === null || jwks === "") return undefined;
  try {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- Janssen stores jwks as text; anything else fails to parse, as there
    const parsed = JSON.parse(String(jwks)) as { keys?: unknown };
    return Array.isArray(parsed?.keys) ? undefined : 'jwks must be a JSON object with a "keys" array';
  } catch (e) {
    return `jwks is not JSON: ${(e as Error).message}`;
  }
}

export function janssenClients(apiError: (status: number, message: string, description?: string) => Reply): JanssenClients {
  const clients = new Map<string, Client>();
  const notFound = () => apiError(404, "The requested OpenId Connect Client doesn't exist");
  const stored = (inum: string): Client => ({ ...structuredClone(clients.get(inum)!) });
  const save = (body: Client, inum: string): Reply | undefined => {
    const problem = jwksProblem(body.jwks);
    if (problem) return apiError(400, "Bad Request", problem);
    clients.set(inum, { ...structuredClone(body), inum, dn: `inum=${inum},ou=clients,o=jans` });
    return undefined;
  };

  const handlers: Record<string, (req: OperationRequest) => Reply> = {
    "get-oauth-openid-clients": () => ({ status: 200, body: [...clients.keys()].map(stored) }),
    "post-oauth-openid-clients": (req) => {
      const inum = randomUUID();
      return save(req.body as Client, inum) ?? { status: 201, body: stored(inum) };
    },
    "put-oauth-openid-clients": (req) => {
      const body = req.body as Client;
      const inum = body.inum;
      if (typeof inum !== "string" || !clients.has(inum)) return notFound();
      return save(body, inum) ?? { status: 200, body: stored(inum) };
    },
    "get-oauth-openid-clients-by-inum": (req) =>
      clients.has(req.params.inum!) ? { status: 200, body: stored(req.params.inum!) } : notFound(),
    "delete-oauth-openid-clients-by-inum": (req) => (clients.delete(req.params.inum!) ? { status: 204 } : notFound()),
    "patch-oauth-openid-clients-by-inum": (req) => {
      const inum = req.params.inum!;
      if (!clients.has(inum)) return notFound();
      let next: Client;
      try {
        next = applyPatch(stored(inum), req.body as PatchOperation[], true, false).newDocument;
      } catch (e) {
        return apiError(400, "Bad Request", `JSON patch failed: ${(e as Error).message}`);
      }
      return save(next, inum) ?? { status: 200, body: stored(inum) };
    },
  };

  return {
    handlers,
    createClient(overrides = {}) {
      const inum = randomUUID();
      clients.set(inum, {
        inum,
        dn: `inum=${inum},ou=clients,o=jans`,
        clientName: "test client",
        applicationType: "web",
        includeClaimsInIdToken: false,
        grantTypes: ["client_credentials"],
        tokenEndpointAuthMethod: "client_secret_basic",
        disabled: false,
        deletable: true,
        ...overrides,
      });
      return inum;
    },
    client: (inum) => (clients.has(inum) ? stored(inum) : undefined),
    clientKeys(inum) {
      const jwks = clients.get(inum)?.jwks;
      return typeof jwks === "string" && jwks !== "" ? (JSON.parse(jwks) as { keys: Record<string, unknown>[] }).keys : [];
    },
    consoleUpdateClient(inum, change) {
      if (!clients.has(inum)) throw new Error(`janssen emulator: no client ${inum}`);
      clients.set(inum, change(stored(inum)));
    },
  };
}
