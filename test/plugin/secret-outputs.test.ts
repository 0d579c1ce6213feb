/**
 * Issue 18 item 8, without the engine: in the plugin form an output derived from a secret input (a Jwk's
 * publicJwk and kid from a secret kid) leaves as an RPC secret, and the id does not quote the secret.
 */
import { isRpcSecret } from "@pulumi/pulumi/runtime/rpc";
import { expect, test } from "vitest";
import { jwkProvider } from "../../provider/plugin/provider";
import { asSecret } from "../../provider/plugin/rpc-values";
import { secretFreeId, secretInputTexts, withDerivedSecrets, withSecretsKept } from "../../provider/plugin/secret-outputs";

test("a Jwk whose kid is a secret: kid and publicJwk are secret outputs, the id does not quote the kid", async () => {
  const kid = "kid-secret-5c9e1a7b";
  const created = await jwkProvider().create!("urn:pulumi:dev::proj::jwk:index:Jwk::k", { alg: "ES256", kid: asSecret(kid) });
  expect(created.id).not.toContain(kid);
  const outs = created.outs as Record<string, unknown>;
  expect(isRpcSecret(outs.kid)).toBe(true);
  expect(isRpcSecret(outs.publicJwk)).toBe(true);
  expect(isRpcSecret(outs.alg)).toBe(false); // not secret, not derived from one
});

test("an imported key given as a secret keeps its public outputs public (only privateJwk is secret)", async () => {
  const { generateKeyPairSync } = await import("node:crypto");
  const pem = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }) as string;
  const created = await jwkProvider().create!("urn:pulumi:dev::proj::jwk:index:Jwk::k", { alg: "ES256", privateKeyPem: asSecret(pem) });
  const outs = created.outs as Record<string, unknown>;
  expect(isRpcSecret(outs.privateJwk)).toBe(true);
  expect(isRpcSecret(outs.publicJwk)).toBe(false);
  expect(isRpcSecret(outs.kid)).toBe(false);
});

test("helpers: texts inside secrets only; outputs quoting them wrapped; ids replaced", () => {
  const texts = secretInputTexts({ a: "public-text", b: asSecret({ path: "/srv/secret-path.json" }), privateKeyPem: asSecret("pem-text") });
  expect(texts).toEqual(["/srv/secret-path.json"]);
  const kept = withSecretsKept({ kids: ["k1"], mode: "additive" }, { kids: asSecret(["k1"]), mode: "additive" });
  expect(isRpcSecret(kept.kids)).toBe(true);
  expect(kept.mode).toBe("additive");
  const outs = withDerivedSecrets({ id: 'file:{"id":"/srv/secret-path.json"}', mode: "additive" }, texts);
  expect(isRpcSecret(outs.id)).toBe(true);
  expect(outs.mode).toBe("additive");
  expect(secretFreeId('file:{"id":"/srv/secret-path.json"}', texts)).toMatch(/^secret-input-/);
  expect(secretFreeId("file:other", texts)).toBe("file:other");
});
