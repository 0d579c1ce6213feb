import { describe, expect, test } from "vitest";
import { createLocalJWKSet, importJWK, jwtVerify, SignJWT } from "jose";
import { PRIVATE_JWK_MEMBERS } from "../../../provider/core/keys/redact";
import {
  advanceRotation,
  planFor,
  rotationChanges,
  rotationInputFailures,
  type RotationInputs,
} from "../../../provider/resources/rotation/logic";

const MIN = 60_000;
const T0 = Date.parse("2026-01-01T00:00:00Z");
const inputs: RotationInputs = { alg: "ES256", rotateEvery: "60m", publishAhead: "10m", retireAfter: "15m" };

const privateMembers = (value: unknown) => PRIVATE_JWK_MEMBERS.filter((m) => JSON.stringify(value).includes(`"${m}":`));

describe("advanceRotation", () => {
  test("private key material only in privateJwks (next and current); public outputs carry none", async () => {
    let outs = await advanceRotation(undefined, inputs, T0);
    outs = await advanceRotation(outs, inputs, T0 + 50 * MIN);
    outs = await advanceRotation(outs, inputs, T0 + 60 * MIN);
    const { privateJwks, ...publicOutputs } = outs;
    expect(privateMembers(publicOutputs)).toEqual([]);
    expect(Object.keys(privateJwks)).toEqual([outs.currentKid]); // the retiring key's private half is dropped
    expect(outs.publishedKeys.map((k) => k.kid).sort()).toEqual(
      outs.schedule
        .filter((k) => k.state !== "retired")
        .map((k) => k.kid)
        .sort(),
    );
    expect(outs.bindableKeys.map((k) => k.kid)).toEqual([outs.currentKid]);
    // The current private key signs what the published set verifies.
    const jwk = privateJwks[outs.currentKid]!;
    const token = await new SignJWT({}).setProtectedHeader({ alg: "ES256", kid: outs.currentKid }).sign(await importJWK(jwk, "ES256"));
    await expect(jwtVerify(token, createLocalJWKSet({ keys: outs.publishedKeys }))).resolves.toBeDefined();
  });

  test("bindable keys are current then next; the next key's private half is kept for its promotion", async () => {
    const outs = await advanceRotation(await advanceRotation(undefined, inputs, T0), inputs, T0 + 50 * MIN);
    const next = outs.schedule.find((k) => k.state === "next")!.kid;
    expect(outs.bindableKeys.map((k) => k.kid)).toEqual([outs.currentKid, next]);
    expect(Object.keys(outs.privateJwks).sort()).toEqual([outs.currentKid, next].sort());
    expect(outs.nextStep).toMatchObject({ action: "promote", kid: next, dueAt: "2026-01-01T01:00:00.000Z" });
  });

  test("changes only when a step is due or an input changed (an hourly up is a no-op)", async () => {
    const outs = await advanceRotation(undefined, inputs, T0);
    expect(rotationChanges(outs, inputs, planFor(outs, inputs, T0 + 49 * MIN).plan)).toBe(false);
    expect(rotationChanges(outs, inputs, planFor(outs, inputs, T0 + 50 * MIN).plan)).toBe(true);
    const longer = { ...inputs, retireAfter: "20m" };
    expect(rotationChanges(outs, longer, planFor(outs, longer, T0 + 1 * MIN).plan)).toBe(true);
  });

  test("a new alg applies from the next key on; the current key keeps its own", async () => {
    const first = await advanceRotation(undefined, inputs, T0);
    const outs = await advanceRotation(first, { ...inputs, alg: "EdDSA" }, T0 + 50 * MIN);
    expect(outs.schedule.map((k) => [k.state, k.alg])).toEqual([
      ["current", "ES256"],
      ["next", "EdDSA"],
    ]);
  });
});

test("input failures name the input", async () => {
  const failures = await rotationInputFailures({ alg: "RSA-OAEP", publishAhead: "1h", retireAfter: "nope", rotateEvery: "2h" });
  expect(failures.map((f) => f.property).sort()).toEqual(["alg", "retireAfter"]);
  expect(failures.find((f) => f.property === "alg")!.reason).toMatch(/rotates signing keys/);
});
