/**
 * JWK Sets in the shapes vendors publish, built with fresh keys and real certificates (nothing copied from a
 * vendor): Janssen (RSA with `"crv": ""`, null `x`/`y`, `exp` in milliseconds, uuid kids, name/descr metadata),
 * Keycloak (`x5c`, `x5t`, `x5t#S256`, a signing and an RSA-OAEP key, opaque kids), PingOne (UUIDv1 kids, no
 * certificates). Shared by the inspection, CLI and url-target tests.
 */
import { generateKeyPairSync, randomUUID } from "node:crypto";
import type { JWK } from "jose";
import { certificateMembers, selfSignedCertificate } from "../../../provider/core/keys/certificate";
import { describeKey, generateKey, type PublicJwk } from "../../../provider/core/keys/material";

/** A key pair with its public JWK. */
export interface TestKey {
  privateJwk: JWK;
  publicJwk: PublicJwk;
}

export async function testKey(alg: string, kid?: string, crv?: string): Promise<TestKey> {
  const privateJwk = await generateKey({ alg, ...(crv ? { crv: crv as never } : {}) });
  const use = alg.startsWith("RSA-OAEP") || alg.startsWith("ECDH") ? "enc" : "sig";
  const d = await describeKey(privateJwk, { alg, use, ...(kid ? { kid } : {}) });
  return { privateJwk: d.privateJwk, publicJwk: d.publicJwk };
}

/** The public JWK of a 1024-bit RSA key (too short to publish; node still makes one). */
export function shortRsaKey(kid: string): PublicJwk {
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
  const jwk = publicKey.export({ format: "jwk" }) as { n: string; e: string };
  return { kty: "RSA", kid, alg: "RS256", use: "sig", n: jwk.n, e: jwk.e };
}

/** A self-signed certificate for `key`, valid from `from` for `days`. */
export async function certFor(key: TestKey, alg: string, days = 365, from = new Date(), sha1 = true) {
  return selfSignedCertificate(key.privateJwk, alg, { subject: `CN=${key.publicJwk.kid}`, validityDays: days, sha1Thumbprint: sha1 }, from);
}

/** A UUIDv1-shaped id (time-based: PingOne's kids). */
function uuidV1Shaped(): string {
  const u = randomUUID().split("-");
  return [u[0], u[1], `1${u[2]!.slice(1)}`, u[3], u[4]].join("-");
}

/** Janssen's `/jwks`: every RSA entry carries `"crv": ""` and null `x`/`y`, `exp` in epoch ms, an x5c. */
export async function janssenSet(): Promise<{ keys: Record<string, unknown>[] }> {
  const sigKid = `${randomUUID()}_sig_rs256`;
  const sig = await testKey("RS256", sigKid);
  const ec = await testKey("ES256", `${randomUUID()}_sig_es256`);
  const sigCert = await certFor(sig, "RS256", 365, new Date(), false);
  const ecCert = await certFor(ec, "ES256", 365, new Date(), false);
  const exp = Date.now() + 2 * 86_400_000 * 365;
  return {
    keys: [
      {
        descr: "Signature Key: RSA RSASSA-PKCS1-v1_5 using SHA-256",
        kty: "RSA",
        e: sig.publicJwk.e,
        use: "sig",
        kid: sigKid,
        x5c: sigCert.x5c,
        name: "id_token RS256 Sign Key",
        exp,
        alg: "RS256",
        n: sig.publicJwk.n,
        crv: "",
        x: null,
        y: null,
        key_ops_type: ["connect"],
      },
      {
        descr: "Signature Key: ECDSA using P-256 and SHA-256",
        kty: "EC",
        use: "sig",
        crv: "P-256",
        kid: ec.publicJwk.kid,
        x5c: ecCert.x5c,
        name: "id_token ES256 Sign Key",
        x: ec.publicJwk.x,
        y: ec.publicJwk.y,
        exp,
        alg: "ES256",
        key_ops_type: ["connect"],
      },
    ],
  };
}

/** Keycloak's `certs`: opaque kids, x5c with x5t and x5t#S256, a signing key and an RSA-OAEP key. */
export async function keycloakSet(): Promise<{ keys: Record<string, unknown>[] }> {
  const keys = [];
  for (const [alg, use] of [
    ["RS256", "sig"],
    ["RSA-OAEP", "enc"],
  ] as const) {
    const key = await testKey(alg, randomUUID().replace(/-/g, "").slice(0, 43));
    const cert = certificateMembers((await certFor(key, "RS256", 3650)).x5c, true);
    keys.push({ kid: key.publicJwk.kid, kty: "RSA", alg, use, n: key.publicJwk.n, e: key.publicJwk.e, ...cert });
  }
  return { keys };
}

/** A PingOne key rotation policy's `/jwks`: UUIDv1 kids, RSA signing keys, no certificates. */
export async function pingOneSet(): Promise<{ keys: Record<string, unknown>[] }> {
  const keys = [];
  for (let i = 0; i < 2; i++) {
    const key = await testKey("RS256", uuidV1Shaped());
    keys.push({ kty: "RSA", e: key.publicJwk.e, use: "sig", kid: key.publicJwk.kid, alg: "RS256", n: key.publicJwk.n });
  }
  return { keys };
}
