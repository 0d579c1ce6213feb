/**
 * Public keys as plain values for engine tests where key generation is beside the point (ownership,
 * concurrency): no Jwk resource, so stacks stay small and ups fast.
 */
import { generateKeyPairSync } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import type { PublicJwk } from "pulumi-jwk";

/** A public ES256 key with this kid. */
export function ecKey(kid: string): PublicJwk {
  const jwk = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" }) as Record<string, string>;
  return { kty: "EC", crv: "P-256", x: jwk.x!, y: jwk.y!, kid, use: "sig", alg: "ES256" };
}

/** The kids in a JWKS file, sorted; [] when there is no file. */
export async function kidsIn(path: string): Promise<string[]> {
  if (!existsSync(path)) return [];
  return (JSON.parse(await readFile(path, "utf8")) as { keys: { kid: string }[] }).keys.map((k) => k.kid).sort();
}
