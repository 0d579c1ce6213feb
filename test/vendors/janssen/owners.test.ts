/**
 * The owners record a Janssen key set carries in each key's `descr`: the marker's text form, and two JwkSets
 * standing for two stacks (two owner ids, nothing declared in common in this process) publishing one kid to the
 * Janssen emulator: the first to let go keeps the kid while the other still claims it.
 */
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { describeKey, generateKey, type PublicJwk } from "../../../provider/core/keys/material";
import { newOwnerId } from "../../../provider/resources/jwkset/claims";
import { publishKeySet, withdrawKeySet } from "../../../provider/resources/jwkset/logic";
import type { TargetConfig } from "../../../provider/registry/targets";
import { descrWithOwners, ownersInDescr } from "../../../provider/vendors/janssen/owners";
import { startJanssenEmulator, type JanssenEmulator } from "../../emulators/janssen";

const key = async (kid: string): Promise<PublicJwk> =>
  (await describeKey(await generateKey({ alg: "ES256" }), { alg: "ES256", use: "sig", kid })).publicJwk;

describe("the descr marker", () => {
  test("names the owner ids, sorted, without repeats; other text stays in front", () => {
    expect(descrWithOwners(undefined, ["b", "a", "b"])).toBe("pulumi-jwk owners: a b");
    expect(ownersInDescr("pulumi-jwk owners: a b")).toEqual(["a", "b"]);
    const theirs = descrWithOwners("Signing key for partners", ["x"]);
    expect(theirs).toBe("Signing key for partners [pulumi-jwk owners: x]");
    expect(ownersInDescr(theirs)).toEqual(["x"]);
    expect(descrWithOwners(theirs, [])).toBe("Signing key for partners");
    expect(ownersInDescr("Signature Key: RSA RSASSA-PKCS1-v1_5 using SHA-256")).toEqual([]);
    expect(ownersInDescr(undefined)).toEqual([]);
  });
});

describe("two stacks on one Janssen server", () => {
  let jans: JanssenEmulator;
  beforeAll(async () => {
    jans = await startJanssenEmulator();
    vi.stubEnv("JANS_CLIENT_ID", jans.clientId);
    vi.stubEnv("JANS_CLIENT_SECRET", jans.clientSecret);
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await jans.close();
  });

  test("a kid both declare outlives the first one's withdrawal and goes with the last", async () => {
    const target: TargetConfig = { kind: "janssen", url: jans.configApiUrl, tokenUrl: jans.tokenUrl };
    const [shared, k1, k2] = await Promise.all([key("shared"), key("k1"), key("k2")]);
    const kids = () =>
      jans
        .keys()
        .map((k) => k.kid as string)
        .filter((kid) => ["shared", "k1", "k2"].includes(kid))
        .sort();
    // No declarations in common: each "stack" sees only itself, as two provider processes do.
    const one = { ownerId: newOwnerId(), declared: new Set<string>() };
    const two = { ownerId: newOwnerId(), declared: new Set<string>() };

    const outs1 = await publishKeySet({ target, keys: [shared, k1], mode: "additive" }, [], undefined, undefined, one);
    const outs2 = await publishKeySet({ target, keys: [shared, k2], mode: "additive" }, [], undefined, undefined, two);
    expect(kids()).toEqual(["k1", "k2", "shared"]);
    const descrOf = (kid: string) => jans.keys().find((k) => k.kid === kid)?.descr;
    expect(ownersInDescr(descrOf("shared"))).toEqual([one.ownerId, two.ownerId].sort());
    expect(ownersInDescr(descrOf("k1"))).toEqual([one.ownerId]);

    // Stack one stops declaring `shared` (an update), then is destroyed: stack two still declares it.
    await publishKeySet({ target, keys: [k1], mode: "additive" }, outs1.kids, undefined, undefined, one);
    expect(kids()).toEqual(["k1", "k2", "shared"]);
    expect(ownersInDescr(descrOf("shared"))).toEqual([two.ownerId]);
    await withdrawKeySet({ ...outs1, kids: ["k1"], keys: [k1] }, undefined, undefined, one);
    expect(kids()).toEqual(["k2", "shared"]);

    await withdrawKeySet(outs2, undefined, undefined, two);
    expect(kids()).toEqual([]);
    expect(jans.contractViolations).toEqual([]);
  });
});
