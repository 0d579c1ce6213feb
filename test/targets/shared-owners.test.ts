/**
 * The owners record a user points several stacks at (targets/shared-owners.ts): the format of
 * `<file>.owners.json` with the target's name in it, written under the record's own lock, removed when empty.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { sharedOwnersRecord } from "../../provider/targets/shared-owners";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "shared-owners-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

test("claims round-trip through the file, which names the target; an empty record removes itself", async () => {
  const path = join(dir, "app.owners.json");
  const shared = sharedOwnersRecord(path, "okta https://acme.okta.com app 0oa1");
  expect(shared.owners.location).toBe(path);
  await shared.withLock(() => shared.owners.write(new Map([["k", ["b", "a"]]])));
  const doc = JSON.parse(await readFile(path, "utf8")) as { target: string; owners: Record<string, string[]> };
  expect(doc.target).toBe("okta https://acme.okta.com app 0oa1");
  expect(doc.owners).toEqual({ k: ["a", "b"] });
  // Another process (here: another record object on the same path) reads the same claims.
  expect(await sharedOwnersRecord(path, "x").owners.read()).toEqual(new Map([["k", ["a", "b"]]]));
  await shared.owners.write(new Map());
  expect(existsSync(path)).toBe(false);
});

test("the lock is the record's own: a second holder waits for the first", async () => {
  const path = join(dir, "app.owners.json");
  const order: string[] = [];
  const [a, b] = [sharedOwnersRecord(path, "t"), sharedOwnersRecord(path, "t")];
  let release!: () => void;
  const first = a.withLock(async () => {
    order.push("a in");
    await new Promise<void>((r) => (release = r));
    order.push("a out");
  });
  await new Promise((r) => setTimeout(r, 50));
  const second = b.withLock(async () => {
    order.push("b in");
  });
  await new Promise((r) => setTimeout(r, 100));
  release();
  await Promise.all([first, second]);
  expect(order).toEqual(["a in", "a out", "b in"]);
});
