/**
 * Drift a person can read in CI, and the drift gate, under the real `pulumi` CLI in a program folder (the
 * commands a CI job runs): after a hand edit of the published JWKS file, `pulumi preview --refresh` and
 * `pulumi refresh` name each drifted kid with what the next up does, print no key material, and
 * `preview --refresh --expect-no-changes` exits non-zero; after the repairing up it exits zero.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import * as jose from "jose";
import { Jwk, JwkSet } from "pulumi-jwk";
import { newStack, ROOT, stateResources } from "./harness";

interface Run {
  status: number | null;
  /** stdout and stderr together, as a CI log shows them. */
  out: string;
}

/**
 * A program folder under the repo's .work/ (so `pulumi-jwk` and `@pulumi/pulumi` resolve from the repo's
 * node_modules), plain JS so no TypeScript compiler runs, a local file backend of its own.
 */
async function programFolder(name: string, mode: "exclusive" | "additive") {
  const dir = join(ROOT, ".work", "engine", `${name}-${randomBytes(4).toString("hex")}`);
  await mkdir(join(dir, "backend"), { recursive: true });
  await writeFile(
    join(dir, "Pulumi.yaml"),
    [
      `name: ${name}`,
      "runtime:",
      "  name: nodejs",
      "  options:",
      "    typescript: false",
      "backend:",
      `  url: file://${join(dir, "backend")}`,
      "",
    ].join("\n"),
  );
  // Without a package.json of its own the language host would run the nearest one's main: the repo's.
  await writeFile(join(dir, "package.json"), JSON.stringify({ name, private: true, main: "index.js" }));
  await writeFile(
    join(dir, "index.js"),
    [
      'const { Jwk, JwkSet } = require("pulumi-jwk");',
      'const a = new Jwk("a", { alg: "ES256" });',
      'const b = new Jwk("b", { alg: "RS256" });',
      'const c = new Jwk("c", { alg: "EdDSA" });',
      `const set = new JwkSet("jwks", { target: { kind: "file", path: "jwks.json" }, keys: [a.publicJwk, b.publicJwk, c.publicJwk], mode: "${mode}" });`,
      "exports.kids = { a: a.kid, b: b.kid, c: c.kid };",
      "exports.privateJwks = [a.privateJwk, b.privateJwk, c.privateJwk];",
      "",
    ].join("\n"),
  );
  const env = { ...process.env, PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "" };
  const pulumi = (...args: string[]): Run => {
    const r = spawnSync("pulumi", [...args, "--non-interactive", "--color=never"], { cwd: dir, env, encoding: "utf8", timeout: 180_000 });
    return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
  };
  const ok = (...args: string[]): string => {
    const r = pulumi(...args);
    assert.equal(r.status, 0, `pulumi ${args.join(" ")} failed:\n${r.out}`);
    return r.out;
  };
  ok("stack", "init", "test");
  return { dir, file: join(dir, "jwks.json"), pulumi, ok, dispose: () => disposeFolder(dir, ok) };
}

async function disposeFolder(dir: string, ok: (...args: string[]) => string) {
  try {
    ok("destroy", "--yes", "--skip-preview");
    ok("stack", "rm", "test", "--yes");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

type Key = Record<string, unknown>;

async function readKeys(file: string): Promise<Key[]> {
  return (JSON.parse(await readFile(file, "utf8")) as { keys: Key[] }).keys;
}

async function publicKey(alg: string, kid: string): Promise<Key> {
  return { ...(await jose.exportJWK((await jose.generateKeyPair(alg, { extractable: true })).publicKey)), kid, use: "sig", alg };
}

/** Every key-material value (public and private members) found in these keys. */
function materialOf(keys: readonly Key[]): string[] {
  const members = ["n", "e", "x", "y", "d", "p", "q", "dp", "dq", "qi"];
  // "AQAB" (e = 65537) is not specific to any key; the test looks for values that identify one.
  return keys.flatMap((k) => members.map((m) => k[m]).filter((v): v is string => typeof v === "string" && v.length > 8));
}

/** The lines of our drift report for one kid, e.g. `missing  "kid"  up adds it back`. */
function kidLine(state: string, kid: string, action: string): RegExp {
  return new RegExp(`${state}\\s+"${kid.replace(/[-]/g, "\\-")}"\\s+${action}`);
}

test("exclusive mode: a hand edit shows per kid in preview --refresh and refresh, the gate fails, up repairs, the gate passes", async () => {
  const f = await programFolder("drift-gate", "exclusive");
  try {
    f.ok("up", "--yes", "--skip-preview");
    const outputs = JSON.parse(f.ok("stack", "output", "--json", "--show-secrets")) as {
      kids: Record<"a" | "b" | "c", string>;
      privateJwks: Key[];
    };
    const { kids, privateJwks } = outputs;
    assert.equal(privateJwks.length, 3);
    const published = await readFile(f.file, "utf8");

    // No drift: the gate passes and nothing is reported.
    const clean = f.pulumi("preview", "--refresh", "--expect-no-changes");
    assert.equal(clean.status, 0, clean.out);
    assert.doesNotMatch(clean.out, /drift on/);

    // The hand edit: a removed, b's key material swapped for another key's (same kid), a stranger added.
    const original = await readKeys(f.file);
    const swapped = await publicKey("RS256", kids.b);
    const stranger = await publicKey("ES256", "stranger");
    await writeFile(
      f.file,
      JSON.stringify({ keys: [...original.filter((k) => k.kid !== kids.a).map((k) => (k.kid === kids.b ? swapped : k)), stranger] }),
    );

    const gate = f.pulumi("preview", "--refresh", "--expect-no-changes");
    // 7 is the CLI's exit code for "changes were proposed" (sdk cmdutil ExitNoChanges), distinct from failures.
    assert.equal(gate.status, 7, `the gate did not report drift:\n${gate.out}`);
    assert.match(gate.out, /no changes were expected/);
    assert.match(gate.out, /pulumi-nodejs:dynamic\/pulumi-jwk:JwkSet \(jwks\):/, "the report is filed under the resource");
    assert.match(gate.out, /drift on file \S*jwks\.json: 1 missing, 1 changed, 1 unexpected; the next up adds 1, restores 1, removes 1/);
    assert.match(gate.out, kidLine("missing", kids.a, "up adds it back"));
    assert.match(gate.out, kidLine("changed", kids.b, "up restores the declared key"));
    assert.match(gate.out, kidLine("unexpected", "stranger", "up removes it"));
    assert.doesNotMatch(gate.out, new RegExp(`"${kids.c}"`), "an untouched kid is not reported");
    for (const value of materialOf([...original, swapped, stranger, ...privateJwks])) {
      assert.equal(gate.out.includes(value), false, `key material printed: ${value.slice(0, 12)}...`);
    }

    // --diff: the engine's own view; our report still names each kid (on stderr).
    const diff = f.pulumi("preview", "--refresh", "--expect-no-changes", "--diff");
    assert.equal(diff.status, 7);
    assert.match(diff.out, kidLine("missing", kids.a, "up adds it back"));

    // `pulumi refresh` says the same and records the drift in state.
    const refresh = f.ok("refresh", "--yes", "--skip-preview");
    assert.match(refresh, kidLine("unexpected", "stranger", "up removes it"));
    assert.match(refresh, kidLine("changed", kids.b, "up restores the declared key"));
    for (const value of materialOf([...original, swapped, stranger, ...privateJwks])) assert.equal(refresh.includes(value), false);

    // The repairing up, then the gate passes and the report is gone.
    f.ok("up", "--yes", "--skip-preview");
    assert.equal(await readFile(f.file, "utf8"), published, "up restored the declared file byte for byte");
    const repaired = f.pulumi("preview", "--refresh", "--expect-no-changes");
    assert.equal(repaired.status, 0, repaired.out);
    assert.doesNotMatch(repaired.out, /drift on|warning/);
  } finally {
    await f.dispose();
  }
});

test("additive mode: strangers are noted as left alone and pass the gate; a missing key of ours fails it", async () => {
  const f = await programFolder("drift-additive", "additive");
  try {
    f.ok("up", "--yes", "--skip-preview");
    const kids = JSON.parse(f.ok("stack", "output", "kids", "--json")) as Record<"a" | "b" | "c", string>;
    const ours = await readKeys(f.file);

    // Thirty keys nobody here declared: a note capped at ten lines, no drift, the gate passes.
    const base = await publicKey("ES256", "partner-00");
    const strangers = Array.from({ length: 30 }, (_, i) => ({ ...base, kid: `partner-${String(i).padStart(2, "0")}` }));
    await writeFile(f.file, JSON.stringify({ keys: [...ours, ...strangers] }));
    const noted = f.pulumi("preview", "--refresh", "--expect-no-changes");
    assert.equal(noted.status, 0, `additive strangers failed the gate:\n${noted.out}`);
    assert.match(noted.out, /keys not declared here on file \S*jwks\.json: 30 unexpected; the next up leaves 30 alone/);
    assert.match(noted.out, kidLine("unexpected", "partner-00", "up leaves it alone \\(additive mode\\)"));
    assert.match(noted.out, /\.\.\. and 21 more \(21 unexpected\)/);
    assert.equal(noted.out.match(/up leaves it alone/g)?.length, 9, "the list is capped");

    // Our key removed by hand: drift, the gate fails; up restores it and keeps the strangers.
    await writeFile(f.file, JSON.stringify({ keys: [...ours.filter((k) => k.kid !== kids.c), ...strangers] }));
    const gate = f.pulumi("preview", "--refresh", "--expect-no-changes");
    assert.equal(gate.status, 7, gate.out);
    assert.match(gate.out, kidLine("missing", kids.c, "up adds it back"));
    f.ok("up", "--yes", "--skip-preview", "--refresh");
    assert.equal((await readKeys(f.file)).length, 33);
    const after = f.pulumi("preview", "--refresh", "--expect-no-changes");
    assert.equal(after.status, 0, after.out);
    // The strangers are recorded in state now (foreignKids): not news, not reported again.
    assert.doesNotMatch(after.out, /partner-00/);
  } finally {
    await f.dispose();
  }
});

test(
  "a JwkSet in a component files its report under its own URN and gains no dependency on its siblings",
  { timeout: 240_000 },
  async () => {
    const { stack, dir, dispose } = await newStack("drift-component", async () => ({}));
    // Two sets in one component, the second publishing the first's keys: had the URN input carried the parent's
    // dependencies (every sibling), the first set would wait on the second and the second on the first.
    class Keys extends pulumi.ComponentResource {
      readonly first: JwkSet;
      constructor(name: string) {
        super("test:index:Keys", name);
        const a = new Jwk(`${name}-a`, { alg: "ES256" }, { parent: this });
        this.first = new JwkSet(
          `${name}-first`,
          { target: { kind: "file", path: join(dir, "first.json") }, keys: [a.publicJwk] },
          { parent: this },
        );
        new JwkSet(`${name}-second`, { target: { kind: "file", path: join(dir, "second.json") }, keys: this.first.keys }, { parent: this });
        this.registerOutputs({});
      }
    }
    try {
      await stack.up({ program: async () => ({ urn: new Keys("keys").first.urn }) });
      const sets = stateResources(dir, "pulumi-nodejs:dynamic/pulumi-jwk:JwkSet");
      assert.equal(sets.length, 2);
      for (const r of sets) {
        assert.equal(r.outputs.__urn, r.urn, "the stored URN is the resource's own");
        assert.deepEqual(r.propertyDependencies.__urn, []);
      }
      const first = sets.find((r) => r.urn.endsWith("::keys-first"))!;
      assert.equal(
        first.dependencies.some((d: string) => d.endsWith("::keys-second")),
        false,
      );
    } finally {
      await dispose();
    }
  },
);
