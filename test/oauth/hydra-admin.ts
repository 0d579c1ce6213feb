/**
 * The real Ory Hydra that scripts/lib/servers.sh starts for a test run, seen from a test: where its public and
 * admin APIs are (from the environment; a clear failure, not a skip, when absent) and what an administrator
 * does by hand with the admin API (create a client, change its keys directly).
 *
 * @see https://www.ory.sh/docs/hydra/reference/api
 */
import { serverEnv, type Jwks } from "./keycloak-admin";

export const HYDRA_ENV = { publicUrl: "JWK_HYDRA_PUBLIC_URL", adminUrl: "JWK_HYDRA_ADMIN_URL" } as const;

export class HydraAdmin {
  readonly publicUrl = serverEnv(HYDRA_ENV.publicUrl);
  readonly adminUrl = serverEnv(HYDRA_ENV.adminUrl);

  /** Hydra's issuer is URLS_SELF_ISSUER; the assertion's `aud` must be exactly this token endpoint. */
  get tokenEndpoint(): string {
    return `${this.publicUrl}/oauth2/token`;
  }

  private async call(method: string, path: string, body?: unknown, contentType = "application/json"): Promise<Record<string, any>> {
    const res = await fetch(`${this.adminUrl}/admin/clients${path}`, {
      method,
      ...(body === undefined ? {} : { headers: { "content-type": contentType }, body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`Hydra admin ${method} ${path}: HTTP ${res.status} ${text}`);
    return text ? JSON.parse(text) : {};
  }

  /** A client that authenticates with private_key_jwt and may use client_credentials. */
  async createClient(clientId: string, o: { keys: Record<string, unknown>[]; signingAlg: string }): Promise<void> {
    await this.call("POST", "", {
      client_id: clientId,
      grant_types: ["client_credentials"],
      token_endpoint_auth_method: "private_key_jwt",
      token_endpoint_auth_signing_alg: o.signingAlg,
      jwks: { keys: o.keys },
    });
  }

  async client(clientId: string): Promise<Record<string, any>> {
    return this.call("GET", `/${encodeURIComponent(clientId)}`);
  }

  async keys(clientId: string): Promise<Record<string, unknown>[]> {
    return ((await this.client(clientId)).jwks as Jwks | undefined)?.keys ?? [];
  }

  async jwksUri(clientId: string): Promise<string | undefined> {
    return ((await this.client(clientId)).jwks_uri as string | undefined) || undefined;
  }

  /** Replaces the client's keys as an administrator would. */
  async setKeys(clientId: string, keys: Record<string, unknown>[]): Promise<void> {
    await this.call(
      "PATCH",
      `/${encodeURIComponent(clientId)}`,
      [{ op: "replace", path: "/jwks", value: { keys } }],
      "application/json-patch+json",
    );
  }
}
