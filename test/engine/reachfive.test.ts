/**
 * ReachFiveAccountKey and ClientKeyBinding (kind reachfive) under the real engine, against the ReachFive emulator
 * (test/emulators/reachfive.ts): create, idempotent preview, declared rotations with exactly the calls needed,
 * console rotation and re-sync found by refresh and handled by up, a client switched from global to
 * client-specific and back, a revoked kid gone from /jwks.json, an HS256 client refused, destroy.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { ClientKeyBinding, ReachFiveAccountKey, type ReachFiveKeyPairSection } from "pulumi-jwk";
import { startReachFiveEmulator, type ReachFiveEmulator } from "../emulators/reachfive";
import { newStack, stateResources } from "./harness";

const ACCOUNT_TYPE = "pulumi-nodejs:dynamic/pulumi-jwk:ReachFiveAccountKey";
const BINDING_TYPE = "pulumi-nodejs:dynamic/pulumi-jwk:ClientKeyBinding";
let r5: ReachFiveEmulator;

before(async () => {
  r5 = await startReachFiveEmulator();
  process.env.REACHFIVE_MANAGEMENT_CLIENT_ID = r5.clientId; // the CLI, the engine and the provider inherit them
  process.env.REACHFIVE_MANAGEMENT_CLIENT_SECRET = r5.clientSecret;
});
after(async () => {
  await r5.close();
  assert.deepEqual(r5.contractViolations, []);
});

/** The calls that change something, in order (token requests and reads left out). */
const writes = (from: number) =>
  r5.requests
    .slice(from)
    .filter((r) => r.method !== "GET" && r.operationId !== "oauth:token")
    .map((r) => `${r.method} ${r.operationId}`);

function program(clientId: string, accountTrigger: string, reachfive: ReachFiveKeyPairSection) {
  return async () => {
    const account = new ReachFiveAccountKey("account", { url: r5.url, rotationTrigger: accountTrigger });
    const binding = new ClientKeyBinding("app", { client: { kind: "reachfive", url: r5.url, clientId }, reachfive });
    return { accountKid: account.kid, accountJwk: account.publicJwk, client: binding.reachfiveKey };
  };
}

test("reachfive: account rotation by trigger, client global -> client-specific -> global, console drift, revoke, destroy", async () => {
  const app = r5.createClient({ name: "web" });
  const { stack, dir, dispose } = await newStack("reachfive", async () => ({}));
  try {
    let mark = r5.requests.length;
    const up = await stack.up({ program: program(app, "1", { keyPair: "global" }) });
    assert.deepEqual(up.summary.resourceChanges, { create: 3 });
    assert.deepEqual(writes(mark), []); // adopting the account pair and a client already on it sends no change
    const kid1 = up.outputs.accountKid!.value as string;
    assert.equal(kid1, r5.globalKid());
    assert.deepEqual(
      up.outputs.accountJwk!.value,
      r5.jwks().find((k) => k.kid === kid1),
    );
    assert.deepEqual(up.outputs.client!.value, { keyPair: "global", kid: kid1 });
    await stack.preview({ program: program(app, "1", { keyPair: "global" }), expectNoChanges: true });

    // The declared account rotation: exactly one POST /api/v1/site/keys.
    mark = r5.requests.length;
    const rotated = await stack.up({ program: program(app, "2", { keyPair: "global" }) });
    assert.deepEqual(writes(mark), ["POST rotateSiteKeys"]);
    const kid2 = rotated.outputs.accountKid!.value as string;
    assert.notEqual(kid2, kid1);
    assert.equal(kid2, r5.globalKid());

    // A rotation in the console: refresh shows it, up cannot bring kid2 back and sends nothing.
    const kid3 = r5.consoleRotateGlobal();
    let shown = "";
    await stack.refresh({ onOutput: (text) => void (shown += text) });
    // The CLI shows the warning under the resource, naming both kids.
    assert.match(
      shown,
      new RegExp(`warning: reachfive ${r5.url}: the account pair was rotated outside this stack: "${kid2}" -> "${kid3}"`),
    );
    const account = stateResources(dir, ACCOUNT_TYPE)[0]!.outputs;
    assert.equal(account.kid, kid3);
    assert.match(account.drift, new RegExp(`rotated outside this stack: "${kid2}" -> "${kid3}".*cannot restore "${kid2}"`));
    // The CI drift gate flags it (exit 7: changes proposed); the up that acknowledges it sends nothing.
    await assert.rejects(stack.preview({ program: program(app, "2", { keyPair: "global" }), expectNoChanges: true }));
    mark = r5.requests.length;
    await stack.up({ program: program(app, "2", { keyPair: "global" }) });
    assert.deepEqual(writes(mark), []);
    assert.equal(stateResources(dir, ACCOUNT_TYPE)[0]!.outputs.drift, undefined);
    await stack.preview({ program: program(app, "2", { keyPair: "global" }), expectNoChanges: true });

    // Global -> client-specific: one POST; a declared client rotation: one POST more.
    mark = r5.requests.length;
    const own = await stack.up({ program: program(app, "2", { keyPair: "client-specific", rotationTrigger: "a" }) });
    assert.deepEqual(writes(mark), ["POST rotateClientKeys"]);
    const ownKid1 = (own.outputs.client!.value as { kid: string }).kid;
    assert.deepEqual(r5.client(app), {
      client_id: app,
      name: "web",
      id_token_signed_response_alg: "RS256",
      jwks_type: "client_specific",
      kid: ownKid1,
    });
    await stack.preview({ program: program(app, "2", { keyPair: "client-specific", rotationTrigger: "a" }), expectNoChanges: true });
    mark = r5.requests.length;
    const own2 = await stack.up({ program: program(app, "2", { keyPair: "client-specific", rotationTrigger: "b" }) });
    assert.deepEqual(writes(mark), ["POST rotateClientKeys"]);
    const ownKid2 = (own2.outputs.client!.value as { kid: string }).kid;
    assert.notEqual(ownKid2, ownKid1);

    // The console rotates the client's own pair: refresh reports it; up records the new kid and sends nothing.
    const consoleKid = r5.consoleRotateClient(app);
    await stack.refresh();
    assert.deepEqual(stateResources(dir, BINDING_TYPE)[0]!.outputs.drift.settings, ["reachfive.kid"]);
    mark = r5.requests.length;
    const accepted = await stack.up({ program: program(app, "2", { keyPair: "client-specific", rotationTrigger: "b" }) });
    assert.deepEqual(writes(mark), []);
    assert.equal((accepted.outputs.client!.value as { kid: string }).kid, consoleKid);
    await stack.preview({ program: program(app, "2", { keyPair: "client-specific", rotationTrigger: "b" }), expectNoChanges: true });

    // The console re-syncs the client to the global pair: refresh reports it, up gives it a new pair of its own.
    r5.consoleSyncClient(app);
    shown = "";
    await stack.refresh({ onOutput: (text) => void (shown += text) });
    assert.match(
      shown,
      /warning: drift on reachfive client .*re-synced to the global pair outside the stack; up gives it a new pair of its own/,
    );
    const drift = stateResources(dir, BINDING_TYPE)[0]!.outputs.drift;
    assert.deepEqual(drift.settings, ["reachfive.keyPair"]);
    assert.match(drift.notes[0], new RegExp(`re-synced to the global pair.*the pair "${consoleKid}" it had cannot come back`));
    mark = r5.requests.length;
    const restored = await stack.up({ program: program(app, "2", { keyPair: "client-specific", rotationTrigger: "b" }) });
    assert.deepEqual(writes(mark), ["POST rotateClientKeys"]);
    const ownKid3 = (restored.outputs.client!.value as { kid: string }).kid;
    await stack.preview({ program: program(app, "2", { keyPair: "client-specific", rotationTrigger: "b" }), expectNoChanges: true });

    // A revoked kid: rotate, then revoke the old pair in the same up; it is gone from /jwks.json.
    mark = r5.requests.length;
    await stack.up({ program: program(app, "2", { keyPair: "client-specific", rotationTrigger: "c", revokeKids: [ownKid3] }) });
    assert.deepEqual(writes(mark), ["POST rotateClientKeys", "DELETE revokeClientKey"]);
    const published = (await (await fetch(`${r5.url}/jwks.json`)).json()) as { keys: { kid: string }[] };
    assert.ok(!published.keys.some((k) => k.kid === ownKid3), "the revoked kid is no longer published");

    // Back to global: one PUT.
    mark = r5.requests.length;
    const back = await stack.up({ program: program(app, "2", { keyPair: "global" }) });
    assert.deepEqual(writes(mark), ["PUT syncClientKeys"]);
    assert.deepEqual(back.outputs.client!.value, { keyPair: "global", kid: kid3 });

    // Destroy stops managing: the account keeps its pair, the client stays on it; nothing is sent.
    mark = r5.requests.length;
    await stack.destroy();
    assert.deepEqual(writes(mark), []);
    assert.equal(r5.client(app).jwks_type, "global");
  } finally {
    await dispose();
  }
});

test("reachfive: an HS256 client is refused with a coded message and nothing is changed", async () => {
  const hs = r5.createClient({ alg: "HS256" });
  const { stack, dispose } = await newStack("reachfive-hs256", async () => ({}));
  try {
    const mark = r5.requests.length;
    await assert.rejects(
      stack.up({
        program: async () => {
          new ClientKeyBinding("hs", {
            client: { kind: "reachfive", url: r5.url, clientId: hs },
            reachfive: { keyPair: "client-specific" },
          });
        },
      }),
      (e: Error) => /ERR_JWKS_REACHFIVE_HS256_CLIENT|signs its tokens with HS256 \(its client secret\)/.test(e.message),
    );
    assert.deepEqual(writes(mark), []);
    assert.equal(r5.client(hs).id_token_signed_response_alg, "HS256");
  } finally {
    await dispose();
  }
});
