/**
 * The JwkSet resource's behaviour against a real file target in a temporary directory: publish (exclusive and
 * additive), drift, update-versus-replace, withdraw, and atomic writes.
 */
import { jwkSetInputFailures } from "../../../provider/resources/jwkset/check";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { describeKey, generateKey, type PublicJwk } from "../../../provider/core/keys/material";
import { diffKeySet, publishKeySet, refreshKeySet, withdrawKeySet, type JwkSetOutputs } from "../../../provider/resources/jwkset/logic";
import { driftOf } from "../../../provider/core/jwks/drift";
import { fileTarget, writeFileAtomic } from "../../../provider/targets/file/file";
import type { FileTargetConfig } from "../../../provider/targets/types";

let k1: PublicJwk;
let k2: PublicJwk;
let k3: PublicJwk;
let stranger: PublicJwk;

let dir: string;
let path: string;
let target: FileTargetConfig;

beforeAll(async () => {
  const make = async (alg: string, kid: string) => (await describeKey(await generateKey({ alg }), { alg, use: "sig", kid })).publicJwk;
  [k1, k2, k3, stranger] = await Promise.all([
    make("ES256", "k1"),
    make("EdDSA", "k2"),
    make("ES384", "k3"),
    make("ES256", "someone-else"),
  ]);
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "jwkset-logic-"));
  path = join(dir, "jwks.json");
  target = { kind: "file", path };
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The file as a list of keys (raw JSON, no normalisation), or undefined when there is no file. */
async function fileKeys(): Promise<Record<string, unknown>[] | undefined> {
  if (!existsSync(path)) return undefined;
  return (JSON.parse(await readFile(path, "utf8")) as { keys: Record<string, unknown>[] }).keys;
}

const byKid = (keys: readonly Record<string, unknown>[]) => [...keys].sort((a, b) => String(a.kid).localeCompare(String(b.kid)));

async function writeRaw(keys: readonly Record<string, unknown>[]): Promise<void> {
  await writeFile(path, JSON.stringify({ keys }));
}

const noDrift = { missing: [], changed: [], unexpected: [] };

describe("publishKeySet", () => {
  test("exclusive writes exactly the declared keys, replacing whatever was there", async () => {
    await writeRaw([stranger, { ...k1, use: "enc" }]);
    const out = await publishKeySet({ target, keys: [k2, k1], mode: "exclusive" }, []);
    expect(byKid((await fileKeys())!)).toEqual(byKid([k1, k2]));
    expect(out).toEqual({
      target,
      mode: "exclusive",
      keys: [k1, k2],
      kids: ["k1", "k2"],
      inactiveKids: [],
      drift: noDrift,
      foreignKids: [],
    });
  });

  test("exclusive creates the file (and its directory) when there is none", async () => {
    const nested: FileTargetConfig = { kind: "file", path: join(dir, "public", ".well-known", "jwks.json") };
    await publishKeySet({ target: nested, keys: [k3], mode: "exclusive" }, []);
    const text = await readFile(nested.path, "utf8");
    expect((JSON.parse(text) as { keys: unknown[] }).keys).toEqual([k3]);
  });

  test("publishing the same set again writes byte-identical text", async () => {
    await publishKeySet({ target, keys: [k1, k2, k3], mode: "exclusive" }, []);
    const first = await readFile(path, "utf8");
    await publishKeySet({ target, keys: [k3, k1, k2], mode: "exclusive" }, ["k1", "k2", "k3"]);
    expect(await readFile(path, "utf8")).toBe(first);
  });

  test("additive (the default) keeps a stranger key", async () => {
    await writeRaw([stranger]);
    const out = await publishKeySet({ target, keys: [k1] }, []);
    expect(byKid((await fileKeys())!)).toEqual(byKid([k1, stranger]));
    expect(out.mode).toBe("additive");
    expect(out.kids).toEqual(["k1"]);
    expect(out.foreignKids).toEqual(["someone-else"]);
    expect(out.drift).toEqual(noDrift);
  });

  test("additive removes keys it owned and no longer declares, not the stranger's", async () => {
    await writeRaw([stranger]);
    await publishKeySet({ target, keys: [k1, k2], mode: "additive" }, []);
    const out = await publishKeySet({ target, keys: [k2, k3], mode: "additive" }, ["k1", "k2"]);
    expect(byKid((await fileKeys())!)).toEqual(byKid([k2, k3, stranger]));
    expect(out.kids).toEqual(["k2", "k3"]);
  });

  test("additive refuses to give a stranger's key a second kid, and leaves the file alone", async () => {
    await writeRaw([stranger]);
    const before = await readFile(path, "utf8");
    await expect(publishKeySet({ target, keys: [{ ...stranger, kid: "mine-now" }] }, [])).rejects.toMatchObject({
      code: "ERR_JWKS_TARGET",
    });
    expect(await readFile(path, "utf8")).toBe(before);
  });

  test("invalid inputs are refused before the target is touched", async () => {
    await expect(publishKeySet({ target, keys: [k1, { ...k2, d: "AQAB" }], mode: "exclusive" }, [])).rejects.toMatchObject({
      code: "ERR_JWK_INVALID_INPUT",
      failures: [{ property: "keys[1].d", reason: expect.any(String) }],
    });
    await expect(publishKeySet({ target, keys: [k1], mode: "sideways" as "exclusive" }, [])).rejects.toMatchObject({
      failures: [expect.objectContaining({ property: "mode" })],
    });
    expect(existsSync(path)).toBe(false);
  });

  test("jwkSetInputFailures names target, mode and keys problems and skips unknowns", async () => {
    const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const props = async (inputs: Parameters<typeof jwkSetInputFailures>[0]) => (await jwkSetInputFailures(inputs)).map((f) => f.property);
    expect(await props({ target, keys: [k1] })).toEqual([]);
    expect(await props({ target: { kind: "s3" } as unknown as FileTargetConfig, keys: [k1] })).toEqual(["target.kind"]);
    expect(await props({ target: { kind: "file", path: "" }, keys: [k1] })).toEqual(["target.path"]);
    expect(await props({ target, keys: "k1" as unknown as PublicJwk[] })).toEqual(["keys"]);
    expect(await props({ target, keys: [k1, { ...k2, kid: "k1" }] })).toEqual(["keys[1].kid"]);
    expect(
      await props({ target: { kind: "file", path: UNKNOWN }, keys: UNKNOWN as unknown as PublicJwk[], mode: UNKNOWN as "exclusive" }),
    ).toEqual([]);
  });
});

describe("driftOf and refreshKeySet", () => {
  test("regression: a repeated kid in the live set is judged like diffKeySets does (first is ours, the repeat unexpected)", async () => {
    const [a] = await Promise.all([describeKey(await generateKey({ alg: "ES256" }), { alg: "ES256", use: "sig", kid: "a" })]);
    const other = (await describeKey(await generateKey({ alg: "ES256" }), { alg: "ES256", use: "sig", kid: "a" })).publicJwk;
    expect(driftOf([a!.publicJwk], [a!.publicJwk, other], "exclusive").drift).toEqual({ missing: [], changed: [], unexpected: ["a"] });
  });

  test("driftOf reports missing, changed and unexpected kids (exclusive)", () => {
    const live = [k1, { ...k2, key_ops: ["verify"] }, stranger, { kty: "EC" }];
    expect(driftOf([k1, k2, k3], live, "exclusive")).toEqual({
      drift: { missing: ["k3"], changed: ["k2"], unexpected: ["someone-else", "(no kid)"] },
      foreignKids: [],
    });
  });

  test("driftOf in additive mode lists strangers as foreign, not as drift", () => {
    const live = [stranger, k1, { ...k2, x: k3.x }];
    expect(driftOf([k1, k2, k3], live, "additive")).toEqual({
      drift: { missing: ["k3"], changed: ["k2"], unexpected: [] },
      foreignKids: ["someone-else"],
    });
  });

  test("driftOf ignores member order", () => {
    const reordered = Object.fromEntries(Object.entries(k1).reverse());
    expect(driftOf([k1], [reordered], "exclusive").drift).toEqual(noDrift);
  });

  test("refreshKeySet sees an edit made behind the stack's back", async () => {
    const olds = await publishKeySet({ target, keys: [k1, k2], mode: "exclusive" }, []);
    expect((await refreshKeySet(olds))!.drift).toEqual(noDrift);
    await writeRaw([{ ...k1, alg: "ES384" }, stranger]);
    const read = (await refreshKeySet(olds))!;
    expect(read.drift).toEqual({ missing: ["k2"], changed: ["k1"], unexpected: ["someone-else"] });
    expect(read.keys).toEqual(olds.keys);
  });

  test("refreshKeySet normalises vendor quirks instead of reporting them as drift", async () => {
    const olds = await publishKeySet({ target, keys: [k1], mode: "exclusive" }, []);
    await writeRaw([{ ...k1, n: null, e: "" }]);
    expect((await refreshKeySet(olds))!.drift).toEqual(noDrift);
  });
});

describe("diffKeySet", () => {
  let olds: JwkSetOutputs;
  beforeEach(async () => {
    olds = await publishKeySet({ target, keys: [k1, k2], mode: "exclusive" }, []);
  });

  test("same inputs (in any order) and no drift: no changes", () => {
    expect(diffKeySet(olds, { target, keys: [k2, k1], mode: "exclusive" })).toEqual({ changes: false, replaces: [] });
  });

  test("non-empty drift means changes, in place", () => {
    for (const drift of [
      { missing: ["k2"], changed: [], unexpected: [] },
      { missing: [], changed: ["k1"], unexpected: [] },
      { missing: [], changed: [], unexpected: ["x"] },
    ]) {
      expect(diffKeySet({ ...olds, drift }, { target, keys: [k1, k2], mode: "exclusive" })).toEqual({ changes: true, replaces: [] });
    }
  });

  test("new keys or a new mode update in place", () => {
    expect(diffKeySet(olds, { target, keys: [k1, k2, k3], mode: "exclusive" })).toEqual({ changes: true, replaces: [] });
    expect(diffKeySet(olds, { target, keys: [k1, { ...k2, key_ops: ["verify"] }], mode: "exclusive" })).toEqual({
      changes: true,
      replaces: [],
    });
    expect(diffKeySet(olds, { target, keys: [k1, k2] })).toEqual({ changes: true, replaces: [] }); // default is additive
  });

  test("a new target replaces", () => {
    expect(diffKeySet(olds, { target: { kind: "file", path: join(dir, "other.json") }, keys: [k1, k2], mode: "exclusive" })).toEqual({
      changes: true,
      replaces: ["target"],
    });
  });
});

describe("withdrawKeySet", () => {
  test("removes only the owned kids", async () => {
    await writeRaw([stranger]);
    const olds = await publishKeySet({ target, keys: [k1, k2], mode: "additive" }, []);
    await withdrawKeySet(olds);
    expect(await fileKeys()).toEqual([stranger]);
  });

  test("deletes the file when it becomes empty", async () => {
    const olds = await publishKeySet({ target, keys: [k1, k2], mode: "exclusive" }, []);
    expect(existsSync(path)).toBe(true);
    await withdrawKeySet(olds);
    expect(existsSync(path)).toBe(false);
    expect(await readdir(dir)).toEqual([]);
    // Withdrawing again (nothing there) is fine.
    await withdrawKeySet(olds);
    expect(existsSync(path)).toBe(false);
  });

  test("leaves a key that took an owned key's place under another kid alone", async () => {
    const olds = await publishKeySet({ target, keys: [k1], mode: "additive" }, []);
    await writeRaw([{ ...k1, kid: "renamed-by-hand" }]);
    await withdrawKeySet(olds);
    expect(await fileKeys()).toEqual([{ ...k1, kid: "renamed-by-hand" }]);
  });
});

describe("atomic file writes", () => {
  test("no temporary file is left behind after publish, update and withdraw", async () => {
    const olds = await publishKeySet({ target, keys: [k1, k2], mode: "exclusive" }, []);
    expect(await readdir(dir)).toEqual(["jwks.json"]);
    await publishKeySet({ target, keys: [k3], mode: "exclusive" }, olds.kids);
    expect(await readdir(dir)).toEqual(["jwks.json"]);
    await writeRaw([stranger, k3]);
    await withdrawKeySet({ ...olds, kids: ["k3"] });
    expect(await readdir(dir)).toEqual(["jwks.json"]);
    expect(await fileKeys()).toEqual([stranger]);
  });

  test("a failed write removes its temporary file and keeps nothing half-written", async () => {
    const blocked = join(dir, "blocked");
    await mkdir(join(blocked, "not-empty"), { recursive: true }); // rename over a non-empty directory fails
    await expect(writeFileAtomic(blocked, "{}\n")).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(["blocked"]);
    expect(await readdir(blocked)).toEqual(["not-empty"]);
  });

  test("a failed publish through the target is a target error and leaves no temporary file", async () => {
    await mkdir(join(path, "not-empty"), { recursive: true }); // jwks.json is a directory
    const t = fileTarget(target);
    await expect(t.replaceAll([k1])).rejects.toMatchObject({ code: "ERR_JWKS_TARGET", operation: "write" });
    expect(await readdir(dir)).toEqual(["jwks.json"]);
  });
});
