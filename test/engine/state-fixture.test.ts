/**
 * Issue 17, "nothing a user relies on moves": state written by an earlier layout of this package keeps working.
 * test/fixtures/state-all-kinds holds the exported state of a stack with one resource of every kind, written by
 * commit 991c863 (make.ts there says how). Here that state is imported into a fresh stack, with fresh servers
 * standing in for the ones it was written against and the files its file targets wrote put back, and the same
 * program runs with this checkout's code: the preview must propose no change, a refresh of what lives here (the
 * keys, the schedule, the two JWKS files) must find none, and destroy must go through.
 */
import assert from "node:assert/strict";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { offlineHome, pulumi, pulumiOk, type OfflineHome } from "./cli";
import {
  fixtureText,
  fromPlaceholders,
  programFolder,
  STACK,
  STACK_CONFIG,
  STATE_FILE,
  startFixtureServers,
  TARGET_FILES,
  type FixtureServers,
  type FixtureValues,
} from "../fixtures/state-all-kinds/fixture";

const TYPE = "pulumi-nodejs:dynamic/pulumi-jwk:";
interface StoredResource {
  urn: string;
  type: string;
  inputs?: { __provider?: string };
}

let servers: FixtureServers;
let home: OfflineHome;
let dir: string;
let env: NodeJS.ProcessEnv;
let resources: StoredResource[];

before(async () => {
  servers = await startFixtureServers();
  home = await offlineHome("jwk-state-fixture");
  dir = await programFolder("state-fixture");
  env = { ...home.env, ...servers.env };
  const values: FixtureValues = { ...servers.values, PROGRAM_DIR: dir };
  await writeFile(join(dir, STACK_CONFIG), fromPlaceholders(await fixtureText(STACK_CONFIG), values));
  for (const f of TARGET_FILES) await writeFile(join(dir, f), fromPlaceholders(await fixtureText(join("files", f)), values));
  const state = fromPlaceholders(await fixtureText(STATE_FILE), values);
  resources = (JSON.parse(state) as { deployment: { resources: StoredResource[] } }).deployment.resources;
  await writeFile(join(home.dir, STATE_FILE), state);
  await pulumiOk(dir, ["stack", "init", STACK], env);
  await pulumiOk(dir, ["stack", "import", "--file", join(home.dir, STATE_FILE)], env);
});

after(async () => {
  await servers?.close();
  // No request the providers sent (and no answer) broke the vendors' specs.
  assert.deepEqual(servers?.pingone.contractViolations ?? [], []);
  assert.deepEqual(servers?.reachfive.contractViolations ?? [], []);
  if (dir) await rm(dir, { recursive: true, force: true });
  if (home) await rm(home.dir, { recursive: true, force: true });
});

test("the fixture holds every resource kind, each with the one-line stub of its pulumi-jwk/providers/<name>", () => {
  const stubs = Object.fromEntries(
    resources.filter((r) => r.type.startsWith(TYPE)).map((r) => [r.type.slice(TYPE.length), r.inputs?.__provider]),
  );
  const stub = (name: string) => `exports.handler=()=>require("pulumi-jwk/providers/${name}");`;
  assert.deepEqual(stubs, {
    Jwk: stub("jwk"),
    JwkSet: stub("jwkset"),
    RotationSchedule: stub("rotation"),
    ClientKeyBinding: stub("binding"),
    PingOneKeyRotationPolicy: stub("pingone-krp"),
    ReachFiveAccountKey: stub("reachfive-account-key"),
  });
  assert.ok(resources.some((r) => r.type === "pulumi-jwk:index:KeyRotation"));
});

test("state written by 991c863 runs with this code: no-change preview, no-change refresh of what lives here, destroy", async () => {
  const preview = await pulumi(dir, ["preview", "--expect-no-changes", "--diff"], env);
  assert.equal(preview.code, 0, `the fixture's state does not preview clean with this code:\n${preview.stdout}\n${preview.stderr}`);
  assert.match(preview.stdout, /\b9 unchanged/); // the program ran and declared every stored resource

  // The servers are fresh (they forget everything when they stop): refresh only what their state does not hold.
  const local = resources.filter((r) => [`${TYPE}Jwk`, `${TYPE}JwkSet`, `${TYPE}RotationSchedule`].includes(r.type));
  assert.equal(local.length, 4); // the key, the file set, the schedule and its file set
  const targets = local.flatMap((r) => ["--target", r.urn]);
  const refresh = await pulumi(dir, ["refresh", "--yes", "--expect-no-changes", ...targets], env);
  assert.equal(refresh.code, 0, `refresh found changes:\n${refresh.stdout}\n${refresh.stderr}`);

  const destroy = await pulumiOk(dir, ["destroy", "--yes"], env);
  assert.match(destroy.stdout, /- 9 deleted/);
  for (const f of ["jwks.json", "rotation-jwks.json"]) await assert.rejects(readFile(join(dir, f)), { code: "ENOENT" }, `${f} left behind`);
  await pulumiOk(dir, ["stack", "rm", "--yes", STACK], env);
});
