/**
 * A signing key rotated every hour, with the timings in minutes so a whole cycle fits in an afternoon (or in
 * four commands with a pinned clock: `bash scripts/rotation-example.sh --rehearse`). The public keys go to
 * `out/.well-known/jwks.json`; `bash scripts/rotation-example.sh` serves that folder on 127.0.0.1 and passes
 * its URL as `jwksUri`, so a next key is promoted only once the server actually serves it.
 *
 * Config (all optional): `jwksUri`; `rotateEvery` (60m), `publishAhead` (10m), `retireAfter` (15m),
 * `tokenLifetime` (5m), `jwksCacheTtl` (10m).
 */
import * as pulumi from "@pulumi/pulumi";
import { KeyRotation } from "pulumi-jwk";

const config = new pulumi.Config();
const jwksUri = config.get("jwksUri");

const signing = new KeyRotation("signing", {
  alg: "ES256",
  targets: [{ kind: "file", path: "out/.well-known/jwks.json" }],
  ...(jwksUri ? { jwksUri } : {}),
  rotateEvery: config.get("rotateEvery") ?? "60m",
  publishAhead: config.get("publishAhead") ?? "10m",
  retireAfter: config.get("retireAfter") ?? "15m",
  // Bounds checked at preview: retireAfter >= tokenLifetime + jwksCacheTtl, publishAhead >= jwksCacheTtl.
  tokenLifetime: config.get("tokenLifetime") ?? "5m",
  jwksCacheTtl: config.get("jwksCacheTtl") ?? "10m",
});

/** What the token issuer signs with: the kid, and the private JWK as a secret. */
export const currentKid = signing.currentKid;
export const signingKey = signing.currentPrivateJwk;
/** Every key with its state and due times, and what the next up will do and when. */
export const schedule = signing.schedule;
export const nextStep = signing.nextStep;
/** Public keys a ClientKeyBinding would carry (current and next). */
export const bindableKids = signing.bindableKeys.apply((keys) => keys.map((k) => k.kid));
