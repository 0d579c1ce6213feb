/**
 * KeyRotation from Python (test/fixtures/sdk-programs/python-rotation) under the real Python language host, on
 * the SDK generated from the plugin's schema, with the clock pinned (PULUMI_JWK_NOW, which the engine passes to
 * the plugin): up publishes the first key into both files, a preview before anything is due shows no change, an
 * up past `rotateAt - publishAhead` publishes the next key, one past `rotateAt` promotes it, one past the
 * retirement window removes the replaced key; a clean preview; destroy empties the files. The YAML twin is
 * plugin-rotation.test.ts, the TypeScript one rotation.test.ts.
 */
import assert from "node:assert/strict";
import { copyFile, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import yaml from "js-yaml";
import { offlineHome, pulumiOk, ROOT, run, stackOutputs, type OfflineHome } from "./cli";
import { PLUGIN_DIR } from "./yaml-program";

const T0 = Date.parse("2026-06-01T00:00:00Z");
const MIN = 60_000;

let home: OfflineHome;
before(async () => {
  home = await offlineHome("jwk-python-rotation");
});
after(() => rm(home.dir, { recursive: true, force: true }));

const at = (minutes: number) => ({ ...home.env, PULUMI_JWK_NOW: new Date(T0 + minutes * MIN).toISOString() });
const fileKids = async (name: string) =>
  (JSON.parse(await readFile(join(home.dir, name), "utf8")) as { keys: { kid: string }[] }).keys.map((k) => k.kid).sort();
const states = (outputs: Record<string, unknown>) => (outputs.schedule as { kid: string; state: string }[]).map((k) => k.state);

/** The program folder as a user has it after `pulumi package add`: Pulumi.yaml, the program, a venv with the SDK. */
async function writeProgram(): Promise<void> {
  const project = {
    name: "jwk-python-rotation",
    runtime: { name: "python", options: { toolchain: "pip", virtualenv: "venv" } },
    plugins: { providers: [{ name: "jwk", path: PLUGIN_DIR }] },
  };
  await writeFile(join(home.dir, "Pulumi.yaml"), yaml.dump(project));
  await copyFile(join(ROOT, "test", "fixtures", "sdk-programs", "python-rotation", "__main__.py"), join(home.dir, "__main__.py"));
  // The SDK generated from the schema the plugin serves, installed into venv/ (scripts/lib/language-program.sh).
  const prepare = await run(
    "bash",
    [
      "-c",
      'set -euo pipefail; ROOT=$1; : "${JWK_PULUMI_PYTHON:=$(bash "$ROOT/scripts/ensure-pulumi-python.sh")}"; ' +
        'source "$ROOT/scripts/lib/language-program.sh"; prepare_python_program "$2"',
      "prepare",
      ROOT,
      home.dir,
    ],
    { cwd: home.dir, env: home.env },
  );
  assert.equal(prepare.code, 0, `preparing the Python program failed:\n${prepare.stdout}\n${prepare.stderr}`);
}

test("python KeyRotation: up, a clean preview, publish ahead, promote, retire, a clean preview, destroy", async (t) => {
  const started = Date.now();
  await writeProgram();
  await pulumiOk(home.dir, ["stack", "init", "test"], home.env);

  const created = await pulumiOk(home.dir, ["up", "--yes"], at(0));
  assert.match(created.stdout, /\+ 5 created/); // stack, component, schedule, one JwkSet per target
  const first = await stackOutputs(home.dir, at(0));
  const k1 = first.currentKid as string;
  assert.equal(first.signingKey, "[secret]");
  assert.deepEqual(states(first), ["current"]);
  assert.deepEqual(first.publishedKids, [k1]);
  assert.deepEqual(await fileKids("a.json"), [k1]);
  assert.deepEqual(await fileKids("b.json"), [k1], "one JwkSet per target");
  assert.deepEqual(first.secondSetKids, [k1], "`sets` holds the JwkSets, as resources a program can read");
  assert.equal(first.nextAction, "publish-next");

  // 30 minutes in: nothing is due.
  await pulumiOk(home.dir, ["preview", "--expect-no-changes"], at(30));

  // 51: the next key is published ahead (rotateAt 60m, publishAhead 10m); k1 still signs.
  await pulumiOk(home.dir, ["up", "--yes"], at(51));
  const ahead = await stackOutputs(home.dir, at(51));
  assert.equal(ahead.currentKid, k1);
  assert.deepEqual(states(ahead), ["current", "next"]);
  const k2 = (ahead.schedule as { kid: string; state: string }[]).find((k) => k.state === "next")!.kid;
  assert.deepEqual(ahead.bindableKids, [k1, k2]);
  assert.deepEqual(await fileKids("a.json"), [k1, k2].sort());
  assert.deepEqual(await fileKids("b.json"), [k1, k2].sort());
  assert.equal(ahead.nextAction, "promote");

  // 61: past rotateAt, the next key signs; the old one stays published while it retires.
  await pulumiOk(home.dir, ["up", "--yes"], at(61));
  const promoted = await stackOutputs(home.dir, at(61));
  assert.equal(promoted.currentKid, k2);
  assert.deepEqual(states(promoted), ["retiring", "current"]);
  assert.deepEqual(await fileKids("a.json"), [k1, k2].sort());
  assert.equal(promoted.nextAction, "remove");

  // 77: the retirement window (15m) ended: k1 leaves both files; k2 alone is published.
  await pulumiOk(home.dir, ["up", "--yes"], at(77));
  const retired = await stackOutputs(home.dir, at(77));
  assert.equal(retired.currentKid, k2);
  assert.deepEqual(states(retired), ["retired", "current"]);
  assert.deepEqual(retired.publishedKids, [k2]);
  assert.deepEqual(await fileKids("a.json"), [k2]);
  assert.deepEqual(await fileKids("b.json"), [k2]);
  await pulumiOk(home.dir, ["preview", "--expect-no-changes"], at(78));

  const destroyed = await pulumiOk(home.dir, ["destroy", "--yes"], at(78));
  assert.match(destroyed.stdout, /- \d+ deleted/);
  for (const name of ["a.json", "b.json"]) assert.deepEqual(await fileKids(name).catch(() => []), [], `${name} still holds keys`);
  t.diagnostic(`python KeyRotation cycle: ${((Date.now() - started) / 1000).toFixed(1)} s`);
});
