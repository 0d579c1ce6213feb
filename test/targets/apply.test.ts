/**
 * planSteps / applyDiff against an in-memory KeySetTarget that records every call: the order of steps, one
 * whole-set write for documents, when exclusive mode prefers the whole-set PUT, collisions, and the error
 * that says what was and was not applied. Last, a property: applying a real diff makes the fake hold the
 * desired set (exclusive) or the desired set plus foreign keys (additive).
 */
import fc from "fast-check";
import { beforeAll, describe, expect, test } from "vitest";
import { canonicalKeys } from "../../provider/core/jwks/document";
import { diffKeySets, type KeySetDiff } from "../../provider/core/jwks/diff";
import { liveAfterApply } from "../../provider/core/jwks/settled";
import { describeKey, generateKey, type PublicJwk } from "../../provider/core/keys/material";
import { applyDiff, planSteps, type ApplyOptions } from "../../provider/targets/apply";
import { JwksHttpError } from "../../provider/errors";
import type { DocumentStore, InPlaceUpdate, KeyLifecycle, PerKeyWriter } from "../../provider/targets/capabilities";
import type { KeySetTarget, KeyStatus } from "../../provider/targets/types";

/** A fake key: planSteps never looks inside keys, so kid and a marker are enough. */
const key = (kid: string, version = 1): PublicJwk => ({ kty: "EC", crv: "P-256", kid, x: `x-${kid}-${version}`, y: `y-${kid}` });
const diffOf = (d: Partial<KeySetDiff>): KeySetDiff => ({
  add: [],
  remove: [],
  change: [],
  relabel: [],
  collision: [],
  foreign: [],
  unchanged: [],
  ...d,
});

interface FakeOptions {
  document?: boolean;
  methods?: readonly ("add" | "remove" | "update" | "replaceAll" | "lifecycle")[];
  live?: readonly Record<string, unknown>[];
  statuses?: Record<string, KeyStatus>;
  /** `describe`-like call (e.g. "add n2") that throws. */
  failOn?: string;
  /** The failure is a clear refusal (HTTP 400) instead of an unclear 500. */
  failClearly?: boolean;
}

/**
 * An in-memory target holding keys by kid. `calls` records each call as `method kid [status]`; `args`
 * keeps the objects passed, to check identity.
 */
function fakeTarget(o: FakeOptions = {}) {
  const methods = new Set(o.methods ?? ["add", "remove", "update"]);
  let keys: Record<string, unknown>[] = [...(o.live ?? [])];
  const statuses = new Map(Object.entries(o.statuses ?? {}));
  const calls: string[] = [];
  const args: unknown[][] = [];
  const record = (call: string, ...a: unknown[]) => {
    calls.push(call);
    args.push(a);
    if (call === o.failOn)
      throw o.failClearly
        ? new JwksHttpError({ target: "fake", operation: call, status: 400, detail: "refused" })
        : new JwksHttpError({ target: "fake", operation: call, status: 500, detail: "boom", unclear: true });
  };
  // Every capability is optional here: each test picks the ones its target has, and planSteps asks the guards.
  const target: KeySetTarget & Partial<DocumentStore & PerKeyWriter & InPlaceUpdate & KeyLifecycle> = {
    name: "fake store",
    list: async () => keys.map((k) => ({ ...k })),
  };
  if (o.document) Object.assign(target, { document: true });
  if (methods.has("add"))
    target.add = async (k, status) => {
      record(`add ${k.kid}${status && methods.has("lifecycle") ? ` ${status}` : ""}`, k, status);
      keys.push(k);
      if (methods.has("lifecycle")) statuses.set(k.kid, status ?? "ACTIVE");
    };
  if (methods.has("remove"))
    target.remove = async (k) => {
      record(`remove ${String(k.kid)}`, k);
      keys = keys.filter((x) => x.kid !== k.kid);
      statuses.delete(String(k.kid));
    };
  if (methods.has("update"))
    target.update = async (from, to) => {
      record(`update ${to.kid}`, from, to);
      keys = keys.map((x) => (x.kid === to.kid ? to : x));
    };
  if (methods.has("replaceAll"))
    target.replaceAll = async (next) => {
      record(`replaceAll ${next.map((k) => k.kid).join(",")}`, next);
      keys = [...next];
    };
  if (methods.has("lifecycle")) {
    target.statusOf = (kid) => statuses.get(kid);
    target.setStatus = async (kid, status) => {
      record(`setStatus ${kid} ${status}`, kid, status);
      statuses.set(kid, status);
    };
  }
  return { target, calls, args, keys: () => keys, statuses };
}

const EXCLUSIVE: ApplyOptions = { mode: "exclusive" };
const ADDITIVE: ApplyOptions = { mode: "additive" };
const describeAll = (steps: { describe: string }[]) => steps.map((s) => s.describe);

describe("planSteps: order of per-key steps", () => {
  // live: a (changes), r (removed), l (relabelled to n3), s1 ACTIVE -> INACTIVE, s2 INACTIVE -> ACTIVE, u unchanged
  const A = key("a"),
    A2 = key("a", 2),
    R = key("r"),
    L = key("l"),
    S1 = key("s1"),
    S2 = key("s2"),
    U = key("u");
  const N1 = key("n1"),
    N2 = key("n2"),
    N3 = { ...L, kid: "n3" };
  const live = [A, R, L, S1, S2, U];
  const desired = [A2, N1, N2, N3, S1, S2, U];
  const diff = diffOf({
    change: [{ from: A, to: A2 }],
    add: [N1, N2],
    remove: [R],
    relabel: [{ from: L, to: N3 }],
    unchanged: ["s1", "s2", "u"],
  });
  const statusOf = (kid: string): KeyStatus => (kid === "s1" || kid === "n2" ? "INACTIVE" : "ACTIVE");
  const statuses: Record<string, KeyStatus> = { a: "ACTIVE", r: "ACTIVE", l: "ACTIVE", s1: "ACTIVE", s2: "INACTIVE", u: "ACTIVE" };

  test("updates, then additions (relabels included), then status changes with activations first, then removals", async () => {
    const fake = fakeTarget({ methods: ["add", "remove", "update", "lifecycle"], live, statuses });
    const steps = planSteps(fake.target, live, desired, diff, { mode: "exclusive", statusOf });
    expect(describeAll(steps)).toEqual([
      "update key a",
      "add key n1",
      "add key n2",
      "add key n3",
      "set key s2 ACTIVE",
      "set key s1 INACTIVE",
      "remove key r",
      "remove key l",
    ]);
    expect(fake.calls).toEqual([]); // planning runs nothing
    const log: string[] = [];
    const done = await applyDiff(fake.target, live, desired, diff, { mode: "exclusive", statusOf, log: (m) => log.push(m) });
    expect(done).toEqual(describeAll(steps));
    expect(fake.calls).toEqual([
      "update a",
      "add n1 ACTIVE",
      "add n2 INACTIVE",
      "add n3 ACTIVE",
      "setStatus s2 ACTIVE",
      "setStatus s1 INACTIVE",
      "remove r",
      "remove l",
    ]);
    expect(fake.args[0]).toEqual([A, A2]);
    expect(fake.args[0]![0]).toBe(A); // update gets the live key itself
    expect(fake.args[7]![0]).toBe(L);
    expect(log[0]).toBe("fake store: update key a (1/8)");
    expect(log).toHaveLength(8);
    expect(canonicalKeys(fake.keys())).toEqual(canonicalKeys(desired));
  });

  test("without options.statusOf every key is wanted ACTIVE", () => {
    const fake = fakeTarget({ methods: ["add", "remove", "lifecycle"], live: [S1, S2], statuses: { s1: "ACTIVE", s2: "INACTIVE" } });
    expect(describeAll(planSteps(fake.target, [S1, S2], [S1, S2], diffOf({ unchanged: ["s1", "s2"] }), EXCLUSIVE))).toEqual([
      "set key s2 ACTIVE",
    ]);
  });

  test("a target without a lifecycle gets no status steps", () => {
    const fake = fakeTarget({ live });
    expect(describeAll(planSteps(fake.target, live, desired, diff, { mode: "exclusive", statusOf }))).toEqual([
      "update key a",
      "add key n1",
      "add key n2",
      "add key n3",
      "remove key r",
      "remove key l",
    ]);
  });

  test("a change on a target without update is a removal then an addition, with the wanted status", async () => {
    const fake = fakeTarget({ methods: ["add", "remove", "lifecycle"], live: [A, U], statuses: { a: "ACTIVE", u: "ACTIVE" } });
    const d = diffOf({ change: [{ from: A, to: A2 }], unchanged: ["u"] });
    const options = { mode: "exclusive" as const, statusOf: (kid: string): KeyStatus => (kid === "a" ? "INACTIVE" : "ACTIVE") };
    expect(describeAll(planSteps(fake.target, [A, U], [A2, U], d, options))).toEqual([
      "remove key a (changed)",
      "add key a (changed)",
      "set key a INACTIVE",
    ]);
    await applyDiff(fake.target, [A, U], [A2, U], d, options);
    expect(fake.calls.slice(0, 2)).toEqual(["remove a", "add a INACTIVE"]);
    expect(fake.args[0]![0]).toBe(A);
    expect(fake.args[1]![0]).toBe(A2);
  });

  test("nothing to do: no steps, no calls", async () => {
    const fake = fakeTarget({ methods: ["add", "remove", "update", "replaceAll"], document: true, live: [U] });
    expect(planSteps(fake.target, [U], [U], diffOf({ unchanged: ["u"] }), EXCLUSIVE)).toEqual([]);
    expect(await applyDiff(fake.target, [U], [U], diffOf({ unchanged: ["u"] }), EXCLUSIVE)).toEqual([]);
    expect(fake.calls).toEqual([]);
  });

  test("a read-only target cannot be planned for", () => {
    const fake = fakeTarget({ methods: [] });
    const err = (() => {
      try {
        planSteps(fake.target, [], [N1], diffOf({ add: [N1] }), EXCLUSIVE);
      } catch (e) {
        return e as { code?: string; message?: string };
      }
      return undefined;
    })();
    expect(err?.code).toBe("ERR_JWKS_TARGET");
    expect(err?.message).toBe("fake store: plan failed: this target is read-only");
  });
});

describe("planSteps: whole-set writes", () => {
  const K1 = key("k1"),
    K2 = key("k2"),
    K3 = key("k3"),
    F1 = key("f1"),
    F2 = key("f2"),
    C = key("c"),
    C2 = key("c", 2);

  test("a document target gets exactly one replaceAll: kept keys, changed keys, new keys", async () => {
    const fake = fakeTarget({ document: true, methods: ["add", "remove", "update", "replaceAll"], live: [F1, C, K1] });
    const d = diffOf({ change: [{ from: C, to: C2 }], add: [K2], remove: [K1], foreign: [F1] });
    const steps = planSteps(fake.target, [F1, C, K1], [C2, K2], d, ADDITIVE);
    expect(describeAll(steps)).toEqual(["replace the whole set (3 keys)"]);
    await applyDiff(fake.target, [F1, C, K1], [C2, K2], d, ADDITIVE);
    expect(fake.calls).toEqual(["replaceAll f1,c,k2"]);
    expect(fake.args[0]![0]).toEqual([F1, C2, K2]);
  });

  test("exclusive mode uses the whole-set PUT when per-key calls would outnumber the desired keys", async () => {
    const fake = fakeTarget({ methods: ["add", "remove", "update", "replaceAll"], live: [K1, F1, F2] });
    const d = diffOf({ add: [K2], remove: [F1, F2], unchanged: ["k1"] }); // 3 calls for 2 keys
    await applyDiff(fake.target, [K1, F1, F2], [K1, K2], d, EXCLUSIVE);
    expect(fake.calls).toEqual(["replaceAll k1,k2"]);
  });

  test("exclusive mode keeps per-key calls when they do not outnumber the desired keys", async () => {
    const fake = fakeTarget({ methods: ["add", "remove", "update", "replaceAll"], live: [K1, F1] });
    const d = diffOf({ add: [K2], remove: [F1], unchanged: ["k1"] }); // 2 calls for 2 keys
    await applyDiff(fake.target, [K1, F1], [K1, K2], d, EXCLUSIVE);
    expect(fake.calls).toEqual(["add k2", "remove f1"]);
    const three = fakeTarget({ methods: ["add", "remove", "update", "replaceAll"], live: [K1, K2, F1] });
    await applyDiff(three.target, [K1, K2, F1], [K1, K2, K3], diffOf({ add: [K3], remove: [F1], unchanged: ["k1", "k2"] }), EXCLUSIVE);
    expect(three.calls).toEqual(["add k3", "remove f1"]);
  });

  test("additive mode never replaces the whole set of an API target", async () => {
    const fake = fakeTarget({ methods: ["add", "remove", "update", "replaceAll"], live: [K1, F1, F2] });
    await applyDiff(fake.target, [K1, F1, F2], [K1, K2], diffOf({ add: [K2], remove: [F1, F2], unchanged: ["k1"] }), ADDITIVE);
    expect(fake.calls).toEqual(["add k2", "remove f1", "remove f2"]);
  });

  test("a target with a key lifecycle never gets the whole-set PUT (it would lose the statuses)", async () => {
    const fake = fakeTarget({
      methods: ["add", "remove", "replaceAll", "lifecycle"],
      live: [K1, F1, F2],
      statuses: { k1: "ACTIVE", f1: "ACTIVE", f2: "ACTIVE" },
    });
    await applyDiff(fake.target, [K1, F1, F2], [K1, K2], diffOf({ add: [K2], remove: [F1, F2], unchanged: ["k1"] }), EXCLUSIVE);
    expect(fake.calls).toEqual(["add k2 ACTIVE", "remove f1", "remove f2"]);
  });
});

describe("planSteps: collisions", () => {
  test("our key already published under a kid we do not own is an error, and nothing runs", async () => {
    const theirs = key("theirs");
    const ours = { ...theirs, kid: "ours" };
    const fake = fakeTarget({ document: true, methods: ["add", "remove", "replaceAll"], live: [theirs] });
    const d = diffOf({ collision: [{ live: theirs, desired: ours }] });
    let err: { code?: string; operation?: string; target?: string; message?: string } | undefined;
    try {
      planSteps(fake.target, [theirs], [ours], d, ADDITIVE);
    } catch (e) {
      err = e as typeof err;
    }
    expect(err?.code).toBe("ERR_JWKS_TARGET");
    expect(err?.operation).toBe("plan");
    expect(err?.target).toBe("fake store");
    expect(err?.message).toMatch(
      /^fake store: plan failed: key "ours" is already published under kid "theirs", which this stack does not own; publishing it again would give one key two kids\b/,
    );
    await expect(applyDiff(fake.target, [theirs], [ours], d, ADDITIVE)).rejects.toMatchObject({
      code: "ERR_JWKS_TARGET",
      operation: "plan",
    });
    expect(fake.calls).toEqual([]);
  });
});

describe("planSteps: collisions (same kid)", () => {
  test("a kid we do not own holding other content is an error naming the kid", () => {
    const theirs = key("shared", 1);
    const ours = key("shared", 2);
    const fake = fakeTarget({ live: [theirs] });
    expect(() => planSteps(fake.target, [theirs], [ours], diffOf({ collision: [{ live: theirs, desired: ours }] }), ADDITIVE)).toThrow(
      /^fake store: plan failed: kid "shared" is already published with other content, and this stack does not own it/,
    );
    expect(fake.calls).toEqual([]);
  });
});

describe("applyDiff: a failing step", () => {
  const A = key("a"),
    A2 = key("a", 2),
    N1 = key("n1"),
    N2 = key("n2"),
    R = key("r");
  const live = [A, R];
  const desired = [A2, N1, N2];
  const diff = diffOf({ change: [{ from: A, to: A2 }], add: [N1, N2], remove: [R] });

  test("lists the steps already applied and those not applied (the failing one first), with the cause", async () => {
    const fake = fakeTarget({ live, failOn: "add n2", failClearly: true });
    let err: (Error & { code?: string; operation?: string; target?: string; applied?: string[]; notApplied?: string[] }) | undefined;
    try {
      await applyDiff(fake.target, live, desired, diff, EXCLUSIVE);
    } catch (e) {
      err = e as typeof err;
    }
    expect(err?.code).toBe("ERR_JWKS_TARGET");
    expect(err?.target).toBe("fake store");
    expect(err?.operation).toBe("add key n2");
    expect(err?.message).toBe(
      "fake store: add key n2 failed: fake: add n2 failed: HTTP 400 refused. already applied: update key a, add key n1; not applied: add key n2, remove key r. Run the update again to resume: the live set is read again first.",
    );
    expect(err?.applied).toEqual(["update key a", "add key n1"]);
    expect(err?.notApplied).toEqual(["add key n2", "remove key r"]);
    expect((err?.cause as { code?: string }).code).toBe("ERR_JWKS_HTTP");
    expect(fake.calls).toEqual(["update a", "add n1", "add n2"]); // stops at the failure: r is still there
    expect(fake.keys().map((k) => k.kid)).toContain("r");
  });

  test("a failing first step: nothing was applied", async () => {
    const fake = fakeTarget({ live, failOn: "update a", failClearly: true });
    await expect(applyDiff(fake.target, live, desired, diff, EXCLUSIVE)).rejects.toThrow(
      "fake store: update key a failed: fake: update a failed: HTTP 400 refused. nothing was applied; not applied: update key a, add key n1, add key n2, remove key r.",
    );
    expect(fake.calls).toEqual(["update a"]);
  });

  // Found by the fault-injection suite (test/faults): a POST that timed out was reported "not applied", and the
  // server stored the key a moment later. A call without a clear answer may have taken effect: say so.
  test("regression: a step whose call got no clear answer is reported as outcome unknown, not as not applied", async () => {
    const fake = fakeTarget({ live, failOn: "add n2" });
    const err = (await applyDiff(fake.target, live, desired, diff, EXCLUSIVE).catch((e: unknown) => e)) as {
      message: string;
      applied: string[];
      unknown: string[];
      notApplied: string[];
    };
    expect(err.message).toBe(
      "fake store: add key n2 failed: fake: add n2 failed: HTTP 500 boom. already applied: update key a, add key n1 before it; outcome unknown (no clear answer, the server may have applied it): add key n2; not applied: remove key r. Run the update again to resume: the live set is read again first.",
    );
    expect([err.applied, err.unknown, err.notApplied]).toEqual([["update key a", "add key n1"], ["add key n2"], ["remove key r"]]);
  });
});

describe("applyDiff with real diffs (property)", () => {
  let pool: PublicJwk[];
  beforeAll(async () => {
    pool = await Promise.all(
      [0, 1, 2, 3].map(
        async (i) => (await describeKey(await generateKey({ alg: "ES256" }), { alg: "ES256", use: "sig", kid: `m${i}` })).publicJwk,
      ),
    );
  });

  const KIDS = ["a", "b", "c", "d", "e"];
  /** A set of keys with distinct kids, each some pool material and `use`. */
  const keySet = (distinctMaterial: boolean) =>
    fc
      .uniqueArray(fc.record({ kid: fc.constantFrom(...KIDS), m: fc.integer({ min: 0, max: 3 }), enc: fc.boolean() }), {
        selector: (k) => (distinctMaterial ? k.m : k.kid),
        maxLength: 4,
      })
      .map((ks) => ks.filter((k, i) => ks.findIndex((o) => o.kid === k.kid) === i));
  const build = (ks: { kid: string; m: number; enc: boolean }[]) =>
    ks.map((k): PublicJwk => ({ ...pool[k.m]!, kid: k.kid, use: k.enc ? "enc" : "sig", alg: k.enc ? "ECDH-ES" : "ES256" }));

  test.each([
    ["per-key target with update", { methods: ["add", "remove", "update"] }],
    ["per-key target without update", { methods: ["add", "remove"] }],
    ["API target with replaceAll", { methods: ["add", "remove", "update", "replaceAll"] }],
    ["document target", { document: true, methods: ["replaceAll"] }],
  ] as const)(
    "%s ends holding the desired set (exclusive) or desired plus foreign keys (additive), as liveAfterApply predicts",
    async (_, shape) => {
      await fc.assert(
        fc.asyncProperty(keySet(true), keySet(false), fc.constantFrom("exclusive" as const, "additive" as const), async (d, l, mode) => {
          const desired = build(d);
          const live = build(l).map((k) => structuredClone(k) as Record<string, unknown>);
          const diff = diffKeySets(desired, live, { mode, owned: [] });
          const fake = fakeTarget({ ...shape, live });
          if (diff.collision.length > 0) {
            await expect(applyDiff(fake.target, live, desired, diff, { mode })).rejects.toMatchObject({ code: "ERR_JWKS_TARGET" });
            expect(fake.calls).toEqual([]);
            return;
          }
          await applyDiff(fake.target, live, desired, diff, { mode });
          const expected = mode === "exclusive" ? desired : [...diff.foreign, ...desired];
          expect(canonicalKeys(fake.keys())).toEqual(canonicalKeys(expected));
          // publishKeySet derives its outputs from this instead of reading the target again.
          expect(canonicalKeys(liveAfterApply(live, diff))).toEqual(canonicalKeys(fake.keys()));
        }),
        { numRuns: 150 },
      );
    },
  );
});
