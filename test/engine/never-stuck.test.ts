/**
 * "Never stuck" under the real engine, against the emulators and a JWKS file:
 * - an Okta app deleted in the console, a Janssen config-api removed: `pulumi refresh` drops the JwkSet from the
 *   stack (the dynamic provider's read returns no id) and says why, instead of failing on every run;
 * - destroy on a private_key_jwt Okta app removes every key Okta lets go, fails listing the one it refuses with
 *   the reason and the ways out, keeps the JwkSet in the stack, and resumes after the app's setting changes;
 * - a JWKS file that does not parse: refresh reports it in the `drift` output, exclusive up overwrites it keeping
 *   a copy (named in the progress output), additive up refuses naming the file.
 */
import assert from "node:assert/strict";
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { Jwk, JwkSet } from "pulumi-jwk";
import { newStack, stateResources } from "./harness";
import { emulatorsForFile } from "./emulators";

const SET_TYPE = "pulumi-nodejs:dynamic/pulumi-jwk:JwkSet";
const emulators = emulatorsForFile({ checkContract: true });

const oktaProgram = (appId: string) => async () => {
  const a = new Jwk("a", { alg: "RS256" });
  const b = new Jwk("b", { alg: "ES256" });
  const set = new JwkSet("okta", { target: { kind: "okta", orgUrl: emulators.okta.url, appId }, keys: [a.publicJwk, b.publicJwk] });
  return { a: a.kid, b: b.kid, kids: set.kids };
};

/** Runs `op`, collecting what the CLI printed. */
async function printed<T>(op: (onOutput: (s: string) => void) => Promise<T>): Promise<{ result: T; output: string }> {
  let output = "";
  const result = await op((s) => (output += s));
  return { result, output };
}

test("okta: an app deleted in the console makes refresh drop the JwkSet, saying why", async () => {
  const appId = emulators.okta.createApp();
  const { stack, dir, dispose } = await newStack("gone-okta", async () => ({}));
  try {
    await stack.up({ program: oktaProgram(appId) });
    assert.equal(stateResources(dir, SET_TYPE).length, 1);
    emulators.okta.consoleDeleteApp(appId);
    const { result, output } = await printed((onOutput) => stack.refresh({ onOutput }));
    assert.equal(result.summary.result, "succeeded");
    assert.equal(result.summary.resourceChanges?.delete, 1);
    assert.equal(stateResources(dir, SET_TYPE).length, 0);
    assert.match(
      output,
      new RegExp(`app ${appId}: the target does not exist \\(HTTP 404 E0000007: Okta has no app ${appId} in this org\\)`),
    );
    assert.match(output, /refresh removes the JwkSet from the stack/);
    assert.doesNotMatch(output, new RegExp(emulators.okta.apiToken));
    // A second refresh has nothing left to fail on.
    assert.equal((await stack.refresh()).summary.result, "succeeded");
  } finally {
    await dispose();
  }
});

test("okta: destroy removes what Okta allows, explains the refusal, stays in the stack, and resumes", async () => {
  const appId = emulators.okta.createApp({ tokenEndpointAuthMethod: "private_key_jwt" });
  const { stack, dir, dispose } = await newStack("refused-okta", async () => ({}));
  try {
    const up = await stack.up({ program: oktaProgram(appId) });
    const [a, b] = [up.outputs.a!.value as string, up.outputs.b!.value as string];
    let message = "";
    await stack.destroy().catch((e: Error) => (message = e.message));
    // Two ACTIVE signing keys: whichever Okta lists first can go; the last one Okta keeps while the app uses
    // private_key_jwt.
    const left = emulators.okta.keys(appId);
    assert.equal(left.length, 1);
    assert.equal(left[0]!.status, "ACTIVE");
    const kept = left[0]!.kid!;
    const removed = kept === a ? b : a;
    assert.ok([a, b].includes(kept));
    assert.match(message, new RegExp(`destroy removed 1 of the 2 keys this resource published \\(key ${removed}\\)\\.`));
    assert.match(message, new RegExp(`Not removed: key ${kept}: deactivate key ${kept} failed: HTTP 400 E0000001 `));
    assert.match(message, /change the app's client authentication \(token_endpoint_auth_method\)/);
    // The way out names this resource's own URN (issue 18 item 8), not a placeholder.
    assert.match(message, /pulumi state delete 'urn:pulumi:test::refused-okta::pulumi-nodejs:dynamic\/pulumi-jwk:JwkSet::okta'/);
    assert.doesNotMatch(message, /nothing was applied/);
    assert.doesNotMatch(message, /errorId|oae[A-Za-z0-9]{10}/);
    assert.doesNotMatch(message, new RegExp(emulators.okta.apiToken));
    assert.equal(stateResources(dir, SET_TYPE).length, 1, "the JwkSet stays in the stack, owning the refused key");

    emulators.okta.consoleSetTokenEndpointAuthMethod(appId, "client_secret_basic");
    const again = await stack.destroy();
    assert.equal(again.summary.result, "succeeded");
    assert.deepEqual(emulators.okta.keys(appId), []);
    assert.equal(stateResources(dir, SET_TYPE).length, 0);
  } finally {
    emulators.okta.consoleSetTokenEndpointAuthMethod(appId, "client_secret_basic"); // so that clean-up can withdraw, whatever failed
    await dispose();
  }
});

test("janssen: a config-api that answers 404 for the set makes refresh drop the JwkSet", async () => {
  const { stack, dir, dispose } = await newStack("gone-janssen", async () => ({}));
  const program = async () => {
    const a = new Jwk("a", { alg: "ES256" });
    new JwkSet("jans", {
      target: { kind: "janssen", url: emulators.jans.configApiUrl, tokenUrl: emulators.jans.tokenUrl },
      keys: [a.publicJwk],
    });
    return {};
  };
  try {
    await stack.up({ program });
    emulators.jans.consoleRemoveConfigApi();
    const { result, output } = await printed((onOutput) => stack.refresh({ onOutput }));
    assert.equal(result.summary.resourceChanges?.delete, 1);
    assert.equal(stateResources(dir, SET_TYPE).length, 0);
    assert.match(output, /the target does not exist \(HTTP 404 on api\/v1\/config\/jwks: no key set is served at this URL/);
    assert.doesNotMatch(output, new RegExp(emulators.jans.clientSecret));
  } finally {
    await dispose();
  }
});

test("file: a JWKS file that does not parse is reported by refresh, overwritten by exclusive up (with a copy), refused by additive up", async () => {
  const { stack, dir, dispose } = await newStack("unparsable-file", async () => ({}));
  const path = join(dir, "jwks.json");
  const program = (mode: "exclusive" | "additive") => async () => {
    const a = new Jwk("a", { alg: "ES256" });
    const set = new JwkSet("jwks", { target: { kind: "file", path }, keys: [a.publicJwk], mode });
    return { drift: set.drift, kid: a.kid };
  };
  const garbage = '{"keys": [{"kty": "EC", "kid": "half-written", "x": "AAAA"';
  try {
    await stack.up({ program: program("additive") });
    await writeFile(path, garbage);

    const refreshed = await stack.refresh();
    assert.equal(refreshed.summary.result, "succeeded");
    // Refresh updates the resource's outputs in state (the stack's own outputs change only on the next up).
    const drift = stateResources(dir, SET_TYPE)[0]!.outputs.drift as { unparsable?: string };
    assert.match(drift.unparsable ?? "", new RegExp(`^${path}: `));
    assert.doesNotMatch(drift.unparsable ?? "", /half-written/);

    let message = "";
    await stack.up({ program: program("additive") }).catch((e: Error) => (message = e.message));
    assert.match(message, new RegExp(`file ${path}: the live document does not parse \\(.+\\)\\. Additive mode leaves keys`));
    assert.match(message, /Fix the document .* or set mode: "exclusive"/);
    assert.equal(await readFile(path, "utf8"), garbage, "additive mode changed nothing");

    const { result, output } = await printed((onOutput) => stack.up({ program: program("exclusive"), onOutput }));
    const kid = result.outputs.kid!.value as string;
    assert.deepEqual(
      (JSON.parse(await readFile(path, "utf8")) as { keys: { kid: string }[] }).keys.map((k) => k.kid),
      [kid],
    );
    const copies = (await readdir(dir)).filter((f) => f.startsWith("jwks.json.unparsable-"));
    assert.equal(copies.length, 1);
    assert.equal(await readFile(join(dir, copies[0]!), "utf8"), garbage);
    assert.match(output, new RegExp(`a copy is kept at ${join(dir, copies[0]!)}`));
    assert.deepEqual(result.outputs.drift!.value, { missing: [], changed: [], unexpected: [] });
  } finally {
    await writeFile(path, '{"keys": []}\n'); // so that clean-up can withdraw, whatever failed
    await dispose();
  }
});
