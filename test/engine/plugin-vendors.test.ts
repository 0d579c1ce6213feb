/**
 * The vendors' own resources in the plugin form, from YAML programs under the real CLI, against the emulators
 * (every request and response checked against the vendor's spec): a PingOne key rotation policy created, a
 * clean preview, a console edit found by refresh and repaired by up, a declared rotation (a new policy),
 * destroy; a ReachFive account key adopted, a clean preview, a declared rotation (exactly one POST), a console
 * rotation found by refresh, `pulumi import` by the account's URL, destroy (which sends nothing).
 */
import assert from "node:assert/strict";
import { readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import yaml from "js-yaml";
import { startPingOneEmulator, type PingOneEmulator } from "../emulators/pingone";
import { startReachFiveEmulator, type ReachFiveEmulator } from "../emulators/reachfive";
import { offlineHome, pulumiOk, stackOutputs, storedState, type OfflineHome } from "./cli";
import { initStack, writeYamlProgram } from "./yaml-program";

let p1: PingOneEmulator;
let r5: ReachFiveEmulator;
const homes: OfflineHome[] = [];
before(async () => {
  [p1, r5] = await Promise.all([startPingOneEmulator(), startReachFiveEmulator()]);
});
after(async () => {
  await Promise.all([p1.close(), r5.close(), ...homes.map((h) => rm(h.dir, { recursive: true, force: true }))]);
});

async function home(name: string, env: NodeJS.ProcessEnv): Promise<OfflineHome> {
  const h = await offlineHome(name);
  homes.push(h);
  return { ...h, env: { ...h.env, ...env } };
}

const stateOf = async (h: OfflineHome, type: string) =>
  (await storedState(h.dir, h.env)).deployment.resources!.find((r) => r.type === type)!.outputs as Record<string, any>;

test("yaml PingOneKeyRotationPolicy: create, clean preview, console edit repaired, rotation by trigger, destroy", async () => {
  const h = await home("jwk-plugin-pingone", { PINGONE_CLIENT_ID: p1.clientId, PINGONE_CLIENT_SECRET: p1.clientSecret });
  const policy = (rotation: string) => ({
    type: "jwk:index:PingOneKeyRotationPolicy",
    properties: {
      environmentId: p1.environmentId,
      apiUrl: p1.apiUrl,
      authUrl: p1.authUrl,
      name: "API signing",
      dn: "CN=API signing, O=Example",
      rotationPeriod: 60,
      validityPeriod: 180,
      rotationTrigger: rotation,
    },
  });
  const outputs = { policyId: "${signing.policyId}", currentKid: "${signing.currentKid}", nextKid: "${signing.nextKid}" };
  await writeYamlProgram(h, "jwk-plugin-pingone", { resources: { signing: policy("1") }, outputs });
  await initStack(h);
  await pulumiOk(h.dir, ["up", "--yes"], h.env);
  const first = await stackOutputs(h.dir, h.env);
  const live = p1.policy(first.policyId as string)!;
  assert.equal(first.currentKid, live.currentKeyId);
  assert.equal(first.nextKid, live.nextKeyId);
  await pulumiOk(h.dir, ["preview", "--expect-no-changes"], h.env);

  p1.consoleUpdatePolicy(first.policyId as string, { rotationPeriod: 120 });
  const refreshed = await pulumiOk(h.dir, ["refresh", "--yes"], h.env);
  assert.match(refreshed.stdout, /rotationPeriod is 120 in PingOne, declared 60/);
  assert.deepEqual((await stateOf(h, "jwk:index:PingOneKeyRotationPolicy")).drift, ["rotationPeriod"]);
  await pulumiOk(h.dir, ["up", "--yes"], h.env);
  assert.equal(p1.policy(first.policyId as string)!.rotationPeriod, 60);
  await pulumiOk(h.dir, ["preview", "--expect-no-changes"], h.env);

  await writeYamlProgram(h, "jwk-plugin-pingone", { resources: { signing: policy("2") }, outputs });
  const replaced = await pulumiOk(h.dir, ["up", "--yes"], h.env);
  assert.match(replaced.stdout, /1 replaced/);
  const second = await stackOutputs(h.dir, h.env);
  assert.notEqual(second.policyId, first.policyId);
  assert.equal(p1.policy(first.policyId as string), undefined, "the replaced policy is deleted");

  await pulumiOk(h.dir, ["destroy", "--yes"], h.env);
  assert.equal(p1.policy(second.policyId as string), undefined);
  assert.deepEqual(p1.contractViolations, []);
});

test("yaml ReachFiveAccountKey: adopt, clean preview, rotation by trigger, console rotation on refresh, import, destroy", async () => {
  const h = await home("jwk-plugin-reachfive", {
    REACHFIVE_MANAGEMENT_CLIENT_ID: r5.clientId,
    REACHFIVE_MANAGEMENT_CLIENT_SECRET: r5.clientSecret,
  });
  const writes = (from: number) =>
    r5.requests
      .slice(from)
      .filter((r) => r.method !== "GET" && r.operationId !== "oauth:token")
      .map((r) => `${r.method} ${r.operationId}`);
  const program = (trigger: string) => ({
    resources: { account: { type: "jwk:index:ReachFiveAccountKey", properties: { url: r5.url, rotationTrigger: trigger } } },
    outputs: { kid: "${account.kid}", publicJwk: "${account.publicJwk}" },
  });
  await writeYamlProgram(h, "jwk-plugin-reachfive", program("1"));
  await initStack(h);
  let mark = r5.requests.length;
  await pulumiOk(h.dir, ["up", "--yes"], h.env);
  assert.deepEqual(writes(mark), [], "creating adopts the current pair");
  const first = await stackOutputs(h.dir, h.env);
  assert.equal(first.kid, r5.globalKid());
  assert.deepEqual(
    first.publicJwk,
    r5.jwks().find((k) => k.kid === first.kid),
  );
  await pulumiOk(h.dir, ["preview", "--expect-no-changes"], h.env);

  await writeYamlProgram(h, "jwk-plugin-reachfive", program("2"));
  mark = r5.requests.length;
  await pulumiOk(h.dir, ["up", "--yes"], h.env);
  assert.deepEqual(writes(mark), ["POST rotateSiteKeys"]);
  const kid2 = (await stackOutputs(h.dir, h.env)).kid as string;
  assert.notEqual(kid2, first.kid);

  const kid3 = r5.consoleRotateGlobal();
  const refreshed = await pulumiOk(h.dir, ["refresh", "--yes"], h.env);
  assert.match(refreshed.stdout, new RegExp(`the account pair was rotated outside this stack: "${kid2}" -> "${kid3}"`));
  assert.equal((await stateOf(h, "jwk:index:ReachFiveAccountKey")).kid, kid3);

  mark = r5.requests.length;
  await pulumiOk(h.dir, ["destroy", "--yes"], h.env);
  assert.deepEqual(writes(mark), [], "destroy only stops managing the pair");

  // Import by the account's URL: the current pair, with the inputs the generated code declares.
  await writeYamlProgram(h, "jwk-plugin-reachfive", {});
  await pulumiOk(h.dir, ["import", "jwk:index:ReachFiveAccountKey", "adopted", r5.url, "--yes", "--out", "generated.yaml"], h.env);
  const generated = yaml.load(await readFile(join(h.dir, "generated.yaml"), "utf8")) as { resources: Record<string, any> };
  assert.deepEqual(generated.resources.adopted.properties, { url: r5.url });
  assert.equal((await stateOf(h, "jwk:index:ReachFiveAccountKey")).kid, kid3);
  await writeYamlProgram(h, "jwk-plugin-reachfive", { resources: generated.resources });
  await pulumiOk(h.dir, ["preview", "--expect-no-changes"], h.env);
  assert.deepEqual(r5.contractViolations, []);
});
