/**
 * Ownership across stacks on API targets, under the real engine against the emulators: two stacks declare one
 * kid on a Janssen server (the owners record rides in each key's `descr`) and on an Okta app (which keeps
 * nothing beside a key's JWK members: both stacks name one shared owners file). With interleaved ups, the first
 * stack that stops declaring the kid, by an update and then by its destroy, leaves it; the other stack's refresh
 * finds nothing missing; the kid goes when the last declarer lets go. Before the record, the first stack's update
 * withdrew the kid from the other. Without a shared file, Okta's up says the kid was already there and why that
 * is a risk.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { JwkSet, type PublicJwk, type TargetConfig } from "pulumi-jwk";
import { emulatorsForFile } from "./emulators";
import { newStack, ROOT } from "./harness";
import { ecKey } from "./plain-keys";

const emulators = emulatorsForFile({ checkContract: true });

function program(target: TargetConfig, keys: PublicJwk[]) {
  return async () => {
    new JwkSet("jwks", { target, keys, mode: "additive" });
    return {};
  };
}

interface Case {
  name: string;
  target: () => TargetConfig;
  kids: () => string[];
}

const mine = ["shared", "k1", "k2"];
const cases: Case[] = [
  {
    name: "janssen",
    target: () => ({ kind: "janssen", url: emulators.jans.configApiUrl, tokenUrl: emulators.jans.tokenUrl }),
    kids: () =>
      emulators.jans
        .keys()
        .map((k) => k.kid as string)
        .filter((kid) => mine.includes(kid))
        .sort(),
  },
  (() => {
    let appId = "";
    // Both stacks' programs name this one file (absolute: each stack has its own directory).
    const ownersFile = join(ROOT, ".work", "engine", `okta-owners-${process.pid}.json`);
    return {
      name: "okta with a shared owners file",
      target: (): TargetConfig => {
        appId ||= emulators.okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
        return { kind: "okta", orgUrl: emulators.okta.url, appId, ownersFile };
      },
      kids: () =>
        emulators.okta
          .keys(appId)
          .map((k) => k.kid as string)
          .sort(),
    };
  })(),
];

for (const c of cases) {
  test(`${c.name}: two stacks declare one kid; the first to let go leaves it to the other, the last withdraws it`, async () => {
    const target = c.target();
    const [shared, k1, k2] = [ecKey("shared"), ecKey("k1"), ecKey("k2")];
    const one = await newStack("own-api-1", async () => ({}));
    const two = await newStack("own-api-2", async () => ({}));
    try {
      await one.stack.up({ program: program(target, [shared, k1]) });
      await two.stack.up({ program: program(target, [shared, k2]) });
      assert.deepEqual(c.kids(), ["k1", "k2", "shared"]);

      // Stack one stops declaring `shared` (an update): stack two still does.
      await one.stack.up({ program: program(target, [k1]) });
      assert.deepEqual(c.kids(), ["k1", "k2", "shared"], "stack one's update withdrew a kid stack two declares");
      const refreshed = await two.stack.refresh();
      assert.doesNotMatch(refreshed.stdout, /missing/, "stack two's refresh reports its kid missing");
      await two.stack.preview({ program: program(target, [shared, k2]), expectNoChanges: true });

      // Interleaved: stack one declares it again, stack two drops it, then stack one is destroyed.
      await one.stack.up({ program: program(target, [shared, k1]) });
      await two.stack.up({ program: program(target, [k2]) });
      assert.deepEqual(c.kids(), ["k1", "k2", "shared"], "stack two's update withdrew a kid stack one declares");
      await one.stack.destroy();
      assert.deepEqual(c.kids(), ["k2"], "the last declarer's destroy withdraws the kid");

      await two.stack.destroy();
      assert.deepEqual(c.kids(), []);
    } finally {
      await Promise.all([one.dispose(), two.dispose()]);
    }
  });
}

test("okta without a shared owners file: a kid found already published is adopted, and its withdrawal refused while another stack may declare it", async () => {
  const appId = emulators.okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
  const target: TargetConfig = { kind: "okta", orgUrl: emulators.okta.url, appId };
  const kids = () =>
    emulators.okta
      .keys(appId)
      .map((k) => k.kid as string)
      .sort();
  const [shared, b1] = [ecKey("shared"), ecKey("b1")];
  const one = await newStack("own-api-okta-1", async () => ({}));
  const two = await newStack("own-api-okta-2", async () => ({}));
  try {
    const first = await one.stack.up({ program: program(target, [shared]) });
    assert.doesNotMatch(first.stdout, /already published there/);
    const second = await two.stack.up({ program: program(target, [shared, b1]) });
    assert.match(second.stdout, /key shared was already published there, not by this resource; this target keeps no record/);
    assert.deepEqual(kids(), ["b1", "shared"]);

    // Stack two stops declaring it: refused, nothing changed; stack one still has its key.
    const refused = await two.stack.up({ program: program(target, [b1]) }).then(
      () => "up succeeded",
      (e: unknown) => String(e),
    );
    assert.match(refused, /update would withdraw key shared, which this resource found already published, not by itself/);
    assert.match(refused, /remove it from the target by hand and run again/);
    assert.deepEqual(kids(), ["b1", "shared"], "stack two's refused update changed the app");
    const refreshed = await one.stack.refresh();
    assert.doesNotMatch(refreshed.stdout, /missing/, "stack one's refresh reports its kid missing");

    // The way out when no other stack declares it any more: remove it by hand, and the up goes through.
    emulators.okta.consoleDeleteKey(appId, "shared");
    await two.stack.up({ program: program(target, [b1]) });
    assert.deepEqual(kids(), ["b1"]);
    await two.stack.destroy();
    assert.deepEqual(kids(), []);
  } finally {
    await Promise.all([one.dispose(), two.dispose()]);
  }
});
