/**
 * Set diffing by kid and by RFC 7638 thumbprint: worked examples of each action, then properties over random
 * desired and live sets drawn from a pool of pre-generated keys.
 */
import fc from "fast-check";
import { isDeepStrictEqual } from "node:util";
import { beforeAll, describe, expect, test } from "vitest";
import { canonicalKeys } from "../../../provider/core/jwks/document";
import { diffKeySets, sameKey, type KeySetDiff } from "../../../provider/core/jwks/diff";

/** True when the diff asks the target for nothing. */
const isEmptyDiff = (d: KeySetDiff) => d.add.length + d.remove.length + d.change.length + d.relabel.length === 0;
import { thumbprintOf } from "../../../provider/core/jwks/validate";
import { describeKey, generateKey, type PublicJwk } from "../../../provider/core/keys/material";

/** Public JWKs of distinct key material, kid = "a" .. (set in beforeAll). */
let materials: PublicJwk[];

beforeAll(async () => {
  const algs = ["ES256", "ES256", "EdDSA", "EdDSA", "ES384"];
  materials = await Promise.all(
    algs.map(async (alg, i) => (await describeKey(await generateKey({ alg }), { alg, use: "sig", kid: `k${i}` })).publicJwk),
  );
});

/** A copy of `k` under another kid (same thumbprint). */
const as = (k: PublicJwk, kid: string): PublicJwk => ({ ...k, kid });
/** What the target holds: a fresh object, members in another order (the diff must not care). */
const live = (k: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(structuredClone(k)).reverse());

/** live minus remove/change.from/relabel.from, plus add/change.to/relabel.to (object identity for the minus). */
function applied(liveSet: readonly Record<string, unknown>[], d: KeySetDiff): Record<string, unknown>[] {
  const outgoing = new Set<Record<string, unknown>>([...d.remove, ...d.change.map((c) => c.from), ...d.relabel.map((r) => r.from)]);
  return [...liveSet.filter((k) => !outgoing.has(k)), ...d.add, ...d.change.map((c) => c.to), ...d.relabel.map((r) => r.to)];
}

/** A set as sorted canonical JSON strings (a multiset: duplicates count). */
const asText = (keys: readonly Record<string, unknown>[]) =>
  canonicalKeys(keys)
    .map((k) => JSON.stringify(k))
    .sort();

const kids = (keys: readonly Record<string, unknown>[]) => keys.map((k) => k.kid);

describe("diffKeySets: each action", () => {
  test("identical sets (member order aside) give an empty diff", async () => {
    const [a, b] = materials;
    const d = diffKeySets([a!, b!], [live(b!), live(a!)], { mode: "exclusive", owned: [] });
    expect(isEmptyDiff(d)).toBe(true);
    expect(d.unchanged.sort()).toEqual([a!.kid, b!.kid].sort());
    expect(d).toMatchObject({ add: [], remove: [], change: [], relabel: [], collision: [], foreign: [] });
  });

  test("add: a desired kid the target lacks", async () => {
    const [a, b] = materials;
    const liveSet = [live(a!)];
    const d = diffKeySets([a!, b!], liveSet, { mode: "exclusive", owned: [] });
    expect(d.add).toEqual([b]);
    expect(d.unchanged).toEqual([a!.kid]);
    expect(isEmptyDiff(d)).toBe(false);
    expect(d.remove).toEqual([]);
  });

  test("remove, exclusive: every undeclared live key goes", async () => {
    const [a, b, c] = materials;
    const liveSet = [live(a!), live(b!), live(c!), { kty: "EC", kid: "broken" }, { kty: "RSA" }];
    const d = diffKeySets([a!], liveSet, { mode: "exclusive", owned: [] });
    expect(d.remove).toEqual(liveSet.slice(1));
    expect(d.foreign).toEqual([]);
    expect(d.add).toEqual([]);
  });

  test("remove, additive: only owned kids go; the rest is foreign and stays", async () => {
    const [a, b, c] = materials;
    const liveSet = [live(a!), live(b!), live(c!), { kty: "RSA" }];
    const d = diffKeySets([a!], liveSet, { mode: "additive", owned: [a!.kid, b!.kid] });
    expect(d.remove).toEqual([liveSet[1]]);
    expect(d.foreign).toEqual([liveSet[2], liveSet[3]]);
    expect(d.unchanged).toEqual([a!.kid]);
  });

  test("withdraw (nothing desired, additive) removes exactly the owned kids", async () => {
    const [a, b, c] = materials;
    const liveSet = [live(a!), live(b!), live(c!)];
    const d = diffKeySets([], liveSet, { mode: "additive", owned: [a!.kid, c!.kid, "never-published"] });
    expect(kids(d.remove)).toEqual([a!.kid, c!.kid]);
    expect(kids(d.foreign)).toEqual([b!.kid]);
  });

  test("change: same kid, other key material", async () => {
    const [a, b] = materials;
    const liveSet = [live(a!)];
    const want = as(b!, a!.kid);
    const d = diffKeySets([want], liveSet, { mode: "exclusive", owned: [] });
    expect(d.change).toEqual([{ from: liveSet[0], to: want }]);
    expect(d).toMatchObject({ add: [], remove: [], relabel: [], unchanged: [] });
  });

  test("change: same kid and material, other metadata", async () => {
    const [a] = materials;
    for (const want of [
      { ...a!, key_ops: ["verify"] },
      { ...a!, use: undefined } as PublicJwk,
      { ...a!, x5u: "https://example.com/cert" },
    ]) {
      const liveSet = [live(JSON.parse(JSON.stringify(a)) as Record<string, unknown>)];
      const d = diffKeySets([JSON.parse(JSON.stringify(want)) as PublicJwk], liveSet, { mode: "exclusive", owned: [] });
      expect(d.change).toHaveLength(1);
      expect(d.change[0]!.from).toBe(liveSet[0]);
    }
  });

  test("collision: additive, a foreign key under our kid with other content is not overwritten", async () => {
    const [a, b] = materials;
    const liveSet = [live(as(b!, "shared"))];
    const d = diffKeySets([as(a!, "shared")], liveSet, { mode: "additive", owned: [] });
    expect(d.collision).toEqual([{ live: liveSet[0], desired: as(a!, "shared") }]);
    expect(d.change).toEqual([]);
    // Once the kid is ours, the same difference is a change.
    const owned = diffKeySets([as(a!, "shared")], liveSet, { mode: "additive", owned: ["shared"] });
    expect(owned.change).toEqual([{ from: liveSet[0], to: as(a!, "shared") }]);
  });

  test("relabel: same thumbprint, new kid (exclusive)", async () => {
    const [a] = materials;
    const liveSet = [live(as(a!, "old"))];
    const want = as(a!, "new");
    const d = diffKeySets([want], liveSet, { mode: "exclusive", owned: [] });
    expect(d.relabel).toEqual([{ from: liveSet[0], to: want }]);
    expect(d).toMatchObject({ add: [], remove: [], change: [], collision: [] });
  });

  test("relabel: additive, when the old kid is owned", async () => {
    const [a] = materials;
    const liveSet = [live(as(a!, "old"))];
    const d = diffKeySets([as(a!, "new")], liveSet, { mode: "additive", owned: ["old"] });
    expect(kids(d.relabel.map((r) => r.from))).toEqual(["old"]);
    expect(d.collision).toEqual([]);
  });

  test("collision: additive, a foreign key with the same thumbprint under another kid", async () => {
    const [a, b] = materials;
    const liveSet = [live(as(a!, "theirs")), live(b!)];
    const want = as(a!, "ours");
    const d = diffKeySets([want], liveSet, { mode: "additive", owned: [] });
    expect(d.collision).toEqual([{ live: liveSet[0], desired: want }]);
    expect(d.add).toEqual([]);
    expect(d.relabel).toEqual([]);
    expect(d.foreign).toEqual([liveSet[1]]);
  });

  test("no relabel when the live twin's kid is itself desired: the key is added under the new kid", async () => {
    const [a, b] = materials;
    // Live holds a under kid "x"; we want b under "x" and a under "y".
    const liveSet = [live(as(a!, "x"))];
    const d = diffKeySets([as(b!, "x"), as(a!, "y")], liveSet, { mode: "exclusive", owned: [] });
    expect(d.relabel).toEqual([]);
    expect(d.add).toEqual([as(a!, "y")]);
    expect(d.change).toEqual([{ from: liveSet[0], to: as(b!, "x") }]);
  });

  test("foreign: additive leaves unowned keys, including malformed ones, alone", async () => {
    const [a, b] = materials;
    const liveSet = [live(b!), { kty: "EC", kid: "junk" }, { whatever: true }];
    const d = diffKeySets([a!], liveSet, { mode: "additive", owned: [] });
    expect(d.foreign).toEqual(liveSet);
    expect(d.add).toEqual([a]);
    expect(d.remove).toEqual([]);
  });

  test("sameKey ignores member order but not values", () => {
    const [a, b] = materials;
    expect(sameKey(a!, live(a!))).toBe(true);
    expect(sameKey(a!, as(a!, "other"))).toBe(false);
    expect(sameKey(a!, as(b!, a!.kid))).toBe(false);
  });

  test("sameKey agrees with isDeepStrictEqual on JWK-shaped records (its fast path for strings included)", () => {
    const member = fc.constantFrom("kid", "kty", "x", "use", "key_ops", "x5c");
    const value = fc.oneof(
      fc.constantFrom("a", "b"),
      fc.constant(undefined),
      fc.constant(null),
      fc.constantFrom(["sign"], ["verify"], ["sign", "verify"]),
      fc.constant({ nested: "a" }),
    );
    const record = fc.dictionary(member, value, { maxKeys: 4, noNullPrototype: true }); // JSON never has a null prototype
    fc.assert(
      fc.property(record, record, (a, b) => {
        expect(sameKey(a, b)).toBe(isDeepStrictEqual(a, b));
        expect(sameKey(a, live(a))).toBe(true);
      }),
      { numRuns: 2000 },
    );
    expect(sameKey({ kid: "a", use: undefined }, { kid: "a", alg: undefined })).toBe(false); // same size, other member
  });
});

describe("diffKeySets: properties", () => {
  const OWNABLE = ["a", "b", "c", "d"];

  /** Pool: every material under kids a..c, each with and without key_ops; plus malformed and kid-less entries. */
  function pool(): Record<string, unknown>[] {
    const keys: Record<string, unknown>[] = [];
    for (const m of materials) {
      for (const kid of ["a", "b", "c"]) {
        keys.push(as(m, kid));
        keys.push({ ...as(m, kid), key_ops: ["verify"] });
      }
    }
    return keys;
  }
  const extras = (): Record<string, unknown>[] => [
    { kty: "EC", kid: "d" },
    { kty: "OKP", crv: "Ed25519", x: materials[2]!.x },
    { note: "no kid" },
  ];

  /** A valid desired set: unique kids, unique thumbprints (what validation would let through). */
  async function validDesired(candidates: readonly Record<string, unknown>[]): Promise<PublicJwk[]> {
    const seenKid = new Set<unknown>();
    const seenTp = new Set<string>();
    const out: PublicJwk[] = [];
    for (const k of candidates) {
      const tp = thumbprintOf(k as PublicJwk);
      if (seenKid.has(k.kid) || seenTp.has(tp)) continue;
      seenKid.add(k.kid);
      seenTp.add(tp);
      out.push(structuredClone(k) as PublicJwk);
    }
    return out;
  }

  const scenario = () =>
    fc.record({
      // Small sets make kid and thumbprint overlaps (change, relabel, collision) frequent.
      desired: fc.shuffledSubarray(pool(), { maxLength: 5 }),
      live: fc.shuffledSubarray([...pool(), ...extras()], { maxLength: 6 }),
      owned: fc.subarray(OWNABLE),
    });

  test("exclusive: applying the diff to live yields exactly the desired set", async () => {
    await fc.assert(
      fc.asyncProperty(scenario(), async (s) => {
        const desired = await validDesired(s.desired);
        const liveSet = s.live.map(live);
        const d = diffKeySets(desired, liveSet, { mode: "exclusive", owned: s.owned });
        expect(d.collision).toEqual([]);
        expect(d.foreign).toEqual([]);
        expect(asText(applied(liveSet, d))).toEqual(asText(desired));
        // Nothing to do exactly when live already is the desired set.
        expect(isEmptyDiff(d)).toBe(JSON.stringify(asText(liveSet)) === JSON.stringify(asText(desired)));
      }),
      { numRuns: 300 },
    );
  });

  test("additive: without collisions, every desired key is present and foreign keys are preserved", async () => {
    await fc.assert(
      fc.asyncProperty(scenario(), async (s) => {
        const desired = await validDesired(s.desired);
        const liveSet = s.live.map(live);
        const d = diffKeySets(desired, liveSet, { mode: "additive", owned: s.owned });
        const owned = (k: Record<string, unknown>) => typeof k.kid === "string" && s.owned.includes(k.kid);
        const desiredKids = new Set(desired.map((k) => k.kid));

        // Only owned keys are ever removed or relabelled.
        for (const k of [...d.remove, ...d.relabel.map((r) => r.from)]) expect(owned(k)).toBe(true);
        // A collision is a foreign key that has a desired key's thumbprint under another kid, or a desired
        // kid with other content.
        for (const c of d.collision) {
          expect(owned(c.live)).toBe(false);
          if (c.live.kid === c.desired.kid) expect(sameKey(c.live, c.desired)).toBe(false);
          else expect(thumbprintOf(c.live as PublicJwk)).toBe(thumbprintOf(c.desired));
        }
        if (d.collision.length > 0) return; // the diff is refused as a whole

        const result = applied(liveSet, d);
        const resultText = new Set(result.map((k) => JSON.stringify(canonicalKeys([k])[0])));
        for (const want of desired) expect(resultText.has(JSON.stringify(canonicalKeys([want])[0]))).toBe(true);
        // Keys neither owned nor declared (by kid) are untouched: the very same objects are still there.
        for (const k of liveSet) {
          if (owned(k) || (typeof k.kid === "string" && desiredKids.has(k.kid))) continue;
          expect(result).toContain(k);
          expect(d.foreign).toContain(k);
        }
        // Owned keys that are no longer declared are gone.
        for (const k of result) if (owned(k)) expect(desiredKids.has(k.kid as string)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  test("every live key is accounted for exactly once", async () => {
    await fc.assert(
      fc.asyncProperty(scenario(), fc.constantFrom("exclusive" as const, "additive" as const), async (s, mode) => {
        const desired = await validDesired(s.desired);
        const liveSet = s.live.map(live);
        const d = diffKeySets(desired, liveSet, { mode, owned: s.owned });
        // An unchanged kid stands for the first live key with that kid, which must equal the desired one.
        const unchangedLive = d.unchanged.map((kid) => liveSet.find((k) => k.kid === kid)!);
        for (const k of unchangedLive)
          expect(
            sameKey(
              k,
              desired.find((w) => w.kid === k.kid)!,
            ),
          ).toBe(true);
        const buckets = [
          ...unchangedLive,
          ...d.remove,
          ...d.foreign,
          ...d.change.map((c) => c.from),
          ...d.relabel.map((r) => r.from),
          ...d.collision.map((c) => c.live),
        ];
        // Every live key lands in exactly one bucket.
        expect(buckets).toHaveLength(liveSet.length);
        expect(new Set(buckets)).toEqual(new Set(liveSet));
        // Each desired key is handled once: add, change, relabel, collision or unchanged.
        const handled = [
          ...kids(d.add),
          ...kids(d.change.map((c) => c.to)),
          ...kids(d.relabel.map((r) => r.to)),
          ...kids(d.collision.map((c) => c.desired)),
          ...d.unchanged,
        ];
        expect(handled.sort()).toEqual(kids(desired).sort());
      }),
      { numRuns: 200 },
    );
  });
});
