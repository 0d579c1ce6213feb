/**
 * What the next up does about each drifted kid of a JwkSet, as planned from a refresh's measurement.
 */
import { describe, expect, test } from "vitest";
import { needsRepair, planDocumentRepair, planRepair } from "../../../provider/resources/jwkset/drift-plan";

const none = { missing: [], changed: [], unexpected: [] };

describe("planRepair", () => {
  test("exclusive mode: missing kids are added, changed ones restored, unexpected ones removed", () => {
    const items = planRepair({ mode: "exclusive", drift: { missing: ["m"], changed: ["c"], unexpected: ["u"] }, foreignKids: [] });
    expect(items).toEqual([
      { kid: "m", state: "missing", action: "add" },
      { kid: "c", state: "changed", action: "restore" },
      { kid: "u", state: "unexpected", action: "remove" },
    ]);
    expect(needsRepair(items)).toBe(true);
  });

  test("groups by state (missing, changed, unexpected), each sorted by kid", () => {
    const items = planRepair({
      mode: "exclusive",
      drift: { missing: ["b", "a"], changed: ["z", "y"], unexpected: ["q", "p"] },
      foreignKids: [],
    });
    expect(items.map((i) => i.kid)).toEqual(["a", "b", "y", "z", "p", "q"]);
  });

  test("additive mode: a new foreign kid is reported as left alone and is not drift", () => {
    const items = planRepair({ mode: "additive", drift: none, foreignKids: ["partner", "new-one"] }, ["partner"]);
    expect(items).toEqual([{ kid: "new-one", state: "unexpected", action: "leave" }]);
    expect(needsRepair(items)).toBe(false);
  });

  test("additive mode: foreign kids already recorded in state are not reported again", () => {
    expect(planRepair({ mode: "additive", drift: none, foreignKids: ["partner"] }, ["partner"])).toEqual([]);
  });

  test("additive mode: our missing key is added back while a new stranger is left alone", () => {
    const items = planRepair({ mode: "additive", drift: { missing: ["ours"], changed: [], unexpected: [] }, foreignKids: ["stranger"] });
    expect(items).toEqual([
      { kid: "ours", state: "missing", action: "add" },
      { kid: "stranger", state: "unexpected", action: "leave" },
    ]);
    expect(needsRepair(items)).toBe(true);
  });

  test("exclusive mode ignores foreignKids (it has none: every stranger is unexpected)", () => {
    expect(planRepair({ mode: "exclusive", drift: none, foreignKids: ["x"] })).toEqual([]);
  });

  test("no drift, no items, no repair", () => {
    expect(planRepair({ mode: "exclusive", drift: none, foreignKids: [] })).toEqual([]);
    expect(needsRepair([])).toBe(false);
  });
});

describe("planDocumentRepair", () => {
  test("a document that does not parse: exclusive replaces it, additive refuses", () => {
    const drift = { ...none, unparsable: "jwks.json: not JSON at 1:1" };
    expect(planDocumentRepair({ mode: "exclusive", drift, foreignKids: [] })).toEqual({
      reason: "jwks.json: not JSON at 1:1",
      action: "replace",
    });
    expect(planDocumentRepair({ mode: "additive", drift, foreignKids: [] })).toEqual({
      reason: "jwks.json: not JSON at 1:1",
      action: "refuse",
    });
  });

  test("a document that parses: nothing to do", () => {
    expect(planDocumentRepair({ mode: "exclusive", drift: none, foreignKids: [] })).toBeUndefined();
  });
});
