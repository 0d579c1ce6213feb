/**
 * The quickstart program: three signing keys (RS256, ES256, EdDSA) published as one JWKS file, the static
 * `/.well-known/jwks.json` many teams serve. Run it with the Pulumi CLI in this folder (`pulumi up`), or with
 * `bash scripts/quickstart.sh` from the repository root, which also installs and selects a local stack.
 *
 * Config: `jwksPath` (default `out/jwks.json`, relative to this folder) is where the set is published.
 */
import * as pulumi from "@pulumi/pulumi";
import { Jwk, JwkSet } from "pulumi-jwk";

// No `drift` stack output: stack outputs are computed by `pulumi up` (where drift is always repaired) and
// `pulumi refresh` does not rerun the program, so it would show a stale "none". Refresh prints the drift it
// finds per kid, and the JwkSet's own `drift` output in state holds it.

const jwksPath = new pulumi.Config().get("jwksPath") ?? "out/jwks.json";

const rsa = new Jwk("rs256", { alg: "RS256" });
const ec = new Jwk("es256", { alg: "ES256" });
const ed = new Jwk("eddsa", { alg: "EdDSA" });
const jwks = new JwkSet("jwks", {
  target: { kind: "file", path: jwksPath },
  keys: [rsa.publicJwk, ec.publicJwk, ed.publicJwk],
  mode: "exclusive",
});

export const publishedAt = jwksPath;
export const kids = { RS256: rsa.kid, ES256: ec.kid, EdDSA: ed.kid };
export const publishedKids = jwks.kids;
/** A secret: `pulumi stack output --show-secrets privateJwk` reveals it; state holds only ciphertext. */
export const privateJwk = ec.privateJwk;
