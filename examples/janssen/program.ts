/**
 * Keys published to a Janssen server's JWKS through its config-api, next to the server's own keys (additive
 * mode leaves those alone). Credentials: JANS_CLIENT_ID and JANS_CLIENT_SECRET (client credentials with the
 * jwks.readonly/write/delete scopes), read by the provider, never stored in state.
 */
import { Jwk, JwkSet } from "pulumi-jwk";

export function janssenProgram(url: string, tokenUrl: string) {
  return async () => {
    const signing = new Jwk("partner-signing", { alg: "PS256", modulusLength: 3072 });
    const encryption = new Jwk("partner-encryption", { alg: "ECDH-ES+A256KW", crv: "P-384" });
    const set = new JwkSet("janssen-keys", {
      target: { kind: "janssen", url, tokenUrl, keyLifetimeDays: 180 },
      keys: [signing.publicJwk, encryption.publicJwk],
      mode: "additive",
    });
    return { signing: signing.kid, encryption: encryption.kid, drift: set.drift, foreignKids: set.foreignKids };
  };
}
