/**
 * `KeyRotation` with `keyUriTemplate`: the template is checked at preview (offline), and against a real OpenBao
 * dev server (JWK_OPENBAO_ADDR, JWK_OPENBAO_TOKEN from scripts/lib/servers.sh; fails, not skips, without it) each
 * key of the rotation is a transit key of its own generation, state holds no private member, the current key
 * signs in transit what the published keys verify, a retried up adopts the key the first attempt made, and a
 * retired key is released (transit keeps it).
 */
import { randomUUID } from "node:crypto";
import { createLocalJWKSet, jwtVerify } from "jose";
import { describe, expect, test } from "vitest";
import { PRIVATE_JWK_MEMBERS } from "../../../provider/core/keys/redact";
import { advanceRotation, rotationInputFailures, type RotationInputs } from "../../../provider/resources/rotation/logic";
import { keyUriTemplateFailures, releaseCustodyKeys } from "../../../provider/resources/rotation/custody";
import { signJws } from "../../../provider/sign";

const MIN = 60_000;
const T0 = Date.parse("2026-01-01T00:00:00Z");
const timings = { rotateEvery: "60m", publishAhead: "10m", retireAfter: "15m" };

test("keyUriTemplate is checked at preview: it needs {generation}, a backend that can hold the alg, and no secret", async () => {
  const reasons = (template: string, alg = "ES256") => keyUriTemplateFailures(template, alg, undefined, undefined);
  const transit = "vault-transit:name=signing-{generation}?address=http://127.0.0.1:8200";
  expect(reasons(transit)).toEqual([]);
  expect(reasons("awskms:alias=signing-{generation};region=eu-west-1")).toEqual([]);
  expect(reasons(transit.replace("-{generation}", ""))).toEqual([
    { property: "keyUriTemplate", reason: expect.stringMatching(/^must hold \{generation\} where each key's number goes/) },
  ]);
  expect(reasons(transit, "ECDH-ES")[0]?.reason).toMatch(/a vault-transit key signs only/);
  const pasted = reasons(`${transit}&token=s.PASTED`);
  expect(pasted).toEqual([{ property: "", reason: expect.stringMatching(/^keyUriTemplate: attribute "token" would put a secret/) }]);
  expect(JSON.stringify(pasted)).not.toMatch(/PASTED/);
  // Through the resource's check, with the other inputs.
  const failures = await rotationInputFailures({ alg: "ES256", ...timings, keyUriTemplate: "gcpkms:x-{generation}" });
  expect(failures.map((f) => f.property)).toEqual(["keyUriTemplate"]);
});

test("releasing a key whose backend fails is a warning, not a failure (the key is kept); a key in state is skipped", async () => {
  const keyUri = "vault-kv:path=jwk/s-1?address=http://127.0.0.1:1&token-source=env:NO_SUCH_TOKEN_VAR&on-destroy=delete";
  const records = { k1: { keyUri, keyReference: { backend: "vault-kv", id: "secret/data/jwk/s-1" }, generation: 1 } };
  const released = await releaseCustodyKeys(records, ["k1", "in-state"], () => "ES256", { maxRetryDelayMs: 0 });
  expect(released.info).toEqual([]);
  expect(released.warnings).toEqual([
    expect.stringMatching(/^key "k1" left the rotation, but releasing vault-kv:path=jwk\/s-1.* failed \(.*\): the key is kept$/),
  ]);
});

const ADDR = process.env.JWK_OPENBAO_ADDR;
const TOKEN = process.env.JWK_OPENBAO_TOKEN;

if (!ADDR || !TOKEN)
  test("KeyRotation in custody against OpenBao", () => {
    throw new Error("JWK_OPENBAO_ADDR / JWK_OPENBAO_TOKEN are unset: run with JWK_SERVERS=openbao bash scripts/with-servers.sh");
  });
else
  describe(`KeyRotation in transit on OpenBao at ${ADDR}`, () => {
    const prefix = `rot-${randomUUID()}`;
    const inputs: RotationInputs = {
      alg: "ES256",
      ...timings,
      keyUriTemplate: `vault-transit:name=${prefix}-{generation}?address=${ADDR}&token-source=env:JWK_OPENBAO_TOKEN`,
    };
    const transitKeys = async () => {
      const r = await fetch(`${ADDR}/v1/transit/keys?list=true`, { headers: { "X-Vault-Token": TOKEN } });
      return (((await r.json()) as { data: { keys: string[] } }).data.keys ?? []).filter((k) => k.startsWith(prefix)).sort();
    };
    const verifies = async (outs: Awaited<ReturnType<typeof advanceRotation>>, keyUri: string, kid: string) => {
      const jws = await signJws({ keyUri, alg: "ES256", kid, payload: JSON.stringify({ sub: "app" }), protectedHeader: { typ: "JWT" } });
      return jwtVerify(jws, createLocalJWKSet({ keys: outs.publishedKeys })).then(
        () => true,
        () => false,
      );
    };

    test("each key is a transit key of its generation; the current one signs what the set verifies; the retired one is released", async () => {
      let outs = await advanceRotation(undefined, inputs, T0);
      const first = { kid: outs.currentKid, keyUri: outs.currentKeyUri! };
      expect(first.keyUri).toContain(`name=${prefix}-1?`);
      expect(outs.generation).toBe(1);
      expect(outs.privateJwks).toEqual({});
      expect(outs.custodyKeys?.[first.kid]).toMatchObject({
        generation: 1,
        keyReference: { backend: "vault-transit", id: `transit/keys/${prefix}-1`, version: "1" },
      });
      expect(await verifies(outs, first.keyUri, first.kid)).toBe(true);

      const before = outs;
      outs = await advanceRotation(before, inputs, T0 + 50 * MIN); // publish the next key
      // A retried up (the engine repeats it with the old state) adopts the key the first attempt made.
      const retried = await advanceRotation(before, inputs, T0 + 50 * MIN);
      expect(retried.publishedKeys).toEqual(outs.publishedKeys);
      expect(await transitKeys()).toEqual([`${prefix}-1`, `${prefix}-2`]);
      expect(outs.currentKid).toBe(first.kid);

      outs = await advanceRotation(outs, inputs, T0 + 60 * MIN); // promote
      expect(outs.currentKeyUri).toContain(`name=${prefix}-2?`);
      expect(await verifies(outs, outs.currentKeyUri!, outs.currentKid)).toBe(true);
      expect(await verifies(outs, first.keyUri, first.kid)).toBe(true); // retiring: still published

      const retiring = outs;
      outs = await advanceRotation(retiring, inputs, T0 + 75 * MIN); // remove the retiring key
      expect(await verifies(outs, first.keyUri, first.kid)).toBe(false);
      expect(await verifies(outs, outs.currentKeyUri!, outs.currentKid)).toBe(true);
      const released = await releaseCustodyKeys(retiring.custodyKeys!, [first.kid], () => "ES256", {});
      expect(released.info).toEqual([
        expect.stringMatching(new RegExp(`left the rotation: the key .*${prefix}-1.* is kept in its vault-transit backend`)),
      ]);
      expect(await transitKeys()).toEqual([`${prefix}-1`, `${prefix}-2`]);

      const text = JSON.stringify(outs);
      expect(PRIVATE_JWK_MEMBERS.filter((m) => text.includes(`"${m}":`))).toEqual([]);
    });
  });
