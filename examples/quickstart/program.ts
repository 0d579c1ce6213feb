/**
 * The quickstart program: three signing keys (RS256, ES256, EdDSA) published as one JWKS file, the static
 * `/.well-known/jwks.json` many teams serve. Written as a Pulumi program function so Automation API can run it
 * (see run.ts and the README on why `pulumi up` in this folder needs Automation API here).
 */
import { Jwk, JwkSet } from "pulumi-jwk";

export function quickstart(jwksPath: string) {
  return async () => {
    const rsa = new Jwk("rs256", { alg: "RS256" });
    const ec = new Jwk("es256", { alg: "ES256" });
    const ed = new Jwk("eddsa", { alg: "EdDSA" });
    const jwks = new JwkSet("jwks", {
      target: { kind: "file", path: jwksPath },
      keys: [rsa.publicJwk, ec.publicJwk, ed.publicJwk],
      mode: "exclusive",
    });
    return {
      jwksPath,
      kids: { RS256: rsa.kid, ES256: ec.kid, EdDSA: ed.kid },
      publishedKids: jwks.kids,
      drift: jwks.drift,
    };
  };
}
