/**
 * Nothing lost under concurrency, under the real engine: several JwkSets on one file in one program (the
 * engine runs them in parallel in one provider process), and two stacks in additive mode running 100 ups
 * against one file at the same time (two CLI processes, 50 ups each) while a watcher samples the file; a lock
 * left behind by a killed process does not block an up.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdir, readFile, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { JwkSet, type PublicJwk } from "pulumi-jwk";
import { newStack } from "./harness";
import { ecKey, kidsIn } from "./plain-keys";

/** One additive JwkSet per entry of `sets` (name -> keys), all on `path`. */
function program(path: string, sets: Record<string, PublicJwk[]>) {
  return async () => {
    const drift: Record<string, unknown> = {};
    for (const [name, keys] of Object.entries(sets))
      drift[`${name}Drift`] = new JwkSet(name, { target: { kind: "file", path }, keys, mode: "additive" }).drift;
    return drift;
  };
}

test("several JwkSets on one file in one program: none loses another's keys on create, rotation and removal", async () => {
  const { stack, dir, dispose } = await newStack("conc-one-program", async () => ({}));
  const path = join(dir, "jwks.json");
  const round = (r: number, names: string[]) =>
    Object.fromEntries(names.map((n): [string, PublicJwk[]] => [n, [ecKey(`${n}-${r}-x`), ecKey(`${n}-${r}-y`)]]));
  const kidsOf = (sets: Record<string, PublicJwk[]>) =>
    Object.values(sets)
      .flat()
      .map((k) => k.kid)
      .sort();
  try {
    const names = ["a", "b", "c", "d", "e", "f"];
    const first = round(1, names);
    const up = await stack.up({ program: program(path, first) });
    assert.equal(up.summary.resourceChanges?.create, 7);
    assert.deepEqual(await kidsIn(path), kidsOf(first), "a JwkSet created in parallel overwrote another's keys");

    const second = round(2, names); // every set rotates both keys at once: six parallel updates
    await stack.up({ program: program(path, second) });
    assert.deepEqual(await kidsIn(path), kidsOf(second));

    const third = round(2, ["a", "c", "e"]); // three sets removed (parallel deletes) while the others stay
    await stack.up({ program: program(path, third) });
    assert.deepEqual(await kidsIn(path), kidsOf(third));
  } finally {
    await dispose();
  }
});

test("a lock left by a killed process (not refreshed for a minute) is taken over: up publishes", async () => {
  const { stack, dir, dispose } = await newStack("conc-stale-lock", async () => ({}));
  const path = join(dir, "jwks.json");
  try {
    await mkdir(`${path}.lock`); // what proper-lockfile leaves behind when its process is killed
    const old = new Date(Date.now() - 60_000);
    await utimes(`${path}.lock`, old, old);
    // Not taken over, the up would fail after the 30 s bound with ERR_JWKS_LOCKED.
    await stack.up({ program: program(path, { jwks: [ecKey("k")] }) });
    assert.deepEqual(await kidsIn(path), ["k"]);
    assert.equal(existsSync(`${path}.lock`), false, "the lock is released after the up");
  } finally {
    await dispose();
  }
});

test("two stacks, 50 ups each at the same time on one file (additive): no key lost, none resurrected", async (t) => {
  const ups = Number(process.env.JWK_CONCURRENT_UPS ?? 50);
  const one = await newStack("conc-stack1", async () => ({}));
  const two = await newStack("conc-stack2", async () => ({}));
  const path = join(one.dir, "jwks.json");
  const partner = ecKey("partner"); // a key neither stack owns
  await writeFile(path, JSON.stringify({ keys: [partner] }));

  // The watcher: every snapshot must hold the partner's key and exactly one key of each stack that has
  // published, and a stack's key number never goes back (a stale write would resurrect an older key).
  const anomalies: string[] = [];
  const latest = new Map<string, number>();
  let snapshots = 0;
  const sample = async () => {
    const kids = await kidsIn(path).catch((e: Error) => [`unreadable: ${e.message}`]);
    snapshots++;
    if (!kids.includes("partner")) anomalies.push(`partner key missing: ${kids.join(",")}`);
    for (const s of ["s1", "s2"]) {
      const mine = kids.filter((k) => k.startsWith(`${s}-`)).map((k) => Number(k.slice(3)));
      const seen = latest.get(s);
      if (mine.length === 0 && seen !== undefined) anomalies.push(`${s} has no key (last seen ${s}-${seen})`);
      if (mine.length > 1) anomalies.push(`${s} has ${mine.length} keys: ${mine.join(",")}`);
      if (mine.length === 1) {
        if (seen !== undefined && mine[0]! < seen) anomalies.push(`${s}-${mine[0]} came back after ${s}-${seen}`);
        latest.set(s, Math.max(seen ?? 0, mine[0]!));
      }
    }
  };
  let watching = true;
  const watcher = (async () => {
    while (watching) {
      await sample();
      await new Promise((r) => setTimeout(r, 20));
    }
  })();

  const run = async (name: string, stack: typeof one.stack) => {
    const missing: string[] = [];
    for (let i = 0; i < ups; i++) {
      const up = await stack.up({ program: program(path, { jwks: [ecKey(`${name}-${i}`)] }) });
      const drift = up.outputs.jwksDrift?.value as { missing: string[] } | undefined;
      missing.push(...(drift?.missing ?? []));
    }
    return missing;
  };
  const started = Date.now();
  try {
    const results = await Promise.all([run("s1", one.stack), run("s2", two.stack)]);
    const seconds = (Date.now() - started) / 1000;
    watching = false;
    await watcher;
    await sample();
    const final = await kidsIn(path);
    const expected = ["partner", `s1-${ups - 1}`, `s2-${ups - 1}`].sort();
    const lost = expected.filter((k) => !final.includes(k)).length + results.flat().length;
    t.diagnostic(
      `${2 * ups} ups (2 stacks x ${ups}, concurrent) in ${seconds.toFixed(1)} s; ${snapshots} snapshots; ` +
        `keys lost: ${lost}; stale keys left: ${final.filter((k) => !expected.includes(k)).length}; anomalies: ${anomalies.length}`,
    );
    assert.deepEqual(anomalies, []);
    assert.deepEqual(final, expected);
    assert.equal(lost, 0);
    const owners = JSON.parse(await readFile(`${path}.owners.json`, "utf8")) as { owners: Record<string, string[]> };
    assert.deepEqual(Object.keys(owners.owners).sort(), [`s1-${ups - 1}`, `s2-${ups - 1}`]);
  } finally {
    watching = false;
    await watcher;
    await two.dispose();
    await one.dispose();
  }
});
