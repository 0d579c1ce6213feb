/**
 * PingOne key rotation policies and application bindings under the real engine, against the PingOne emulator
 * (test/emulators/pingone.ts, every request and response checked against PingOne's spec): create, idempotent
 * preview, the current and next keys told apart by their UUIDv1 kids, a declared rotation through the trigger
 * (exactly the calls it needs), a console edit of the policy found by refresh and repaired by up, the binding
 * reset by another tool's update found and restored, PingOne's own scheduled rotation read back, destroy.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ClientKeyBinding, PingOneKeyRotationPolicy } from "pulumi-jwk";
import { uuidV1Date } from "../../provider/core/keys/uuid-v1";
import { startPingOneEmulator, type PingOneEmulator } from "../emulators/pingone";
import { newStack, stateResources } from "./harness";

const POLICY = "pulumi-nodejs:dynamic/pulumi-jwk:PingOneKeyRotationPolicy";
const BINDING = "pulumi-nodejs:dynamic/pulumi-jwk:ClientKeyBinding";
let p1: PingOneEmulator;

before(async () => {
  p1 = await startPingOneEmulator();
  // The CLI, the engine and the provider processes inherit the worker app's credentials.
  process.env.PINGONE_CLIENT_ID = p1.clientId;
  process.env.PINGONE_CLIENT_SECRET = p1.clientSecret;
});
after(() => p1.close());

/** The management calls since `from`, by operationId (token requests left out). */
const calls = (from: number) =>
  p1.requests
    .slice(from)
    .filter((r) => r.operationId !== "auth:token")
    .map((r) => r.operationId);

function program(appId: string, o: { rotation: string; rotationPeriod?: number; policyId?: string }) {
  return async () => {
    const connection = { environmentId: p1.environmentId, apiUrl: p1.apiUrl, authUrl: p1.authUrl };
    const policy = new PingOneKeyRotationPolicy("signing", {
      ...connection,
      name: "API signing",
      dn: "CN=API signing, O=Example",
      keyLength: 2048,
      rotationPeriod: o.rotationPeriod ?? 60,
      validityPeriod: 180,
      rotationTrigger: o.rotation,
    });
    const binding = new ClientKeyBinding("app", {
      client: { kind: "pingone", ...connection, applicationId: appId },
      pingone: { keyRotationPolicyId: o.policyId ?? policy.policyId },
    });
    return {
      policyId: policy.policyId,
      currentKid: policy.currentKid,
      nextKid: policy.nextKid,
      keys: policy.keys,
      live: binding.livePingone,
    };
  };
}

test("pingone: create, preview, current vs next, rotation by trigger, console drift repaired, binding reset restored, destroy", async () => {
  const appId = p1.createApplication("orders web app");
  assert.equal(p1.applicationPolicy(appId), p1.defaultPolicyId);
  const { stack, dir, dispose } = await newStack("pingone", async () => ({}));
  try {
    const up = await stack.up({ program: program(appId, { rotation: "1" }) });
    assert.deepEqual(up.summary.resourceChanges, { create: 3 });
    const policyId = up.outputs.policyId!.value as string;
    assert.equal(p1.applicationPolicy(appId), policyId);
    const live = p1.policy(policyId)!;
    assert.equal(up.outputs.currentKid!.value, live.currentKeyId);
    assert.equal(up.outputs.nextKid!.value, live.nextKeyId);
    const keys = up.outputs.keys!.value as { kid: string; role: string; createdAt: string }[];
    assert.deepEqual(
      keys.map((k) => k.role),
      ["current", "next"],
    );
    assert.ok(uuidV1Date(keys[1]!.kid)! >= uuidV1Date(keys[0]!.kid)!, "the next key's kid carries the later time");
    await stack.preview({ program: program(appId, { rotation: "1" }), expectNoChanges: true });

    // A declared rotation: a new policy (new keys), the application moved to it, the old policy deleted.
    let mark = p1.requests.length;
    const rotated = await stack.up({ program: program(appId, { rotation: "2" }) });
    const policy2 = rotated.outputs.policyId!.value as string;
    assert.notEqual(policy2, policyId);
    assert.deepEqual(calls(mark), [
      "createKeyRotationPolicy",
      "getKeyRotationPolicyJwks",
      "readOneApplication",
      "updateApplication",
      "deleteKeyRotationPolicy",
    ]);
    assert.equal(p1.applicationPolicy(appId), policy2);
    assert.equal(p1.policy(policyId), undefined);
    assert.notEqual(rotated.outputs.currentKid!.value, up.outputs.currentKid!.value);

    // Someone changes the policy's schedule in the console: refresh shows it, up puts the declared one back.
    p1.consoleUpdatePolicy(policy2, { rotationPeriod: 120 });
    const refreshed = await stack.refresh();
    assert.equal(stateResources(dir, POLICY)[0]!.outputs.fields.rotationPeriod, 120);
    assert.deepEqual(stateResources(dir, POLICY)[0]!.outputs.drift, ["rotationPeriod"]);
    assert.match(refreshed.stdout, /drift on key rotation policy .*rotationPeriod is 120 in PingOne, declared 60/);
    await assert.rejects(stack.preview({ program: program(appId, { rotation: "2" }), expectNoChanges: true }));
    mark = p1.requests.length;
    await stack.up({ program: program(appId, { rotation: "2" }) });
    assert.deepEqual(calls(mark), ["updateKeyRotationPolicy", "getKeyRotationPolicyJwks"]);
    assert.equal(p1.policy(policy2)!.rotationPeriod, 60);

    // Another tool updates the application without `signing`: PingOne puts it back on the default policy.
    p1.consoleSaveApplication(appId, { name: "orders web app (renamed)" });
    assert.equal(p1.applicationPolicy(appId), p1.defaultPolicyId);
    await stack.refresh();
    const binding = stateResources(dir, BINDING)[0]!.outputs;
    assert.deepEqual(binding.drift.settings, ["pingone.keyRotationPolicyId"]);
    assert.deepEqual(binding.livePingone, { keyRotationPolicyId: p1.defaultPolicyId });
    mark = p1.requests.length;
    await stack.up({ program: program(appId, { rotation: "2" }) });
    assert.deepEqual(calls(mark), ["readOneApplication", "updateApplication"]);
    assert.equal(p1.applicationPolicy(appId), policy2);
    const renamed = p1.requests.findLast((r) => r.operationId === "updateApplication")!.body as { name: string };
    assert.equal(renamed.name, "orders web app (renamed)", "the other tool's change is kept; only signing is restored");
    await stack.preview({ program: program(appId, { rotation: "2" }), expectNoChanges: true });

    // PingOne rotates on its schedule: refresh reads the promoted key; nothing to repair.
    const before = p1.policy(policy2)!;
    p1.consoleRotate(policy2);
    const rotatedByPingOne = await stack.refresh();
    assert.match(rotatedByPingOne.stdout, /PingOne rotated key rotation policy .*the current key is now/);
    const state = stateResources(dir, POLICY)[0]!.outputs;
    assert.equal(state.currentKid, before.nextKeyId);
    assert.equal(state.nextKid, p1.policy(policy2)!.nextKeyId);
    assert.deepEqual(
      state.keys.map((k: { role: string }) => k.role),
      ["previous", "current", "next"],
    );
    await stack.preview({ program: program(appId, { rotation: "2" }), expectNoChanges: true });

    await stack.destroy();
    assert.equal(p1.applicationPolicy(appId), p1.defaultPolicyId);
    assert.equal(p1.policy(policy2), undefined);
    assert.deepEqual(p1.contractViolations, []);
  } finally {
    await dispose();
  }
});

test("pingone: bad input fails preview naming each field; faults are retried; PingOne's refusal is coded and changes nothing", async () => {
  const appId = p1.createApplication();
  const { stack, dispose } = await newStack("pingone-errors", async () => ({}));
  try {
    const bad = async () => {
      new PingOneKeyRotationPolicy("bad", {
        environmentId: p1.environmentId,
        region: "us" as never,
        apiUrl: p1.apiUrl,
        name: "bad",
        dn: "no dn",
        keyLength: 1024,
        rotationPeriod: 200,
        validityPeriod: 180,
      });
    };
    const err = await stack.preview({ program: bad }).then(
      () => assert.fail("preview succeeded"),
      (e: Error) => e.message,
    );
    for (const field of ["region", "dn", "keyLength", "rotationPeriod"]) assert.match(err, new RegExp(field));
    assert.match(err, /at most validityPeriod - 1 \(179 days\)/);

    // A rate limit on the create and an outage on the JWKS read are waited out (Retry-After) and retried.
    p1.injectFaults({ operationId: "createKeyRotationPolicy" }, { status: 429 });
    p1.injectFaults({ operationId: "getKeyRotationPolicyJwks" }, { status: 503 });
    const mark = p1.requests.length;
    const missing = "00000000-0000-4000-8000-000000000000";
    await assert.rejects(stack.up({ program: program(appId, { rotation: "1", policyId: missing }) }), (e: Error) => {
      assert.match(e.message, /ERR_JWKS_PINGONE_BINDING|PingOne refused/);
      assert.match(e.message, /INVALID_DATA/);
      return true;
    });
    assert.equal(p1.applicationPolicy(appId), p1.defaultPolicyId);
    assert.ok(calls(mark).includes("updateApplication"));
    const statuses = (id: string) =>
      p1.requests
        .slice(mark)
        .filter((r) => r.operationId === id)
        .map((r) => r.status);
    assert.deepEqual(statuses("createKeyRotationPolicy"), [429, 201]);
    assert.deepEqual(statuses("getKeyRotationPolicyJwks"), [503, 200]);
  } finally {
    await dispose();
  }
});
