/**
 * JwkSet on a Janssen config-api under the real engine, against the Janssen emulator (test/emulators/janssen.ts),
 * which checks every request against the config-api OpenAPI spec and enforces OAuth scopes: create,
 * idempotent preview, rotating one key sends only that key's calls, console drift (key removed, key changed)
 * found by refresh and repaired by up, the server's own keys untouched in additive mode and replaced in
 * exclusive mode, destroy.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Jwk, JwkSet } from "pulumi-jwk";
import { startJanssenEmulator, type JanssenEmulator } from "../emulators/janssen";
import { newStack, stateResources } from "./harness";

const SET_TYPE = "pulumi-nodejs:dynamic/pulumi-jwk:JwkSet";
let jans: JanssenEmulator;

before(async () => {
  jans = await startJanssenEmulator();
  process.env.JANS_CLIENT_ID = jans.clientId; // the CLI, the engine and the provider inherit them
  process.env.JANS_CLIENT_SECRET = jans.clientSecret;
});
after(() => jans.close());

/** Config-api calls that change something (token requests excluded). */
const writes = (from: number) =>
  jans.requests
    .slice(from)
    .filter((r) => r.method !== "GET" && r.operationId !== "jans-auth:token")
    .map((r) => `${r.method} ${r.operationId}`);
const kids = () =>
  jans
    .keys()
    .map((k) => k.kid as string)
    .sort();

function program(o: { rotation: string; mode?: "additive" | "exclusive" }) {
  return async () => {
    const a = new Jwk("a", { alg: "RS256", rotationTrigger: o.rotation });
    const b = new Jwk("b", { alg: "ES256" });
    const set = new JwkSet("jans", {
      target: { kind: "janssen", url: jans.configApiUrl, tokenUrl: jans.tokenUrl },
      keys: [a.publicJwk, b.publicJwk],
      mode: o.mode ?? "additive",
    });
    return { a: a.kid, b: b.kid, foreignKids: set.foreignKids };
  };
}

test("janssen: create, preview, rotate one key, drift repaired, exclusive takes over, destroy", async () => {
  const serverKids = kids();
  assert.equal(serverKids.length, 2, "the emulator starts with the server's own two keys");
  const { stack, dir, dispose } = await newStack("janssen", async () => ({}));
  try {
    let mark = jans.requests.length;
    const up = await stack.up({ program: program({ rotation: "1" }) });
    const [a, b] = ["a", "b"].map((n) => up.outputs[n]!.value as string);
    assert.deepEqual(writes(mark), ["POST post-config-jwks-key", "POST post-config-jwks-key"]);
    assert.deepEqual(kids(), [...serverKids, a, b].sort());
    assert.deepEqual(up.outputs.foreignKids!.value, serverKids);
    // Janssen requires exp (epoch ms); we send one a year out.
    const exp = jans.keys().find((k) => k.kid === a)!.exp as number;
    assert.ok(exp > Date.now() + 360 * 86_400_000 && exp < Date.now() + 370 * 86_400_000, `exp ${exp}`);
    await stack.preview({ program: program({ rotation: "1" }), expectNoChanges: true });

    mark = jans.requests.length;
    const rotated = await stack.up({ program: program({ rotation: "2" }) });
    const a2 = rotated.outputs.a!.value as string;
    assert.deepEqual(writes(mark), ["POST post-config-jwks-key", "DELETE delete-config-jwk-kid"]);
    assert.equal(
      jans.requests
        .slice(mark)
        .find((r) => r.method === "DELETE")!
        .path.endsWith(`/${a}`),
      true,
    );
    assert.deepEqual(kids(), [...serverKids, a2, b].sort());

    // Console drift: b removed, a2 changed (alg), a stranger added (foreign in additive mode).
    const changed = jans.keys().find((k) => k.kid === a2)!;
    jans.consoleRemoveKey(b);
    jans.consoleReplaceKey(a2, { ...changed, alg: "RS512" });
    await stack.refresh();
    assert.deepEqual(stateResources(dir, SET_TYPE)[0]!.outputs.drift, { missing: [b], changed: [a2], unexpected: [] });
    mark = jans.requests.length;
    await stack.up({ program: program({ rotation: "2" }) });
    assert.deepEqual(writes(mark), ["PATCH patch-config-jwk-kid", "POST post-config-jwks-key"]);
    assert.equal(jans.keys().find((k) => k.kid === a2)!.alg, "RS256");
    await stack.preview({ program: program({ rotation: "2" }), expectNoChanges: true });

    // Exclusive mode takes over the whole set: the server's own keys go.
    await stack.up({ program: program({ rotation: "2", mode: "exclusive" }) });
    assert.deepEqual(kids(), [a2, b].sort());
    await stack.preview({ program: program({ rotation: "2", mode: "exclusive" }), expectNoChanges: true });

    await stack.destroy();
    assert.deepEqual(kids(), []);
    assert.deepEqual(jans.contractViolations, []);
  } finally {
    await dispose();
  }
});

test("janssen: a 5xx on reads is retried; a missing scope fails with target, operation and status; destroy keeps foreign keys", async () => {
  const { stack, dispose } = await newStack("janssen-errors", async () => ({}));
  const foreign = {
    kty: "EC",
    kid: "server-key-2027",
    use: "sig",
    alg: "ES256",
    crv: "P-256",
    ...(await import("node:crypto")).generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" }),
    exp: Date.now() + 86_400_000,
  };
  jans.consoleAddKey(foreign);
  try {
    jans.injectFaults({ operationId: "get-config-jwks" }, { status: 503 }, { status: 502 });
    jans.injectFaults({ operationId: "post-config-jwks-key" }, { status: 403, body: { code: "403", message: "Insufficient scopes" } });
    await assert.rejects(stack.up({ program: program({ rotation: "e" }) }), (e: Error) => {
      assert.match(e.message, new RegExp(`janssen ${jans.configApiUrl}: add key .* HTTP 403 .*Insufficient scopes`));
      assert.match(e.message, /nothing was applied; not applied: add key/);
      assert.doesNotMatch(e.message, new RegExp(jans.clientSecret));
      return true;
    });
    assert.ok(jans.requests.filter((r) => r.operationId === "get-config-jwks" && r.status >= 500).length === 2);
    const up = await stack.up({ program: program({ rotation: "e" }) });
    assert.equal(up.summary.result, "succeeded");
    assert.equal(kids().length, 3);
    await stack.destroy();
    assert.deepEqual(kids(), ["server-key-2027"]);
    assert.deepEqual(jans.contractViolations, []);
  } finally {
    await dispose();
  }
});
