/**
 * The real Keycloak that scripts/lib/servers.sh starts for a test run, seen from a test: where it is (from the
 * environment; a clear failure, not a skip, when it is absent) and what an administrator does by hand in the
 * admin console (a realm, a client with Signed JWT authentication, keys changed directly on the client).
 *
 * @see https://www.keycloak.org/docs-api/latest/rest-api/index.html
 */
import assert from "node:assert/strict";

/** The environment variables scripts/lib/servers.sh exports for Keycloak. */
export const KEYCLOAK_ENV = {
  url: "JWK_KEYCLOAK_URL",
  adminUsername: "JWK_KEYCLOAK_ADMIN_USERNAME",
  adminPassword: "JWK_KEYCLOAK_ADMIN_PASSWORD",
  certsUrl: "JWK_KEYCLOAK_CERTS_URL",
} as const;

/** Reads a variable the server script exports; fails naming it and how to start the servers. */
export function serverEnv(variable: string): string {
  const value = process.env[variable];
  if (!value)
    throw new Error(
      `${variable} is not set: this test needs the real OAuth servers that scripts/test.sh starts for the engine tests ` +
        `(by hand: bash scripts/with-servers.sh node --test <compiled test file>)`,
    );
  return value;
}

export type Jwks = { keys: Record<string, unknown>[] };

export class KeycloakAdmin {
  readonly url = serverEnv(KEYCLOAK_ENV.url);
  private readonly username = serverEnv(KEYCLOAK_ENV.adminUsername);
  private readonly password = serverEnv(KEYCLOAK_ENV.adminPassword);

  issuer(realm: string): string {
    return `${this.url}/realms/${realm}`;
  }

  tokenEndpoint(realm: string): string {
    return `${this.issuer(realm)}/protocol/openid-connect/token`;
  }

  private async token(): Promise<string> {
    const res = await fetch(this.tokenEndpoint("master"), {
      method: "POST",
      body: new URLSearchParams({ grant_type: "password", client_id: "admin-cli", username: this.username, password: this.password }),
    });
    assert.equal(res.status, 200, `Keycloak admin login: HTTP ${res.status}`);
    return ((await res.json()) as { access_token: string }).access_token;
  }

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    const res = await fetch(`${this.url}/admin/realms${path}`, {
      method,
      headers: { authorization: `Bearer ${await this.token()}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.status >= 300) throw new Error(`Keycloak admin ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return res;
  }

  async createRealm(realm: string): Promise<void> {
    await this.call("POST", "", { realm, enabled: true });
  }

  /** A confidential client that authenticates with Signed JWT (private_key_jwt) and may use client_credentials. */
  async createClient(realm: string, clientId: string, o: { keys: Record<string, unknown>[]; signingAlg: string }): Promise<void> {
    await this.call("POST", `/${realm}/clients`, signedJwtClient(clientId, o));
  }

  /** Many such clients in one partial import (one admin login, where createClient logs in once per client). */
  async createClients(
    realm: string,
    clientIds: readonly string[],
    o: { keys: Record<string, unknown>[]; signingAlg: string },
  ): Promise<void> {
    await this.call("POST", `/${realm}/partialImport`, {
      ifResourceExists: "FAIL",
      clients: clientIds.map((id) => signedJwtClient(id, o)),
    });
  }

  async client(realm: string, clientId: string): Promise<Record<string, any>> {
    const list = (await (await this.call("GET", `/${realm}/clients?clientId=${encodeURIComponent(clientId)}`)).json()) as Record<
      string,
      any
    >[];
    assert.equal(list.length, 1, `client ${clientId} in realm ${realm}`);
    return list[0]!;
  }

  /** The keys Keycloak verifies the client's assertions with. */
  async keys(realm: string, clientId: string): Promise<Record<string, unknown>[]> {
    return (JSON.parse((await this.client(realm, clientId)).attributes["jwks.string"]) as Jwks).keys;
  }

  /** The JWKS URL Keycloak fetches the client's keys from, when `use.jwks.url` is on. */
  async jwksUri(realm: string, clientId: string): Promise<string | undefined> {
    const { attributes } = await this.client(realm, clientId);
    return attributes["use.jwks.url"] === "true" ? attributes["jwks.url"] : undefined;
  }

  /** The master realm's public JWKS (`JWK_KEYCLOAK_CERTS_URL`, for tests that read a live JWKS). */
  async certs(): Promise<Jwks> {
    const res = await fetch(serverEnv(KEYCLOAK_ENV.certsUrl));
    assert.equal(res.status, 200, `GET ${KEYCLOAK_ENV.certsUrl}: HTTP ${res.status}`);
    return (await res.json()) as Jwks;
  }

  /** Replaces the client's keys as an administrator would in the console. */
  async setKeys(realm: string, clientId: string, keys: Record<string, unknown>[]): Promise<void> {
    const { secret: _secret, access: _access, ...client } = await this.client(realm, clientId);
    client.attributes["jwks.string"] = JSON.stringify({ keys });
    await this.call("PUT", `/${realm}/clients/${client.id}`, client);
  }
}

/** Keycloak's representation of a confidential client with Signed JWT authentication and the given keys. */
function signedJwtClient(clientId: string, o: { keys: Record<string, unknown>[]; signingAlg: string }): Record<string, unknown> {
  return {
    clientId,
    protocol: "openid-connect",
    publicClient: false,
    clientAuthenticatorType: "client-jwt",
    serviceAccountsEnabled: true,
    standardFlowEnabled: false,
    directAccessGrantsEnabled: false,
    attributes: {
      "use.jwks.string": "true",
      "jwks.string": JSON.stringify({ keys: o.keys }),
      "token.endpoint.auth.signing.alg": o.signingAlg,
    },
  };
}
