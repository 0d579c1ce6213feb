/**
 * A TypeScript program on the SDK `pulumi package add` generates from the plugin, reached by migrating a stack
 * created with the dynamic resources: the program switches from `pulumi-jwk` to the generated SDK, whose
 * resources carry the dynamic type tokens as aliases (schema.ts), and the next `up` replaces no key: the same
 * kids and public keys, the file untouched, the state free of the dynamic form's stub. Then an idempotent
 * preview, refresh and destroy on the SDK.
 */
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { ROOT, offlineHome, pulumiOk, storedState, type OfflineHome } from "./cli";
import { LEGACY_PLUGIN_DIR } from "./yaml-program";

let home: OfflineHome;
let dir: string;
before(async () => {
  home = await offlineHome("jwk-plugin-sdk");
  // Under the repository: the dynamic form (step 1) resolves pulumi-jwk and @pulumi/pulumi from its node_modules.
  dir = join(ROOT, ".work", "engine", `plugin-sdk-${randomBytes(4).toString("hex")}`);
  await mkdir(dir, { recursive: true });
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(home.dir, { recursive: true, force: true });
});

const DYNAMIC_PROGRAM = `
const { Jwk, JwkSet } = require("pulumi-jwk");
const signing = new Jwk("signing", { alg: "ES256" });
const legacy = new Jwk("legacy", { alg: "RS256", kid: "legacy-2026" });
const jwks = new JwkSet("jwks", { target: { kind: "file", path: "jwks.json" }, keys: [signing.publicJwk, legacy.publicJwk] });
exports.signing = signing.kid;
exports.kids = jwks.kids;
`;

const SDK_PROGRAM = `
import * as jwk from "@pulumi-jwk/jwk";
const signing = new jwk.Jwk("signing", { alg: "ES256" });
const legacy = new jwk.Jwk("legacy", { alg: "RS256", kid: "legacy-2026" });
const jwks = new jwk.JwkSet("jwks", { target: { kind: "file", path: "jwks.json" }, keys: [signing.publicJwk, legacy.publicJwk] });
export const signingKid = signing.kid;
export const thumbprint = signing.thumbprint;
export const kids = jwks.kids;
`;

/** Each key resource's public JWK by name, from the stored state. */
async function publicKeys(): Promise<Record<string, unknown>> {
  const resources = (await storedState(dir, home.env)).deployment.resources ?? [];
  return Object.fromEntries(resources.filter((r) => /:Jwk$/.test(r.type)).map((r) => [r.urn.split("::").pop(), r.outputs.publicJwk]));
}

test("a dynamic-form stack moves to the generated SDK with no key replaced, then previews clean, refreshes, destroys", async () => {
  // 1. The dynamic form.
  await writeFile(join(dir, "Pulumi.yaml"), "name: jwk-plugin-sdk\nruntime: nodejs\n");
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "jwk-plugin-sdk", private: true, main: "index.js" }));
  await writeFile(join(dir, "index.js"), DYNAMIC_PROGRAM);
  await pulumiOk(dir, ["stack", "init", "test"], home.env);
  await pulumiOk(dir, ["up", "--yes"], home.env);
  const before = await publicKeys();
  const fileBefore = await readFile(join(dir, "jwks.json"), "utf8");
  assert.equal(Object.keys(before).length, 2);

  // 2. The plugin form: generate the SDK, switch the program to it.
  await writeFile(
    join(dir, "package.json"),
    JSON.stringify({
      name: "jwk-plugin-sdk",
      private: true,
      main: "index.ts",
      dependencies: { "@pulumi/pulumi": "3.259.0" },
      devDependencies: { "@types/node": "24.19.2", typescript: "5.9.3" },
    }),
  );
  // The plugin/ folder (the one test on it): `package add` runs `npm install` in the plugin's folder, which at
  // the package root is this repository's own install, in use by the engine tests running beside this one.
  await pulumiOk(dir, ["package", "add", LEGACY_PLUGIN_DIR], home.env);
  assert.match(await readFile(join(dir, "Pulumi.yaml"), "utf8"), /packages:\s+jwk: /);
  await rm(join(dir, "index.js"));
  await writeFile(join(dir, "index.ts"), SDK_PROGRAM);

  const preview = JSON.parse((await pulumiOk(dir, ["preview", "--json"], home.env)).stdout) as {
    steps: { op: string; urn: string }[];
  };
  const keySteps = preview.steps.filter((s) => !s.urn.includes("pulumi:providers:") && !s.urn.includes("pulumi:pulumi:Stack"));
  const destructive = keySteps.filter((s) => ["create", "delete", "replace", "create-replacement", "delete-replaced"].includes(s.op));
  assert.deepEqual(destructive, [], "the migration creates, deletes or replaces a resource");

  await pulumiOk(dir, ["up", "--yes"], home.env);
  assert.deepEqual(await publicKeys(), before, "a key changed in the migration");
  assert.equal(await readFile(join(dir, "jwks.json"), "utf8"), fileBefore, "the published file changed");
  const state = await storedState(dir, home.env);
  const types = (state.deployment.resources ?? []).map((r) => r.type).filter((t) => !t.startsWith("pulumi:"));
  assert.deepEqual(types.sort(), ["jwk:index:Jwk", "jwk:index:Jwk", "jwk:index:JwkSet"]);
  assert.doesNotMatch(JSON.stringify(state), /__provider|pulumi-nodejs:dynamic/);
  for (const r of (state.deployment.resources ?? []).filter((r) => r.type === "jwk:index:Jwk")) {
    assert.match(r.outputs.privateJwk.ciphertext, /^v1:/);
  }

  // 3. The SDK program on its own: no changes, refresh, destroy.
  await pulumiOk(dir, ["preview", "--expect-no-changes"], home.env);
  await pulumiOk(dir, ["refresh", "--yes", "--expect-no-changes"], home.env);
  await pulumiOk(dir, ["destroy", "--yes"], home.env);
  // The file held only this stack's keys: withdrawing them leaves no document.
  assert.equal(existsSync(join(dir, "jwks.json")), false, "destroy left the published keys");
});
