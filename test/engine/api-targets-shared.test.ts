/**
 * Several JwkSets on one Okta app and on one Janssen server in one program, under the real engine against the
 * emulators: created, rotated and removed in parallel, none loses another's keys (every apply re-reads the
 * live set and works per key, queued per target in the provider process). Ownership on API targets within
 * one stack: a key two resources declare survives the removal of one and a rename without alias (on Okta, without
 * owners record, the renamed resource then refuses to withdraw the old one's keys: removed by hand).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { JwkSet, type PublicJwk, type TargetConfig } from "pulumi-jwk";
import { newStack } from "./harness";
import { emulatorsForFile } from "./emulators";
import { ecKey } from "./plain-keys";

const emulators = emulatorsForFile({ checkContract: false });

/** Sets by name, each published to both the Okta app and the Janssen server (additive). */
function program(appId: string, sets: Record<string, PublicJwk[]>) {
  const targets: Record<string, TargetConfig> = {
    okta: { kind: "okta", orgUrl: emulators.okta.url, appId },
    jans: { kind: "janssen", url: emulators.jans.configApiUrl, tokenUrl: emulators.jans.tokenUrl },
  };
  return async () => {
    for (const [name, keys] of Object.entries(sets))
      for (const [where, target] of Object.entries(targets)) new JwkSet(`${where}-${name}`, { target, keys, mode: "additive" });
    return {};
  };
}

test("okta and janssen: several JwkSets on one app and one server lose none of each other's keys; a shared key outlives one declarer", async () => {
  const appId = emulators.okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
  const serverKids = emulators.jans
    .keys()
    .map((k) => k.kid as string)
    .sort();
  const oktaKids = () =>
    emulators.okta
      .keys(appId)
      .map((k) => k.kid as string)
      .sort();
  const jansKids = () =>
    emulators.jans
      .keys()
      .map((k) => k.kid as string)
      .filter((k) => !serverKids.includes(k))
      .sort();
  const shared = ecKey("shared");
  const round = (r: number, names: string[]) =>
    Object.fromEntries(names.map((n): [string, PublicJwk[]] => [n, [ecKey(`${n}-${r}`), ...(n === "a" || n === "b" ? [shared] : [])]]));
  const kidsOf = (sets: Record<string, PublicJwk[]>) => [...new Set(Object.values(sets).flatMap((ks) => ks.map((k) => k.kid)))].sort();
  const { stack, dispose } = await newStack("api-shared", async () => ({}));
  try {
    const first = round(1, ["a", "b", "c", "d"]);
    await stack.up({ program: program(appId, first) });
    assert.deepEqual(oktaKids(), kidsOf(first), "okta: a JwkSet created in parallel lost or duplicated keys");
    assert.deepEqual(jansKids(), kidsOf(first), "janssen: a JwkSet created in parallel lost or duplicated keys");

    const second = round(2, ["a", "b", "c", "d"]); // every set rotates its own key at once
    await stack.up({ program: program(appId, second) });
    assert.deepEqual(oktaKids(), kidsOf(second));
    assert.deepEqual(jansKids(), kidsOf(second));

    // a renamed without alias (create a2, delete a) and b removed: the shared key stays, a2 declares it.
    const { a, c, d } = second;
    const third = { a2: a!, c: c!, d: d! };
    const up = await stack.up({ program: program(appId, third) });
    assert.equal(up.summary.resourceChanges?.delete, 4);
    assert.deepEqual(oktaKids(), kidsOf(third), "okta: removing one declarer withdrew the shared key");
    assert.deepEqual(jansKids(), kidsOf(third), "janssen: removing one declarer withdrew the shared key");
    // Okta keeps no owners record: a2, created before a is deleted, took a's kids for another stack's (adoptedKids);
    // a's delete says so and points to aliases. Janssen's record (descr) tells them apart.
    assert.match(up.stdout, /key shared stays: \S+okta-a2 found it published by this resource .* rename with `aliases`/);
    assert.doesNotMatch(up.stdout, /jans-a2 found it published/);

    // So the destroy refuses to withdraw them from the app, changing nothing there; the way out is to remove them by hand.
    const refused = await stack.destroy().then(
      () => "destroyed",
      (e: unknown) => String(e),
    );
    assert.match(refused, /okta-a2[\s\S]*destroy would withdraw keys a-2, shared, which this resource found already published/);
    assert.deepEqual(oktaKids(), ["a-2", "shared"]);
    assert.deepEqual(jansKids(), []);
    for (const kid of ["a-2", "shared"]) emulators.okta.consoleDeleteKey(appId, kid);
    await stack.destroy();
    assert.deepEqual(oktaKids(), []);
    assert.deepEqual(jansKids(), []);
    assert.deepEqual(emulators.okta.contractViolations, []);
    assert.deepEqual(emulators.jans.contractViolations, []);
  } finally {
    await dispose();
  }
});
