import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { RotationRetireWindowError } from "../../../provider/errors";
import { assertTransition, stateProblems } from "../../../provider/core/rotation/guardrails";
import { applyRotation, kidsIn, planRotation } from "../../../provider/core/rotation/lifecycle";
import { nextStep } from "../../../provider/core/rotation/next-step";
import type { Observation, Rotation, RotationTimings } from "../../../provider/core/rotation/types";

const MIN = 60_000;
const T0 = Date.parse("2026-01-01T00:00:00Z");
const timings: RotationTimings = { rotateEveryMs: 60 * MIN, publishAheadMs: 10 * MIN, retireAfterMs: 15 * MIN };

/** One up at `now`: plan, mint a key if asked, apply. */
function up(rotation: Rotation, now: number, o: { timings?: RotationTimings; trigger?: unknown; observation?: Observation } = {}) {
  const t = o.timings ?? timings;
  const plan = planRotation(rotation, t, o.trigger, now, o.observation);
  const minted = plan.steps.some((s) => s.action === "publish") ? { kid: `k${rotation.keys.length + 1}`, alg: "ES256" } : undefined;
  return { plan, rotation: applyRotation(rotation, plan, t, now, minted) };
}
const at = (minutes: number) => T0 + minutes * MIN;

describe("one cycle", () => {
  const first = up({ keys: [] }, at(0)).rotation;
  test("the first key signs at once", () => {
    expect(first.keys).toEqual([
      {
        kid: "k1",
        alg: "ES256",
        state: "current",
        since: "2026-01-01T00:00:00.000Z",
        publishedAt: "2026-01-01T00:00:00.000Z",
        rotateAt: "2026-01-01T01:00:00.000Z",
      },
    ]);
  });
  test("nothing is due before rotateAt - publishAhead; an up then changes nothing", () => {
    expect(planRotation(first, timings, undefined, at(49)).steps).toEqual([]);
    expect(up(first, at(0)).plan.steps).toEqual([]);
  });
  const withNext = up(first, at(50)).rotation;
  test("the next key is published publishAhead before the rotation", () => {
    expect(kidsIn(withNext, "next")).toEqual(["k2"]);
    expect(withNext.keys[1]!.promoteAt).toBe("2026-01-01T01:00:00.000Z");
    expect(planRotation(withNext, timings, undefined, at(59)).steps).toEqual([]);
  });
  test("promotion waits for the jwksUri to serve the key, and nothing else happens", () => {
    const observation = { uri: "http://127.0.0.1/jwks.json", kids: ["k1"] };
    const plan = planRotation(withNext, timings, undefined, at(61), observation);
    expect(plan.steps).toEqual([]);
    expect(plan.blocked?.kid).toBe("k2");
    expect(plan.blocked?.reason).toMatch(/does not serve it yet \(it serves kids "k1"\).*current key keeps signing/);
    const failed = planRotation(withNext, timings, undefined, at(61), { uri: "http://127.0.0.1/jwks.json", error: "HTTP 503" });
    expect(failed.blocked?.reason).toMatch(/fetching it failed: HTTP 503/);
  });
  const promoted = up(withNext, at(61), { observation: { uri: "u", kids: ["k1", "k2"] } }).rotation;
  test("promoted once seen: the old key is retiring for retireAfter", () => {
    expect(promoted.keys.map((k) => [k.kid, k.state])).toEqual([
      ["k1", "retiring"],
      ["k2", "current"],
    ]);
    expect(promoted.keys[0]!.removeAt).toBe(new Date(at(76)).toISOString());
    expect(planRotation(promoted, timings, undefined, at(75)).steps).toEqual([]);
  });
  test("the retiring key is removed only after retireAfter", () => {
    const removed = up(promoted, at(76)).rotation;
    expect(removed.keys.map((k) => [k.kid, k.state])).toEqual([
      ["k1", "retired"],
      ["k2", "current"],
    ]);
  });
});

test("a manual trigger starts a rotation once per change", () => {
  const manual = { publishAheadMs: 10 * MIN, retireAfterMs: 15 * MIN };
  const first = up({ keys: [] }, at(0), { timings: manual, trigger: "a" }).rotation;
  expect(planRotation(first, manual, "a", at(500)).steps).toEqual([]);
  const next = up(first, at(500), { timings: manual, trigger: "b" });
  expect(next.plan.steps).toEqual([{ action: "publish", as: "next" }]);
  expect(planRotation(next.rotation, manual, "b", at(505)).steps).toEqual([]);
  expect(planRotation(next.rotation, manual, "b", at(510)).steps).toEqual([{ action: "promote", kid: "k2", retires: "k1" }]);
  expect(nextStep(first, manual, undefined).action).toBe("none");
});

test("shortening retireAfter inside a retiring key's window is refused with the time left; lengthening extends it", () => {
  let r = up({ keys: [] }, at(0)).rotation;
  r = up(r, at(50)).rotation;
  r = up(r, at(60)).rotation; // k1 retiring until 01:15
  const shorter = { ...timings, retireAfterMs: 5 * MIN };
  const refused = (() => {
    try {
      planRotation(r, shorter, undefined, at(62));
    } catch (e) {
      return e as RotationRetireWindowError;
    }
    return undefined;
  })();
  expect(refused?.code).toBe("ERR_JWKS_ROTATION_RETIRE_WINDOW");
  expect(refused?.leftMs).toBe(13 * MIN);
  expect(refused?.message).toMatch(
    /retireAfter: 5m would remove key "k1" .* \(until 2026-01-01T01:15:00.000Z, 13m left\).*Keep retireAfter at 15m or more/,
  );
  const longer = planRotation(r, { ...timings, retireAfterMs: 30 * MIN }, undefined, at(80));
  expect(longer.steps).toEqual([]);
  expect(longer.keys[0]!.removeAt).toBe("2026-01-01T01:30:00.000Z");
  // After the window ended, a shorter retireAfter is fine: the key is simply due.
  expect(planRotation(r, shorter, undefined, at(75)).steps).toEqual([{ action: "remove", kid: "k1" }]);
});

test("guardrails refuse removing the current key, an early removal and an early promotion", () => {
  const r = up(up({ keys: [] }, at(0)).rotation, at(50)).rotation;
  const bad = (keys: Rotation["keys"], now: number) => () => assertTransition(r, { keys }, timings, now);
  expect(bad([{ ...r.keys[1]!, state: "current" }], at(70))).toThrow(/current key k1 would become removed/);
  expect(
    bad(
      [
        { ...r.keys[0]!, state: "retiring" },
        { ...r.keys[1]!, state: "current" },
      ],
      at(52),
    ),
  ).toThrow(/next key k2 would sign before/);
  const retiring = {
    keys: [
      { ...r.keys[0]!, state: "retiring" as const, since: new Date(at(60)).toISOString(), removeAt: new Date(at(75)).toISOString() },
      { ...r.keys[1]!, state: "current" as const },
    ],
  };
  expect(() => assertTransition(retiring, { keys: [retiring.keys[1]!] }, timings, at(70))).toThrow(
    /ERR|retiring key k1 would be removed before its window ends/,
  );
  expect(stateProblems({ keys: [] })).toEqual(["0 current keys (exactly one signs)"]);
});

describe("properties over random runs of ups", () => {
  // Each run: ups at random gaps, the jwksUri serving keys after a random delay (or failing), a trigger now and then.
  const op = fc.record({
    gapMin: fc.integer({ min: 0, max: 150 }),
    serveDelayMin: fc.integer({ min: 0, max: 40 }),
    down: fc.boolean(),
    bump: fc.boolean(),
  });
  const timing = fc.record({
    rotateEveryMs: fc.option(
      fc.integer({ min: 11, max: 120 }).map((m) => m * MIN),
      { nil: undefined },
    ),
    publishAheadMs: fc.constant(10 * MIN),
    retireAfterMs: fc.integer({ min: 1, max: 200 }).map((m) => m * MIN),
  });
  test("never without exactly one signing key, never early, never further than time allows, idempotent", () => {
    fc.assert(
      fc.property(timing, fc.array(op, { minLength: 1, maxLength: 40 }), (t, ops) => {
        let r: Rotation = { keys: [] };
        let now = T0;
        let trigger = 0;
        const published = new Map<string, number>();
        const retiringSince = new Map<string, number>();
        for (const o of ops) {
          now += o.gapMin * MIN;
          if (o.bump) trigger++;
          const observation: Observation = o.down
            ? { uri: "u", error: "down" }
            : { uri: "u", kids: [...published].filter(([, p]) => p + o.serveDelayMin * MIN <= now).map(([k]) => k) };
          const before = r;
          const result = up(r, now, { timings: t, trigger, observation });
          r = result.rotation;
          expect(stateProblems(r)).toEqual([]);
          for (const k of r.keys) {
            if (!published.has(k.kid)) published.set(k.kid, now);
            const was = before.keys.find((b) => b.kid === k.kid)?.state;
            if (k.state === "current" && was === "next") {
              expect(now - published.get(k.kid)!).toBeGreaterThanOrEqual(t.publishAheadMs);
              expect(observation.kids).toContain(k.kid); // promoted only when served
            }
            if (k.state === "retiring" && was === "current") retiringSince.set(k.kid, now);
            if (k.state === "retired" && was === "retiring")
              expect(now - retiringSince.get(k.kid)!).toBeGreaterThanOrEqual(t.retireAfterMs);
          }
          // At most one promotion per up, and an up right after changes nothing.
          expect(result.plan.steps.filter((s) => s.action === "promote").length).toBeLessThanOrEqual(1);
          expect(planRotation(r, t, trigger, now, observation).steps).toEqual([]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
