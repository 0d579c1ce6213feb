/**
 * The plugin form from a YAML program under the real CLI (pulumi-language-yaml beside the engine, the plugin
 * started by the Node.js language host): up, an idempotent preview, drift found by refresh and repaired by up,
 * private keys as ciphertext in the exported state, destroy, on the file target.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { offlineHome, pulumiOk, stackOutputs, storedState, type OfflineHome } from "./cli";
import { initStack, LEGACY_PLUGIN_DIR, writeYamlProgram } from "./yaml-program";

let home: OfflineHome;
before(async () => {
  home = await offlineHome("jwk-plugin-yaml");
});
after(() => rm(home.dir, { recursive: true, force: true }));

const fileKids = async () =>
  (JSON.parse(await readFile(join(home.dir, "jwks.json"), "utf8")) as { keys: { kid: string }[] }).keys.map((k) => k.kid).sort();

const setDrift = async () =>
  (await storedState(home.dir, home.env)).deployment.resources?.find((r) => r.type === "jwk:index:JwkSet")?.outputs.drift;

test("yaml: up, preview --expect-no-changes, refresh finds drift, up repairs it, secrets are ciphertext, destroy", async () => {
  await writeYamlProgram(home, "jwk-plugin-yaml", {
    resources: {
      signing: { type: "jwk:index:Jwk", properties: { alg: "ES256" } },
      legacy: { type: "jwk:index:Jwk", properties: { alg: "RS256", kid: "legacy-2026" } },
      jwks: {
        type: "jwk:index:JwkSet",
        properties: {
          target: { kind: "file", path: "jwks.json" },
          keys: ["${signing.publicJwk}", "${legacy.publicJwk}"],
          mode: "exclusive",
        },
      },
    },
    outputs: {
      signingKid: "${signing.kid}",
      thumbprint: "${signing.thumbprint}",
      drift: "${jwks.drift}",
      privateJwk: "${signing.privateJwk}",
    },
  });
  await initStack(home);
  await pulumiOk(home.dir, ["up", "--yes"], home.env);
  const outputs = await stackOutputs(home.dir, home.env);
  const signing = outputs.signingKid as string;
  assert.equal(outputs.thumbprint, signing, "the kid is the RFC 7638 thumbprint when none is given");
  assert.equal(outputs.privateJwk, "[secret]");
  assert.deepEqual(await fileKids(), ["legacy-2026", signing].sort());

  // Secrets: ciphertext in the stored state, no private member anywhere, no dynamic-provider stub.
  const state = await storedState(home.dir, home.env);
  const keys = (state.deployment.resources ?? []).filter((r) => r.type === "jwk:index:Jwk");
  assert.equal(keys.length, 2);
  for (const k of keys) {
    assert.match(k.outputs.privateJwk.ciphertext, /^v1:/, `${k.urn}: privateJwk is not ciphertext`);
    assert.equal(typeof k.outputs.publicKeyPem, "string");
  }
  const text = JSON.stringify(state);
  assert.doesNotMatch(text, /"(d|p|q|dp|dq|qi)":/, "a private JWK member is stored in plain text");
  assert.doesNotMatch(text, /__provider/);

  await pulumiOk(home.dir, ["preview", "--expect-no-changes"], home.env);

  // Drift: someone drops the legacy key from the published file.
  const doc = JSON.parse(await readFile(join(home.dir, "jwks.json"), "utf8")) as { keys: { kid: string }[] };
  await writeFile(join(home.dir, "jwks.json"), JSON.stringify({ keys: doc.keys.filter((k) => k.kid !== "legacy-2026") }));
  await pulumiOk(home.dir, ["refresh", "--yes"], home.env);
  // Refresh does not run the program, so the stack output keeps its value: the resource's state has the drift.
  assert.deepEqual(await setDrift(), { missing: ["legacy-2026"], changed: [], unexpected: [] });
  const repair = await pulumiOk(home.dir, ["up", "--yes"], home.env);
  assert.match(repair.stdout, /1 updated/);
  assert.deepEqual(await fileKids(), ["legacy-2026", signing].sort());
  assert.deepEqual(await setDrift(), { missing: [], changed: [], unexpected: [] });
  assert.deepEqual((await stackOutputs(home.dir, home.env)).drift, { missing: [], changed: [], unexpected: [] });
  await pulumiOk(home.dir, ["preview", "--expect-no-changes"], home.env);

  await pulumiOk(home.dir, ["destroy", "--yes"], home.env);
  // Exclusive mode owned the whole document: it goes with the JwkSet.
  assert.equal(existsSync(join(home.dir, "jwks.json")), false);
});

test("a stack made with the plugin/ folder moves to the package root with no change", async () => {
  const body = {
    resources: {
      signing: { type: "jwk:index:Jwk", properties: { alg: "ES256" } },
      jwks: { type: "jwk:index:JwkSet", properties: { target: { kind: "file", path: "legacy.json" }, keys: ["${signing.publicJwk}"] } },
    },
    outputs: { kid: "${signing.kid}" },
  };
  const legacy = await offlineHome("jwk-plugin-legacy");
  try {
    await writeYamlProgram(legacy, "jwk-plugin-legacy", body, LEGACY_PLUGIN_DIR);
    await initStack(legacy);
    await pulumiOk(legacy.dir, ["up", "--yes"], legacy.env);
    const kid = (await stackOutputs(legacy.dir, legacy.env)).kid;
    await writeYamlProgram(legacy, "jwk-plugin-legacy", body);
    await pulumiOk(legacy.dir, ["preview", "--expect-no-changes"], legacy.env);
    await pulumiOk(legacy.dir, ["up", "--yes", "--expect-no-changes"], legacy.env);
    assert.equal((await stackOutputs(legacy.dir, legacy.env)).kid, kid);
    await pulumiOk(legacy.dir, ["destroy", "--yes"], legacy.env);
  } finally {
    await rm(legacy.dir, { recursive: true, force: true });
  }
});
