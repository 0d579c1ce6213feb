/**
 * The path a user takes: `npm pack` this package, install the tarball into a fresh program folder outside the
 * repository, and run the program with the pulumi CLI (up, no-change preview, refresh after a hand edit,
 * repair, destroy). The same install then runs the exact commands of the CI recipe (examples/ci/jwks.yml),
 * parsed from the workflow, including its drift gate. One npm install serves both tests. Every
 * `pulumi-jwk/providers/<name>` a stored stub loads is packed, found through the export map (not a dist path:
 * the files may move) and `require`d there, with the provider methods state relies on (issue 17).
 */
import assert from "node:assert/strict";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { generateKeyPairSync } from "node:crypto";
import { dump, load } from "js-yaml";
import { jwkThumbprint } from "../../provider/core/keys/thumbprint";
import { offlineHome, pulumi, pulumiOk, ROOT, run, stackOutputs, storedState, type OfflineHome } from "./cli";

let home: OfflineHome;
let program: string;
let tarball: string;

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { Jwk, JwkSet } from "pulumi-jwk";

const path = new pulumi.Config().get("jwksPath") ?? \`public/\${pulumi.getStack()}/jwks.json\`;
const signing = new Jwk("signing", { alg: "ES256" });
const set = new JwkSet("jwks", { target: { kind: "file", path }, keys: [signing.publicJwk], mode: "exclusive" });

export const jwksPath = path;
export const kid = signing.kid;
export const publicJwk = signing.publicJwk;
export const privateJwk = signing.privateJwk;
export const publishedKids = set.kids;
`;

async function listTarball(file: string): Promise<string[]> {
  const r = await run("tar", ["tzf", file], { cwd: home.dir });
  assert.equal(r.code, 0, r.stderr);
  return r.stdout.split("\n").filter(Boolean);
}

/**
 * Every `pulumi-jwk/providers/<name>` a stored stub loads (provider/resources/stub.ts: ProviderName), with the
 * provider methods state relies on: the dynamic-provider host calls check, diff, create and update, and read
 * (refresh) and delete (destroy) where the resource has them. State written by 0.1 calls `remove` on jwkset.
 */
const STORED_STUB_METHODS: Record<string, string[]> = {
  jwk: ["check", "diff", "create", "update"],
  jwkset: ["check", "diff", "create", "update", "read", "delete", "remove"],
  rotation: ["check", "diff", "create", "update", "read"],
  binding: ["check", "diff", "create", "update", "read", "delete"],
  "pingone-krp": ["check", "diff", "create", "update", "read", "delete"],
  "reachfive-account-key": ["check", "diff", "create", "update", "read", "delete"],
};
const PROVIDER_NAMES = Object.keys(STORED_STUB_METHODS);

/**
 * In the installed program folder, each stub entry as the dynamic-provider host loads it (`require` by package
 * name): the file it resolves to, relative to the installed package, and its exports with their types.
 */
async function storedStubEntries(): Promise<Record<string, { file: string; exports: Record<string, string> }>> {
  const probe = `
    const { dirname, relative } = require("path");
    const root = dirname(require.resolve("pulumi-jwk/package.json"));
    const out = {};
    for (const name of ${JSON.stringify(PROVIDER_NAMES)}) {
      const id = "pulumi-jwk/providers/" + name;
      const mod = require(id);
      out[name] = {
        file: relative(root, require.resolve(id)),
        exports: Object.fromEntries(Object.entries(mod).map(([k, v]) => [k, typeof v])),
      };
    }
    console.log(JSON.stringify(out));`;
  const r = await run("node", ["-e", probe], { cwd: program });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, { file: string; exports: Record<string, string> }>;
}

before(async () => {
  home = await offlineHome("jwk-package");
  const packed = await run("npm", ["pack", "--silent", "--pack-destination", home.dir], { cwd: ROOT });
  assert.equal(packed.code, 0, packed.stderr);
  tarball = join(home.dir, packed.stdout.trim().split("\n").pop()!);
  program = join(home.dir, "program");
  const rootPackage = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
  const dev = rootPackage.devDependencies;
  await mkdir(program);
  await writeFile(join(program, "Pulumi.yaml"), "name: jwk-package-test\nruntime: nodejs\n");
  await writeFile(join(program, "index.ts"), PROGRAM);
  await writeFile(
    join(program, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { strict: true, target: "es2022", module: "nodenext", types: ["node"], skipLibCheck: true } }),
  );
  await writeFile(
    join(program, "package.json"),
    JSON.stringify({
      name: "jwk-package-test",
      private: true,
      dependencies: { "@pulumi/pulumi": dev["@pulumi/pulumi"], "pulumi-jwk": `file:${tarball}` },
      devDependencies: { typescript: dev.typescript, "@types/node": dev["@types/node"] },
    }),
  );
  const install = await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: program });
  assert.equal(install.code, 0, `npm install failed:\n${install.stdout}\n${install.stderr}`);
});

after(async () => {
  if (home) await rm(home.dir, { recursive: true, force: true });
});

test("the tarball holds compiled JS, declarations, README and LICENSE; no tests, emulators, fixtures, benches or examples", async () => {
  const files = await listTarball(tarball);
  for (const f of [
    "package/package.json",
    "package/README.md",
    "package/LICENSE",
    "package/dist/provider/index.js",
    "package/dist/provider/index.d.ts",
    "package/PulumiPlugin.yaml",
    "package/dist/provider/plugin/serve.js",
    "package/plugin/PulumiPlugin.yaml",
    "package/plugin/package.json",
  ])
    assert.ok(files.includes(f), `${f} missing from the tarball`);
  // Where the stored stubs' targets live is the package's business (exports): found through the export map.
  const entries = await storedStubEntries();
  for (const name of PROVIDER_NAMES) {
    const file = entries[name]!.file;
    assert.ok(files.includes(`package/${file}`), `the stored stub's pulumi-jwk/providers/${name} target (${file}) is missing`);
  }
  const stray = files.filter(
    (f) => /(^package\/(test|examples|bench|scripts|provider)\/)|\/test\/|emulator|fixture|\.map$|\.ts$/.test(f) && !f.endsWith(".d.ts"),
  );
  assert.deepEqual(stray, []);
});

test("exports name only the public API; @pulumi/pulumi is the program's own single copy", async () => {
  const probe = `
    const out = {};
    for (const id of ["pulumi-jwk", ${PROVIDER_NAMES.map((n) => JSON.stringify(`pulumi-jwk/providers/${n}`)).join(", ")}, "pulumi-jwk/package.json", "pulumi-jwk/sign", "pulumi-jwk/provider/keys/material", "pulumi-jwk/dist/provider/index.js"]) {
      try { require.resolve(id); out[id] = "ok"; } catch (e) { out[id] = e.code; }
    }
    out.pulumiCopies = [require.resolve("@pulumi/pulumi"), require.resolve("@pulumi/pulumi", { paths: [require("path").dirname(require.resolve("pulumi-jwk"))] })];
    console.log(JSON.stringify(out));`;
  const r = await run("node", ["-e", probe], { cwd: program });
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as Record<string, unknown> & { pulumiCopies: string[] };
  assert.equal(out["pulumi-jwk"], "ok");
  for (const name of PROVIDER_NAMES) assert.equal(out[`pulumi-jwk/providers/${name}`], "ok", `pulumi-jwk/providers/${name}`);
  assert.equal(out["pulumi-jwk/package.json"], "ok");
  assert.equal(out["pulumi-jwk/sign"], "ok", "the signing entry (custody.md, Signing where the key lives)");
  assert.equal(out["pulumi-jwk/provider/keys/material"], "ERR_PACKAGE_PATH_NOT_EXPORTED");
  assert.equal(out["pulumi-jwk/dist/provider/index.js"], "ERR_PACKAGE_PATH_NOT_EXPORTED");
  assert.equal(out.pulumiCopies[0], out.pulumiCopies[1], "pulumi-jwk must load the program's @pulumi/pulumi (pulumi#16161)");
});

test("every stored stub's entry loads in the installed program folder and has the provider methods state relies on", async () => {
  const entries = await storedStubEntries();
  for (const [name, methods] of Object.entries(STORED_STUB_METHODS)) {
    const exported = entries[name]!.exports;
    for (const m of methods) assert.equal(exported[m], "function", `pulumi-jwk/providers/${name} does not export ${m}()`);
  }
});

test("installed from the tarball: pulumi up, no-change preview, refresh finds a hand edit, up repairs, destroy", async () => {
  const env = home.env;
  await pulumiOk(program, ["stack", "init", "user"], env);
  const up = await pulumiOk(program, ["up", "--yes"], env);
  assert.match(up.stdout, /\+ 3 created/);
  const outputs = await stackOutputs(program, env);
  assert.equal(outputs.privateJwk, "[secret]");
  const file = join(program, String(outputs.jwksPath));
  const published = JSON.parse(await readFile(file, "utf8")) as { keys: Record<string, unknown>[] };
  assert.deepEqual(published.keys, [outputs.publicJwk]);
  assert.deepEqual(outputs.publishedKids, [outputs.kid]);

  assert.equal((await pulumi(program, ["preview", "--expect-no-changes"], env)).code, 0);

  // Secrets are ciphertext in the stored state: the private scalar appears nowhere in it.
  const shown = await pulumiOk(program, ["stack", "output", "privateJwk", "--show-secrets", "--json"], env);
  const d = (JSON.parse(shown.stdout) as { d: string }).d;
  assert.ok(d && d.length > 20);
  const state = await storedState(program, env);
  assert.ok(!JSON.stringify(state).includes(d), "the private key is in the state in clear text");
  const jwk = state.deployment.resources!.find((r) => String(r.type).endsWith(":Jwk"))!;
  assert.ok(jwk.outputs.privateJwk.ciphertext, "privateJwk is not a secret in state");

  await writeFile(file, JSON.stringify({ keys: [] }));
  await pulumiOk(program, ["refresh", "--yes"], env);
  const set = (await storedState(program, env)).deployment.resources!.find((r) => String(r.type).endsWith(":JwkSet"))!;
  assert.deepEqual(set.outputs.drift.missing, [outputs.kid]);
  const repair = await pulumiOk(program, ["up", "--yes"], env);
  assert.match(repair.stdout, /~ 1 updated/);
  assert.deepEqual((JSON.parse(await readFile(file, "utf8")) as { keys: unknown[] }).keys, [outputs.publicJwk]);

  const destroy = await pulumiOk(program, ["destroy", "--yes"], env);
  assert.match(destroy.stdout, /- 3 deleted/);
  await assert.rejects(readFile(file), { code: "ENOENT" }); // a JWKS file left empty is deleted
  await pulumiOk(program, ["stack", "rm", "--yes", "user"], env);
});

test("installed from the tarball, the package root is the plugin: a YAML program's path ./node_modules/pulumi-jwk", async () => {
  const env = home.env;
  const dir = join(program, "yaml");
  await mkdir(dir);
  const project = {
    name: "jwk-package-plugin",
    runtime: "yaml",
    plugins: { providers: [{ name: "jwk", path: "../node_modules/pulumi-jwk" }] },
    resources: {
      signing: { type: "jwk:index:Jwk", properties: { alg: "ES256" } },
      jwks: { type: "jwk:index:JwkSet", properties: { target: { kind: "file", path: "jwks.json" }, keys: ["${signing.publicJwk}"] } },
    },
    outputs: { kid: "${signing.kid}" },
  };
  await writeFile(join(dir, "Pulumi.yaml"), dump(project));
  await pulumiOk(dir, ["stack", "init", "plugin"], env);
  await pulumiOk(dir, ["up", "--yes"], env);
  const { kid } = await stackOutputs(dir, env);
  const published = JSON.parse(await readFile(join(dir, "jwks.json"), "utf8")) as { keys: { kid: string }[] };
  assert.deepEqual(
    published.keys.map((k) => k.kid),
    [kid],
  );
  await pulumiOk(dir, ["preview", "--expect-no-changes"], env);
  await pulumiOk(dir, ["destroy", "--yes"], env);
  // The library is still what the package name resolves to.
  const probe = await run("node", ["-e", 'console.log(typeof require("pulumi-jwk").Jwk)'], { cwd: program });
  assert.equal(probe.stdout.trim(), "function", probe.stderr);
});

test("npx pulumi-jwk runs from the installed tarball: inspect a file with its exit codes", async () => {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const pub = publicKey.export({ format: "jwk" }) as Record<string, string>;
  const key = { ...pub, kid: jwkThumbprint(pub), alg: "EdDSA", use: "sig" };
  await writeFile(join(program, "clean.json"), JSON.stringify({ keys: [key] }));
  await writeFile(
    join(program, "leak.json"),
    JSON.stringify({ keys: [{ ...key, d: (privateKey.export({ format: "jwk" }) as { d: string }).d }] }),
  );
  const clean = await run("npx", ["pulumi-jwk", "inspect", "clean.json", "--json", "--fail-on", "info"], { cwd: program });
  assert.equal(clean.code, 0, clean.stderr);
  assert.deepEqual(JSON.parse(clean.stdout), { source: "clean.json", keys: [{ kid: key.kid, kty: "OKP", findings: [] }], findings: [] });
  const leak = await run("npx", ["pulumi-jwk", "inspect", "leak.json"], { cwd: program });
  assert.equal(leak.code, 1);
  assert.match(leak.stdout, /error\s+private-member/);
  const usage = await run("npx", ["pulumi-jwk", "inspect"], { cwd: program });
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /inspect takes one source/);
});

interface Workflow {
  on: Record<string, unknown>;
  env: Record<string, string>;
  jobs: Record<string, { if: string; steps: { name?: string; run?: string }[] }>;
}

test("the CI recipe's commands (examples/ci/jwks.yml): up on main, preview on a pull request, the drift gate fails on a hand edit and passes after the repairing up", async () => {
  const workflow = load(await readFile(join(ROOT, "examples", "ci", "jwks.yml"), "utf8")) as Workflow;
  // Secrets come from the CI's secret store, state from a backend the user chooses.
  assert.equal(workflow.env.PULUMI_BACKEND_URL, "${{ secrets.PULUMI_BACKEND_URL }}");
  assert.equal(workflow.env.PULUMI_CONFIG_PASSPHRASE, "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}");
  assert.ok(workflow.on.schedule, "no scheduled drift check");
  const job = (name: string, event: string) => {
    const j = workflow.jobs[name]!;
    assert.match(j.if, new RegExp(event), `job ${name} does not run on ${event}`);
    const steps = j.steps.filter((s) => s.run?.includes("pulumi "));
    assert.equal(steps.length, 1, `job ${name} should have one pulumi step`);
    return steps[0]!.run!;
  };
  const upCommands = job("up", "push");
  const previewCommands = job("preview", "pull_request");
  const gateCommands = job("drift", "schedule");
  assert.match(gateCommands, /pulumi preview --refresh --expect-no-changes/);

  // The workflow's env, with a file backend and an empty passphrase standing in for the secrets. The previous
  // test type-checked this program already: skip ts-node's type check here to save time.
  const env = { ...home.env, PULUMI_STACK: "ci", PULUMI_NODEJS_TRANSPILE_ONLY: "true" };
  const runStep = (commands: string) => run("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", commands], { cwd: program, env });
  const ok = async (what: string, commands: string) => {
    const r = await runStep(commands);
    assert.equal(r.code, 0, `${what} failed:\n${commands}\n${r.stdout}\n${r.stderr}`);
    return r;
  };

  await ok("up (main)", upCommands);
  const outputs = await stackOutputs(program, env);
  assert.equal(outputs.jwksPath, "public/ci/jwks.json");
  await ok("preview (pull request)", previewCommands);

  const file = join(program, "public", "ci", "jwks.json");
  const doc = JSON.parse(await readFile(file, "utf8")) as { keys: { kid: string }[] };
  await writeFile(file, JSON.stringify({ keys: [{ ...doc.keys[0], kid: "edited-by-hand" }] }));
  const gate = await runStep(gateCommands);
  assert.notEqual(gate.code, 0, `the drift gate passed after a hand edit:\n${gate.stdout}`);
  assert.match(gate.stderr + gate.stdout, /no changes were expected/);

  await ok("the repairing up (main)", upCommands);
  assert.deepEqual(
    (JSON.parse(await readFile(file, "utf8")) as { keys: { kid: string }[] }).keys.map((k) => k.kid),
    [outputs.kid],
  );
  await ok("drift gate after the repair", gateCommands);
  // No destroy: the stack, its backend and the published file go with the temporary directory.
});

test("installed from the tarball: a YAML program uses the plugin at node_modules/pulumi-jwk/plugin (up, clean preview, destroy)", async () => {
  const yamlProgram = join(home.dir, "yaml-program");
  await mkdir(yamlProgram);
  const project = {
    name: "jwk-package-yaml",
    runtime: "yaml",
    plugins: { providers: [{ name: "jwk", path: join(program, "node_modules", "pulumi-jwk", "plugin") }] },
    resources: {
      signing: { type: "jwk:index:Jwk", properties: { alg: "EdDSA" } },
      jwks: { type: "jwk:index:JwkSet", properties: { target: { kind: "file", path: "jwks.json" }, keys: ["${signing.publicJwk}"] } },
    },
    outputs: { kid: "${signing.kid}" },
  };
  await writeFile(join(yamlProgram, "Pulumi.yaml"), JSON.stringify(project)); // JSON is YAML
  const env = home.env;
  await pulumiOk(yamlProgram, ["stack", "init", "yaml"], env);
  await pulumiOk(yamlProgram, ["up", "--yes"], env);
  const kid = (await stackOutputs(yamlProgram, env)).kid;
  const published = JSON.parse(await readFile(join(yamlProgram, "jwks.json"), "utf8")) as { keys: { kid: string }[] };
  assert.deepEqual(
    published.keys.map((k) => k.kid),
    [kid],
  );
  await pulumiOk(yamlProgram, ["preview", "--expect-no-changes"], env);
  await pulumiOk(yamlProgram, ["destroy", "--yes"], env);
  await pulumiOk(yamlProgram, ["stack", "rm", "--yes", "yaml"], env);
});
