/**
 * Keys for an Okta OAuth app that authenticates with private_key_jwt: two signing keys (the current one
 * ACTIVE, the next one published INACTIVE ahead of rotation) and an encryption key for ID tokens.
 * Credentials: the API token is read from OKTA_API_TOKEN by the provider, never stored in state.
 */
import { Jwk, JwkSet } from "pulumi-jwk";

export function oktaProgram(orgUrl: string, appId: string) {
  return async () => {
    const current = new Jwk("signing-current", { alg: "RS256", rotationTrigger: "2026-11" });
    const next = new Jwk("signing-next", { alg: "ES256" });
    const idTokenEncryption = new Jwk("id-token-encryption", { alg: "RSA-OAEP-256" });
    const set = new JwkSet("okta-app-keys", {
      target: { kind: "okta", orgUrl, appId },
      keys: [current.publicJwk, next.publicJwk, idTokenEncryption.publicJwk],
      inactiveKids: [next.kid],
      mode: "additive",
    });
    return { current: current.kid, next: next.kid, encryption: idTokenEncryption.kid, drift: set.drift, foreignKids: set.foreignKids };
  };
}
