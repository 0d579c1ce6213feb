/**
 * KeyRotation in the plugin form, from a YAML program under the real CLI with the pinned clock (PULUMI_JWK_NOW,
 * which the engine passes to the plugin): the component the plugin constructs holds a RotationSchedule and one
 * JwkSet per target, as the TypeScript class does. Up publishes the first key, an up before anything is due
 * changes nothing, an up past `rotateAt - publishAhead` publishes the next key, one past `rotateAt` promotes it;
 * the private JWKs are ciphertext in state; destroy removes the published keys.
 */
import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { offlineHome, pulumiOk, stackOutputs, storedState, type OfflineHome } from "./cli";
import { initStack, writeYamlProgram } from "./yaml-program";

const T0 = Date.parse("2026-06-01T00:00:00Z");
const MIN = 60_000;

let home: OfflineHome;
before(async () => {
  home = await offlineHome("jwk-plugin-rotation");
});
after(() => rm(home.dir, { recursive: true, force: true }));

const at = (ms: number) => ({ ...home.env, PULUMI_JWK_NOW: new Date(ms).toISOString() });
/** The states of the keys of the `schedule` output, and the kids of the `published` output. */
const states = (outputs: Record<string, unknown>) => (outputs.schedule as { state: string }[]).map((k) => k.state);
const publishedKids = (outputs: Record<string, unknown>) => (outputs.published as { kid: string }[]).map((k) => k.kid);
const fileKids = async (name: string) =>
  (JSON.parse(await readFile(join(home.dir, name), "utf8")) as { keys: { kid: string }[] }).keys.map((k) => k.kid).sort();

test("yaml KeyRotation: up, a clean preview, publish ahead, promote, secrets in state, destroy", async () => {
  await writeYamlProgram(home, "jwk-plugin-rotation", {
    resources: {
      signing: {
        type: "jwk:index:KeyRotation",
        properties: {
          alg: "ES256",
          targets: [
            { kind: "file", path: "a.json" },
            { kind: "file", path: "b.json" },
          ],
          mode: "exclusive",
          rotateEvery: "60m",
          publishAhead: "10m",
          retireAfter: "15m",
        },
      },
    },
    outputs: {
      currentKid: "${signing.currentKid}",
      signingKey: "${signing.currentPrivateJwk}",
      nextAction: "${signing.nextStep.action}",
      schedule: "${signing.schedule}",
      published: "${signing.publishedKeys}",
      secondSetKids: "${signing.sets[1].kids}",
    },
  });
  await initStack(home);

  await pulumiOk(home.dir, ["up", "--yes"], at(T0));
  const first = await stackOutputs(home.dir, at(T0));
  const k1 = first.currentKid as string;
  assert.equal(first.signingKey, "[secret]");
  assert.deepEqual(states(first), ["current"]);
  assert.deepEqual(await fileKids("a.json"), [k1]);
  assert.deepEqual(await fileKids("b.json"), [k1], "one JwkSet per target");
  assert.deepEqual(first.secondSetKids, [k1], "`sets` holds the JwkSets, as resources a program can read");

  // The resources a TypeScript KeyRotation makes, under the plugin's tokens, named the same way.
  const state = await storedState(home.dir, at(T0));
  const resources = state.deployment.resources ?? [];
  const types = resources.map((r) => `${r.type as string} ${(r.urn as string).split("::").pop()}`).filter((t) => t.startsWith("jwk:"));
  assert.deepEqual(types.sort(), [
    "jwk:index:JwkSet signing-jwks-0",
    "jwk:index:JwkSet signing-jwks-1",
    "jwk:index:KeyRotation signing",
    "jwk:index:RotationSchedule signing-schedule",
  ]);
  const schedule = resources.find((r) => r.type === "jwk:index:RotationSchedule")!;
  assert.match(schedule.outputs.privateJwks.ciphertext, /^v1:/, "privateJwks is not ciphertext");
  assert.doesNotMatch(JSON.stringify(state), /"d":/, "a private JWK member is stored in plain text");

  await pulumiOk(home.dir, ["preview", "--expect-no-changes"], at(T0 + 30 * MIN));
  await pulumiOk(home.dir, ["up", "--yes", "--expect-no-changes"], at(T0 + 30 * MIN));

  // 50 minutes in: the next key is published ahead (rotateAt 60m, publishAhead 10m).
  await pulumiOk(home.dir, ["up", "--yes"], at(T0 + 51 * MIN));
  const ahead = await stackOutputs(home.dir, at(T0 + 51 * MIN));
  assert.equal(ahead.currentKid, k1);
  assert.deepEqual(states(ahead), ["current", "next"]);
  const k2 = publishedKids(ahead).find((k) => k !== k1)!;
  assert.deepEqual(await fileKids("a.json"), [k1, k2].sort());

  // Past rotateAt: the next key signs, the old one stays published while it retires.
  await pulumiOk(home.dir, ["up", "--yes"], at(T0 + 61 * MIN));
  const promoted = await stackOutputs(home.dir, at(T0 + 61 * MIN));
  assert.equal(promoted.currentKid, k2);
  assert.deepEqual(states(promoted), ["retiring", "current"]);
  assert.deepEqual(await fileKids("b.json"), [k1, k2].sort());
  await pulumiOk(home.dir, ["preview", "--expect-no-changes"], at(T0 + 62 * MIN));

  await pulumiOk(home.dir, ["destroy", "--yes"], at(T0 + 62 * MIN));
  for (const name of ["a.json", "b.json"]) {
    const left = await fileKids(name).catch(() => []);
    assert.deepEqual(left, [], `${name} still holds the rotation's keys`);
  }
});
