/**
 * Exact ownership under the real engine: a key is withdrawn only when no resource declares it any more.
 * File target: a rename without alias (the engine creates the new resource, then deletes the old one), a
 * rename with alias, two resources publishing one key, a replace of the target while another resource still
 * declares the key on the old file, and the destroy of one of two stacks in additive mode (the owners record
 * beside the file). Each of these lost a key before ownership was tracked.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { JwkSet, type PublicJwk } from "pulumi-jwk";
import { newStack } from "./harness";
import { ecKey, kidsIn } from "./plain-keys";

type Sets = Record<string, { path: string; keys: PublicJwk[]; alias?: string }>;

/** One additive JwkSet per entry, named by the entry. */
function program(sets: Sets) {
  return async () => {
    for (const [name, s] of Object.entries(sets))
      new JwkSet(
        name,
        { target: { kind: "file", path: s.path }, keys: s.keys, mode: "additive" },
        s.alias ? { aliases: [{ name: s.alias }] } : {},
      );
    return {};
  };
}

test("rename without alias keeps the key (create new, then delete old); rename with alias too", async () => {
  const { stack, dir, dispose } = await newStack("own-rename", async () => ({}));
  const path = join(dir, "jwks.json");
  const k = ecKey("k");
  try {
    await stack.up({ program: program({ a: { path, keys: [k] } }) });
    assert.deepEqual(await kidsIn(path), ["k"]);

    const renamed = await stack.up({ program: program({ b: { path, keys: [k] } }) });
    assert.deepEqual(renamed.summary.resourceChanges, { create: 1, delete: 1, same: 1 });
    assert.deepEqual(await kidsIn(path), ["k"], "deleting the old name withdrew a key the new name declares");

    const aliased = await stack.up({ program: program({ c: { path, keys: [k], alias: "b" } }) });
    assert.equal(aliased.summary.resourceChanges?.delete, undefined);
    assert.deepEqual(await kidsIn(path), ["k"]);
    await stack.preview({ program: program({ c: { path, keys: [k], alias: "b" } }), expectNoChanges: true });

    await stack.destroy();
    assert.deepEqual(await kidsIn(path), [], "the last declarer's destroy withdraws the key");
    assert.equal(existsSync(`${path}.owners.json`), false, "an empty owners record is removed");
  } finally {
    await dispose();
  }
});

test("two resources publishing one key: dropping it from one, or removing one, keeps it", async () => {
  const { stack, dir, dispose } = await newStack("own-shared", async () => ({}));
  const path = join(dir, "jwks.json");
  const [k, ka, kb] = [ecKey("k"), ecKey("ka"), ecKey("kb")];
  try {
    await stack.up({ program: program({ a: { path, keys: [k, ka] }, b: { path, keys: [k, kb] } }) });
    assert.deepEqual(await kidsIn(path), ["k", "ka", "kb"]);
    const record = JSON.parse(await readFile(`${path}.owners.json`, "utf8")) as { owners: Record<string, string[]> };
    assert.equal(record.owners.k!.length, 2, "both resources claim k");

    // a no longer declares k (an update): b still does.
    await stack.up({ program: program({ a: { path, keys: [ka] }, b: { path, keys: [k, kb] } }) });
    assert.deepEqual(await kidsIn(path), ["k", "ka", "kb"], "an update of a withdrew a key b declares");

    // b removed (a delete) while a declares k again: k stays, kb goes.
    const removed = await stack.up({ program: program({ a: { path, keys: [k, ka] } }) });
    assert.equal(removed.summary.resourceChanges?.delete, 1);
    assert.deepEqual(await kidsIn(path), ["k", "ka"]);

    // Nobody declares k any more: it goes.
    await stack.up({ program: program({ a: { path, keys: [ka] } }) });
    assert.deepEqual(await kidsIn(path), ["ka"]);
  } finally {
    await dispose();
  }
});

test("a replace of the target publishes to the new file and keeps the key on the old one while another resource declares it", async () => {
  const { stack, dir, dispose } = await newStack("own-replace", async () => ({}));
  const [f1, f2] = [join(dir, "one.json"), join(dir, "two.json")];
  const [k, kb] = [ecKey("k"), ecKey("kb")];
  try {
    await stack.up({ program: program({ a: { path: f1, keys: [k] }, b: { path: f1, keys: [k, kb] } }) });
    const moved = await stack.up({ program: program({ a: { path: f2, keys: [k] }, b: { path: f1, keys: [k, kb] } }) });
    assert.equal(moved.summary.resourceChanges?.replace, 1);
    assert.deepEqual(await kidsIn(f2), ["k"]);
    assert.deepEqual(await kidsIn(f1), ["k", "kb"], "withdrawing a from the old file took a key b declares");

    // The control: with nobody else on the old file, a replace withdraws from it.
    await stack.up({ program: program({ a: { path: f1, keys: [k] }, b: { path: f2, keys: [kb] } }) });
    assert.deepEqual(await kidsIn(f1), ["k"]);
    assert.deepEqual(await kidsIn(f2), ["kb"]);
  } finally {
    await dispose();
  }
});

test("destroying one of two stacks in additive mode keeps the other stack's keys, the one they share too", async () => {
  const one = await newStack("own-stack1", async () => ({}));
  const two = await newStack("own-stack2", async () => ({}));
  const path = join(one.dir, "shared", "jwks.json");
  const [shared, k1, k2] = [ecKey("shared"), ecKey("k1"), ecKey("k2")];
  try {
    await one.stack.up({ program: program({ jwks: { path, keys: [shared, k1] } }) });
    await two.stack.up({ program: program({ jwks: { path, keys: [shared, k2] } }) });
    assert.deepEqual(await kidsIn(path), ["k1", "k2", "shared"]);

    await one.stack.destroy();
    assert.deepEqual(await kidsIn(path), ["k2", "shared"], "stack one's destroy withdrew a key stack two declares");
    await two.stack.preview({ program: program({ jwks: { path, keys: [shared, k2] } }), expectNoChanges: true });

    await two.stack.destroy();
    assert.deepEqual(await kidsIn(path), []);
    assert.equal(existsSync(`${path}.owners.json`), false);
  } finally {
    await two.dispose();
    await one.dispose();
  }
});
