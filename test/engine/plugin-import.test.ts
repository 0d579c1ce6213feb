/**
 * `pulumi import jwk:index:JwkSet <name> <id>` under the real CLI, from a YAML program: a live file, an Okta
 * app (emulator, requests checked against Okta's spec), a Janssen config-api (emulator) and a published JWKS URL
 * (read-only url target, a local HTTP server). The import sends
 * no write, and the code it generates is valid: added to the program, `pulumi preview --expect-no-changes`
 * passes, and a following `up` changes nothing on the target. And `pulumi import jwk:index:ClientKeyBinding`
 * of a client on a real oidc-provider (RFC 7592).
 */
import assert from "node:assert/strict";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, test } from "node:test";
import * as jose from "jose";
import yaml from "js-yaml";
import { offlineHome, pulumiOk, storedState, type OfflineHome } from "./cli";
import { startOidcServer } from "../oauth/oidc-server";
import { startJwksServer } from "../servers/jwks-server";
import { emulatorsForFile } from "./emulators";
import { initStack, writeYamlProgram } from "./yaml-program";

const emulators = emulatorsForFile({ checkContract: true });
let home: OfflineHome | undefined;
afterEach(async () => {
  if (home) await rm(home.dir, { recursive: true, force: true });
  home = undefined;
});

async function publicKey(alg: string, kid: string, use = "sig"): Promise<Record<string, unknown>> {
  const { publicKey } = await jose.generateKeyPair(alg, { extractable: true });
  return { ...(await jose.exportJWK(publicKey)), kid, use, alg };
}

/** Imports `id` into an empty YAML program, adds the generated code to it, and checks it declares the live state. */
async function importAndCheck(name: string, id: string, type = "jwk:index:JwkSet"): Promise<Record<string, any>> {
  home = await offlineHome(`jwk-import-${name}`);
  await writeYamlProgram(home, `jwk-import-${name}`, {});
  await initStack(home);
  await pulumiOk(home.dir, ["import", type, "adopted", id, "--yes", "--out", "generated.yaml"], home.env);
  const generated = yaml.load(await readFile(join(home.dir, "generated.yaml"), "utf8")) as { resources: Record<string, any> };
  assert.deepEqual(Object.keys(generated.resources), ["adopted"]);
  assert.equal(generated.resources.adopted.options?.protect, true, "imports are protected");
  await writeYamlProgram(home, `jwk-import-${name}`, { resources: generated.resources });
  await pulumiOk(home.dir, ["preview", "--expect-no-changes"], home.env);
  const state = await storedState(home.dir, home.env);
  return state.deployment.resources!.find((r) => r.type === type)!;
}

test("import a live JWKS file: file:<path>", async () => {
  const keys = [await publicKey("ES256", "partner-1"), await publicKey("RS256", "partner-2")];
  home = await offlineHome("jwk-import-file-seed");
  const seed = home.dir;
  home = undefined;
  await writeFile(join(seed, "jwks.json"), JSON.stringify({ keys }));
  try {
    const set = await importAndCheck("file", `file:${join(seed, "jwks.json")}`);
    assert.deepEqual(set.outputs.kids, ["partner-1", "partner-2"]);
    assert.equal(set.outputs.mode, "additive");
    await pulumiOk(home!.dir, ["up", "--yes", "--expect-no-changes"], home!.env);
    assert.deepEqual(JSON.parse(await readFile(join(seed, "jwks.json"), "utf8")), { keys }, "the file is untouched");
  } finally {
    await rm(seed, { recursive: true, force: true });
  }
});

test("import an Okta app's key set: okta:<appId>@<orgUrl>, INACTIVE keys included", async () => {
  const { okta } = emulators;
  const appId = okta.createApp({ tokenEndpointAuthMethod: "private_key_jwt" });
  okta.consoleAddKey(appId, await publicKey("RS256", "current"), "ACTIVE");
  okta.consoleAddKey(appId, await publicKey("RS256", "previous"), "INACTIVE");
  const mark = okta.requests.length;
  const set = await importAndCheck("okta", `okta:${appId}@${okta.url}`);
  assert.deepEqual(set.outputs.kids, ["current", "previous"]);
  assert.deepEqual(set.inputs.inactiveKids, ["previous"]);
  await pulumiOk(home!.dir, ["up", "--yes", "--expect-no-changes"], home!.env);
  const writes = okta.requests.slice(mark).filter((r) => r.method !== "GET");
  assert.deepEqual(writes, [], "import, preview and up sent no write");
  assert.deepEqual(
    okta.keys(appId).map((k) => `${k.kid}:${k.status}`),
    ["current:ACTIVE", "previous:INACTIVE"],
  );
});

test("import a Janssen key set: the target configuration as JSON", async () => {
  const { jans } = emulators;
  const config = { kind: "janssen", url: jans.configApiUrl, tokenUrl: jans.tokenUrl };
  const before = jans.keys().map((k) => k.kid);
  const mark = jans.requests.length;
  const set = await importAndCheck("janssen", JSON.stringify(config));
  assert.deepEqual([...set.outputs.kids].sort(), [...before].sort() as string[]);
  assert.deepEqual(set.outputs.target, config);
  assert.deepEqual(
    // Token requests are POSTs too; a write is a call to the key-set API.
    jans.requests.slice(mark).filter((r) => r.method !== "GET" && r.path.includes("/config/jwks")),
    [],
    "import and preview sent no write",
  );
});

test("import a client's binding on oidc-provider (RFC 7592): the client reference as JSON", async () => {
  const op = await startOidcServer();
  try {
    const key = await publicKey("ES256", "client-key-1");
    const client = await op.register({
      jwks: { keys: [key] },
      token_endpoint_auth_method: "private_key_jwt",
      token_endpoint_auth_signing_alg: "ES256",
    });
    process.env.IMPORT_RAT = client.registrationAccessToken; // the CLI and the plugin inherit it
    const reference = { kind: "rfc7592", registrationClientUri: client.registrationClientUri, tokenEnv: "IMPORT_RAT" };
    const binding = await importAndCheck("binding", JSON.stringify(reference), "jwk:index:ClientKeyBinding");
    assert.deepEqual(binding.outputs.kids, ["client-key-1"]);
    assert.deepEqual(binding.inputs.auth, { method: "private_key_jwt", signingAlg: "ES256" });
    await pulumiOk(home!.dir, ["up", "--yes", "--expect-no-changes"], home!.env);
    assert.deepEqual(
      (await op.clientKeys(client.clientId)).map((k) => k.kid),
      ["client-key-1"],
    );
  } finally {
    await op.close();
  }
});

test("import a published JWKS (url target): url:<JWKS URL>", async () => {
  const keys = [await publicKey("ES256", "idp-1"), await publicKey("RS256", "idp-2")];
  const server = await startJwksServer({ "/.well-known/jwks.json": { body: { keys } } });
  try {
    const url = server.url("/.well-known/jwks.json");
    const set = await importAndCheck("url", `url:${url}`);
    assert.deepEqual(set.outputs.kids, ["idp-1", "idp-2"]);
    assert.deepEqual(set.outputs.target, { kind: "url", url });
    assert.ok(
      server.requests.every((r) => r === "GET /.well-known/jwks.json"),
      server.requests.join(", "),
    );
  } finally {
    await server.close();
  }
});
