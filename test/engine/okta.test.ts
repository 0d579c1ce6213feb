/**
 * JwkSet on an Okta app under the real engine, against the Okta emulator (test/emulators/okta.ts), which
 * checks every request against Okta's OpenAPI spec: create, idempotent preview, rotating one key sends only
 * that key's calls, console drift (a key deactivated, a key deleted) found by refresh and repaired by up,
 * a key declared INACTIVE, destroy leaves the partner's key alone.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import * as jose from "jose";
import { Jwk, JwkSet } from "pulumi-jwk";
import { startOktaEmulator, type OktaEmulator } from "../emulators/okta";
import { newStack, stateResources } from "./harness";

const SET_TYPE = "pulumi-nodejs:dynamic/pulumi-jwk:JwkSet";
let okta: OktaEmulator;

before(async () => {
  okta = await startOktaEmulator();
  process.env.OKTA_API_TOKEN = okta.apiToken; // the CLI, the engine and the provider inherit it
});
after(() => okta.close());

const writes = (from: number) =>
  okta.requests
    .slice(from)
    .filter((r) => r.method !== "GET")
    .map((r) => `${r.method} ${r.operationId}`);

function program(appId: string, o: { rotation: string; inactive?: boolean; encryption?: boolean }) {
  return async () => {
    const a = new Jwk("a", { alg: "RS256", rotationTrigger: o.rotation });
    const b = new Jwk("b", { alg: "ES256" });
    const c = new Jwk("c", { alg: o.encryption === false ? "PS256" : "RSA-OAEP-256" });
    const set = new JwkSet("okta", {
      target: { kind: "okta", orgUrl: okta.url, appId },
      keys: [a.publicJwk, b.publicJwk, c.publicJwk],
      inactiveKids: o.inactive ? [b.kid] : [],
    });
    return { a: a.kid, b: b.kid, c: c.kid, kids: set.kids };
  };
}

test("okta: create, preview, rotate one key, drift repaired, INACTIVE key, destroy keeps the partner's key", async () => {
  const appId = okta.createApp({ tokenEndpointAuthMethod: "private_key_jwt" });
  const partner = {
    ...(await jose.exportJWK((await jose.generateKeyPair("RS256", { extractable: true })).publicKey)),
    kid: "partner",
    use: "sig",
    alg: "RS256",
  };
  okta.consoleAddKey(appId, partner, "ACTIVE");
  const { stack, dir, dispose } = await newStack("okta", async () => ({}));
  try {
    const up = await stack.up({ program: program(appId, { rotation: "1" }) });
    assert.deepEqual(up.summary.resourceChanges, { create: 5 });
    const [a, b, c] = ["a", "b", "c"].map((n) => up.outputs[n]!.value as string);
    assert.deepEqual(
      okta
        .keys(appId)
        .map((k) => `${k.kid}:${k.status}`)
        .sort(),
      [`${a}:ACTIVE`, `${b}:ACTIVE`, `${c}:ACTIVE`, "partner:ACTIVE"].sort(),
    );
    await stack.preview({ program: program(appId, { rotation: "1" }), expectNoChanges: true });

    // Rotating key a sends only a's calls: add the new key, deactivate and delete the old one.
    let mark = okta.requests.length;
    const rotated = await stack.up({ program: program(appId, { rotation: "2" }) });
    const a2 = rotated.outputs.a!.value as string;
    assert.notEqual(a2, a);
    assert.deepEqual(writes(mark), ["POST addJwk", "POST deactivateOAuth2ClientJsonWebKey", "DELETE deletejwk"]);
    assert.deepEqual(
      okta.requests
        .slice(mark)
        .filter((r) => r.method === "POST" && r.operationId === "addJwk")
        .map((r) => (r.body as { kid: string }).kid),
      [a2],
    );

    // Console drift: b deactivated, c deleted.
    okta.consoleSetStatus(appId, b, "INACTIVE");
    okta.consoleDeleteKey(appId, c);
    await stack.refresh();
    assert.deepEqual(stateResources(dir, SET_TYPE)[0]!.outputs.drift, { missing: [c], changed: [b], unexpected: [] });
    mark = okta.requests.length;
    await stack.up({ program: program(appId, { rotation: "2" }) });
    assert.deepEqual(writes(mark).sort(), ["POST activateOAuth2ClientJsonWebKey", "POST addJwk"]);
    await stack.preview({ program: program(appId, { rotation: "2" }), expectNoChanges: true });

    // b declared INACTIVE: one deactivation.
    mark = okta.requests.length;
    await stack.up({ program: program(appId, { rotation: "2", inactive: true }) });
    assert.deepEqual(writes(mark), ["POST deactivateOAuth2ClientJsonWebKey"]);
    assert.equal(okta.keys(appId).find((k) => k.kid === b)?.status, "INACTIVE");

    // Okta keeps an app's active encryption key: destroy says so and what to do.
    await assert.rejects(stack.destroy(), /Okta keeps an app's active encryption key/);
    okta.consoleSetStatus(appId, c, "INACTIVE"); // an admin turns ID token encryption off in the console
    await stack.destroy();
    assert.deepEqual(
      okta.keys(appId).map((k) => `${k.kid}:${k.status}`),
      ["partner:ACTIVE"],
    );
    assert.deepEqual(okta.contractViolations, []);
  } finally {
    await dispose();
  }
});

test("okta: an API error fails the update with target, operation, status and Okta's code; a rerun resumes", async () => {
  const appId = okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
  const { stack, dispose } = await newStack("okta-errors", async () => ({}));
  try {
    okta.injectFaults(
      { operationId: "listJwk" },
      { status: 503 },
      { status: 429, headers: { "X-Rate-Limit-Reset": String(Math.floor(Date.now() / 1000) + 1) } },
    );
    okta.injectFaults(
      { operationId: "addJwk" },
      {
        status: 403,
        body: {
          errorCode: "E0000006",
          errorSummary: "You do not have permission to perform the requested action",
          errorLink: "E0000006",
          errorId: "x",
          errorCauses: [],
        },
      },
    );
    const prog = program(appId, { rotation: "1", encryption: false });
    await assert.rejects(stack.up({ program: prog }), (e: Error) => {
      assert.match(e.message, new RegExp(`okta ${okta.url} app ${appId}`));
      assert.match(e.message, /add key .* HTTP 403 E0000006 You do not have permission/);
      assert.match(e.message, /nothing was applied; not applied: add key/);
      assert.doesNotMatch(e.message, new RegExp(okta.apiToken));
      return true;
    });
    // The failed list calls were retried (503, then 429 honouring X-Rate-Limit-Reset) before the add failed.
    assert.ok(okta.requests.filter((r) => r.operationId === "listJwk" && r.status !== 200).length >= 2);
    const up = await stack.up({ program: prog });
    assert.equal(up.summary.result, "succeeded");
    assert.equal(okta.keys(appId).length, 3);
    assert.deepEqual(okta.contractViolations, []);
  } finally {
    await dispose();
  }
});

test("okta exclusive mode: a stranger key is removed, and one added later in the console is drift that up removes", async () => {
  const appId = okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
  const stranger = async (kid: string) => ({
    ...(await jose.exportJWK((await jose.generateKeyPair("ES256", { extractable: true })).publicKey)),
    kid,
    use: "sig",
    alg: "ES256",
  });
  okta.consoleAddKey(appId, await stranger("old-stranger"), "ACTIVE");
  const { stack, dir, dispose } = await newStack("okta-exclusive", async () => ({}));
  const prog = async () => {
    const k = new Jwk("only", { alg: "ES256" });
    new JwkSet("okta", { target: { kind: "okta", orgUrl: okta.url, appId }, keys: [k.publicJwk], mode: "exclusive" });
    return { kid: k.kid };
  };
  try {
    const up = await stack.up({ program: prog });
    assert.deepEqual(
      okta.keys(appId).map((k) => k.kid),
      [up.outputs.kid!.value],
    );

    okta.consoleAddKey(appId, await stranger("new-stranger"), "INACTIVE");
    await stack.refresh();
    assert.deepEqual(stateResources(dir, SET_TYPE)[0]!.outputs.drift, { missing: [], changed: [], unexpected: ["new-stranger"] });
    const mark = okta.requests.length;
    await stack.up({ program: prog });
    assert.deepEqual(writes(mark), ["DELETE deletejwk"]); // already INACTIVE: no deactivation needed
    assert.deepEqual(
      okta.keys(appId).map((k) => k.kid),
      [up.outputs.kid!.value],
    );
    assert.deepEqual(okta.contractViolations, []);
  } finally {
    await dispose();
  }
});
