/**
 * Exact ownership without the engine: the pure rules (soleOwned, withClaims), the owners record beside a
 * file (format, deterministic text, a broken record named with its fix), and publish / withdraw on a file
 * target with several owners, as the engine would call them.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import type { JwkError } from "../../../provider/errors";
import { describeKey, generateKey, type PublicJwk } from "../../../provider/core/keys/material";
import {
  forgetDeclarations,
  ownershipOn,
  recordDeclaration,
  recordDeletion,
  sharedWithAfter,
  soleOwned,
  withClaims,
  type Ownership,
  adoptersOf,
  recordAdoption,
} from "../../../provider/resources/jwkset/claims";
import { adoptedFromDeletedNotice } from "../../../provider/resources/jwkset/unrecorded-share";
import { publishKeySet, withdrawKeySet } from "../../../provider/resources/jwkset/logic";
import { fileTarget } from "../../../provider/targets/file/file";
import type { Owners } from "../../../provider/targets/capabilities";
import { fileOwnersRecord, serialiseOwners } from "../../../provider/targets/file/owners";
import type { FileTargetConfig } from "../../../provider/targets/types";

const none: Ownership = { declared: new Set() };

describe("soleOwned", () => {
  const owners: Owners = new Map([
    ["shared", ["me", "you"]],
    ["mine", ["me"]],
  ]);
  test("a kid another owner claims in the record is not mine to touch", () => {
    expect(soleOwned(["shared", "mine", "unrecorded"], new Set(), { ownerId: "me", declared: new Set() }, owners)).toEqual([
      "mine",
      "unrecorded",
    ]);
  });
  test("a kid declared in this deployment is kept, unless this resource is the one declaring it", () => {
    const ownership = { ownerId: "me", declared: new Set(["mine", "unrecorded"]) };
    expect(soleOwned(["mine", "unrecorded"], new Set(), ownership, owners)).toEqual([]);
    expect(soleOwned(["mine", "unrecorded"], new Set(["mine", "unrecorded"]), ownership, owners)).toEqual(["mine", "unrecorded"]);
  });
  test("without an owner id (state from before owner ids) every recorded claim is someone else's", () => {
    expect(soleOwned(["shared", "mine", "unrecorded"], new Set(), none, owners)).toEqual(["unrecorded"]);
  });
});

describe("withClaims", () => {
  const owners: Owners = new Map([
    ["a", ["me", "you"]],
    ["b", ["me"]],
  ]);
  test("sets an owner's claims exactly, keeping others'", () => {
    expect(withClaims(owners, "me", ["c"])).toEqual(
      new Map([
        ["a", ["you"]],
        ["c", ["me"]],
      ]),
    );
  });
  test("only: add keeps the owner's other claims (staked before a write)", () => {
    expect(withClaims(owners, "me", ["c"], { only: "add" })).toEqual(new Map([...owners, ["c", ["me"]]]));
  });
  test("claims on kids the target no longer holds are dropped", () => {
    expect(withClaims(owners, "you", ["a"], { liveKids: new Set(["a"]) })).toEqual(new Map([["a", ["me", "you"]]]));
  });
});

describe("owners record beside a file", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "jwk-owners-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  test("round-trips, sorted, and an empty record removes the file", async () => {
    const path = join(dir, "jwks.json");
    const record = fileOwnersRecord(path, "file x", async (p, text) => writeFile(p, text));
    expect(await record.read()).toEqual(new Map());
    await record.write(
      new Map([
        ["z", ["2", "1"]],
        ["a", ["3"]],
        ["gone", []],
      ]),
    );
    const text = await readFile(`${path}.owners.json`, "utf8");
    expect(Object.keys(JSON.parse(text).owners)).toEqual(["a", "z"]);
    expect(JSON.parse(text).owners.z).toEqual(["1", "2"]);
    expect(text).toBe(serialiseOwners(await record.read()));
    await record.write(new Map([["a", []]]));
    expect(existsSync(`${path}.owners.json`)).toBe(false);
  });

  test("a broken record is an error naming the file and the fix", async () => {
    const path = join(dir, "jwks.json");
    await writeFile(`${path}.owners.json`, "{not json");
    const e = (await fileOwnersRecord(path, "file x", writeFile)
      .read()
      .catch((x: unknown) => x)) as JwkError;
    expect(e.code).toBe("ERR_JWKS_TARGET");
    expect(e.message).toContain(`${path}.owners.json is not JSON; delete it`);
    await writeFile(`${path}.owners.json`, JSON.stringify({ owners: { k: "me" } }));
    await expect(fileOwnersRecord(path, "file x", writeFile).read()).rejects.toThrow(/owners of "k" that are not an array/);
  });
});

describe("publish and withdraw with several owners on one file", () => {
  let dir: string;
  let target: FileTargetConfig;
  let k: PublicJwk;
  let ka: PublicJwk;
  beforeAll(async () => {
    const make = async (kid: string) =>
      (await describeKey(await generateKey({ alg: "ES256" }), { alg: "ES256", use: "sig", kid })).publicJwk;
    [k, ka] = await Promise.all([make("k"), make("ka")]);
  });
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "jwk-claims-"));
    target = { kind: "file", path: join(dir, "jwks.json") };
    forgetDeclarations();
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const kids = async () => (await fileTarget(target).list()).map((x) => x.kid).sort();
  const owners = async () => JSON.parse(await readFile(`${target.path}.owners.json`, "utf8")).owners;

  test("a key two owners published stays until the second withdraws it", async () => {
    const a = await publishKeySet({ target, keys: [k, ka] }, [], undefined, undefined, { ownerId: "A", declared: new Set() });
    const b = await publishKeySet({ target, keys: [k] }, [], undefined, undefined, { ownerId: "B", declared: new Set() });
    expect(a.ownerId).toBe("A");
    expect(await owners()).toEqual({ k: ["A", "B"], ka: ["A"] });

    await withdrawKeySet(a, undefined, undefined, { ownerId: "A", declared: new Set() });
    expect(await kids()).toEqual(["k"]);
    expect(await owners()).toEqual({ k: ["B"] });

    await withdrawKeySet(b, undefined, undefined, { ownerId: "B", declared: new Set() });
    expect(await kids()).toEqual([]);
    expect(existsSync(`${target.path}.owners.json`)).toBe(false);
  });

  test("an update that drops a kid another owner claims keeps it and drops only its own claim", async () => {
    const a = await publishKeySet({ target, keys: [k, ka] }, [], undefined, undefined, { ownerId: "A", declared: new Set() });
    await publishKeySet({ target, keys: [k] }, [], undefined, undefined, { ownerId: "B", declared: new Set() });
    const a2 = await publishKeySet({ target, keys: [ka] }, a.kids, undefined, undefined, { ownerId: "A", declared: new Set() });
    expect(await kids()).toEqual(["k", "ka"]);
    expect(await owners()).toEqual({ k: ["B"], ka: ["A"] });
    expect(a2.foreignKids).toEqual(["k"]);
  });

  test("a kid declared in this deployment (check) is not withdrawn by a resource being deleted, even without a record", async () => {
    const old = await publishKeySet({ target, keys: [k, ka] }, []); // state from before owner ids: no record
    recordDeclaration({ target, keys: [k] }); // the renamed resource, checked before the delete
    await withdrawKeySet(old, undefined, undefined, ownershipOn(target, old.ownerId));
    expect(await kids()).toEqual(["k"]);
  });

  test("changing a key another owner also declares is refused, not overwritten", async () => {
    await publishKeySet({ target, keys: [k] }, [], undefined, undefined, { ownerId: "B", declared: new Set() });
    const a = await publishKeySet({ target, keys: [k] }, [], undefined, undefined, { ownerId: "A", declared: new Set() });
    const changed: PublicJwk = { ...k, key_ops: ["verify"] };
    await expect(
      publishKeySet({ target, keys: [changed] }, a.kids, undefined, undefined, { ownerId: "A", declared: new Set() }),
    ).rejects.toThrow(/already published with other content/);
    expect((await fileTarget(target).list())[0]!.key_ops).toBeUndefined();
  });
});

describe("co-declarers recorded in state (targets without an owners record)", () => {
  const okta = { kind: "okta", orgUrl: "https://acme.okta.com", appId: "0oa1" } as const;
  const [A, B, C] = ["urn:a", "urn:b", "urn:c"];
  beforeEach(() => forgetDeclarations());

  test("a write records, per kid, the other resources this run saw declare it", () => {
    recordDeclaration({ target: okta, keys: [{ kid: "k" }, { kid: "ka" }], __urn: A });
    recordDeclaration({ target: okta, keys: [{ kid: "k" }, { kid: "kb" }], __urn: B });
    expect(sharedWithAfter(okta, A, ["k", "ka"], undefined, false)).toEqual({ k: [B] });
    expect(sharedWithAfter(okta, C, ["kc"], undefined, false)).toBeUndefined();
  });

  test("kids declared by the other resources of the deployment, not by this one (what a publish may adopt)", () => {
    recordDeclaration({ target: okta, keys: [{ kid: "k" }, { kid: "ka" }], __urn: A });
    recordDeclaration({ target: okta, keys: [{ kid: "k" }, { kid: "kb" }], __urn: B });
    expect([...ownershipOn(okta, "A", { urn: A }).declaredByOthers!].sort()).toEqual(["k", "kb"]);
    // Without its URN a resource cannot tell its own declaration apart: every kid counts as another's.
    expect([...ownershipOn(okta, "A").declaredByOthers!].sort()).toEqual(["k", "ka", "kb"]);
    expect(ownershipOn(okta, "A", { urn: A, adopted: ["k"] }).adopted).toEqual(["k"]);
  });

  test("adoptions in this run are recorded per kid, so a deleted resource can name who adopted its kids (rename without alias)", () => {
    recordAdoption(okta, B, ["k"]);
    recordAdoption(okta, undefined, ["ka"]);
    expect(adoptersOf(okta, "k", A)).toEqual([B]);
    expect(adoptersOf(okta, "k", B)).toEqual([]);
    expect(adoptersOf(okta, "ka", A)).toEqual([]);
    expect(adoptersOf({ ...okta, appId: "0oa2" }, "k", A)).toEqual([]);
    expect(adoptedFromDeletedNotice("okta app", "k", [B])).toMatch(/key k stays: urn:b found it published by this resource .*`aliases`/);
  });

  test("a targeted run keeps recorded co-declarers it did not check; a whole-program run rewrites them from its checks", () => {
    recordDeclaration({ target: okta, keys: [{ kid: "ka" }], __urn: A }); // only a checked (up --target a)
    expect(sharedWithAfter(okta, A, ["k", "ka"], { k: [B] }, true)).toEqual({ k: [B] });
    expect(sharedWithAfter(okta, A, ["k", "ka"], { k: [B] }, false)).toBeUndefined();
  });

  test("destroy --target: a kid a co-declarer this run did not check was recorded to declare stays", () => {
    const ownership = ownershipOn(okta, "A", { urn: A, sharedWith: { k: [B] }, targeted: true });
    expect(ownership.unknownDeclarers).toEqual(new Map([["k", [B]]]));
    expect(soleOwned(["k", "ka"], new Set(), ownership, new Map())).toEqual(["ka"]);
  });

  test("the record is not consulted when the co-declarer is checked, is being deleted, the run is whole, or the target keeps owners", () => {
    expect(ownershipOn(okta, "A", { urn: A, sharedWith: { k: [B] }, targeted: false }).unknownDeclarers).toBeUndefined();
    expect(ownershipOn(okta, "A", { urn: A, sharedWith: { k: [B] }, targeted: true, ownersRecord: true }).unknownDeclarers).toBeUndefined();
    recordDeletion(okta, B); // destroy --target a --target b: whichever goes second withdraws k
    expect(ownershipOn(okta, "A", { urn: A, sharedWith: { k: [B] }, targeted: true }).unknownDeclarers).toBeUndefined();
    forgetDeclarations();
    recordDeclaration({ target: okta, keys: [{ kid: "kb" }], __urn: B }); // b checked, no longer declares k
    const checked = ownershipOn(okta, "A", { urn: A, sharedWith: { k: [B] }, targeted: true });
    expect(soleOwned(["k"], new Set(), checked, new Map())).toEqual(["k"]);
  });
});
