/**
 * The audit of the fault-injection suites can fail: hand-made target contents with a lost key, a duplicate, a
 * leftover, a changed foreign key, and failed ups whose reports leave a change out or claim what did not happen.
 */
import { describe, expect, test } from "vitest";
import type { PublicJwk } from "../../provider/core/keys/material";
import { auditTarget, kidOfStep, reportFromMessage, unreportedChanges, type HeldKey } from "./audit";

const jwk = (kid: string, x = `x-${kid}`): PublicJwk => ({ kty: "EC", crv: "P-256", kid, x, y: `y-${kid}`, use: "sig", alg: "ES256" });
const held = (k: PublicJwk, status?: string): HeldKey => ({ kid: k.kid, jwk: { ...k }, ...(status ? { status } : {}) });

describe("auditTarget", () => {
  const [a, b, p] = [jwk("a"), jwk("b"), jwk("partner")];
  test("exactly the declared keys plus the foreign one: nothing to report", () => {
    expect(auditTarget([held(a), held(b), held(p)], { declared: [a, b], inactive: [], foreign: ["partner"] })).toEqual({
      lost: [],
      duplicated: [],
      leftover: [],
    });
  });
  test("a missing key, other content, a wrong status, a lost foreign key", () => {
    const audit = auditTarget([held(jwk("a", "other"), "ACTIVE"), held(jwk("c"), "ACTIVE")], {
      declared: [a, b, jwk("c")],
      inactive: ["c"],
      foreign: ["partner"],
    });
    expect(audit.lost).toEqual(["a holds other content", "b missing", "c is ACTIVE, declared INACTIVE", "foreign key partner missing"]);
  });
  test("a kid twice, one key under two kids, a key nobody declares", () => {
    const audit = auditTarget([held(a), held(a), held({ ...b }), held({ ...b, kid: "b2" }), held(jwk("old"))], {
      declared: [a, b],
      inactive: [],
      foreign: [],
    });
    expect(audit.duplicated).toEqual(["kid a held 2 times", "key a held under 2 entries", "key b held under 2 entries"]);
    expect(audit.leftover).toEqual(["b2", "old"]);
  });
});

describe("unreportedChanges and reportFromMessage", () => {
  const [a, b, c] = [jwk("a"), jwk("b"), jwk("c")];
  const before = [held(a), held(b)];
  test("a change the report names as applied or outcome unknown is reported; anything else is not", () => {
    const after = [held(b), held(c)]; // a removed, c added
    expect(unreportedChanges(before, after, { applied: ["add key c"], unknown: ["remove key a"], notApplied: [] })).toEqual({
      unreported: [],
      untrue: [],
    });
    expect(unreportedChanges(before, after, { applied: ["add key c"], unknown: [], notApplied: ["remove key a"] }).unreported).toEqual([
      "a",
    ]);
    expect(unreportedChanges(before, after, undefined).unreported).toEqual(["a", "c"]);
  });
  test("an applied step whose effect is not there is untrue", () => {
    expect(unreportedChanges(before, before, { applied: ["add key c", "remove key b"], unknown: [], notApplied: [] }).untrue).toEqual([
      "add key c",
      "remove key b",
    ]);
  });
  test("the message states the same report the error carries", () => {
    const text =
      "t: add key n2 failed: HTTP 500 boom. already applied: update key a, add key n1 before it; outcome unknown (no clear answer, the server may have applied it): add key n2; not applied: remove key r. Run the update again to resume: the live set is read again first.";
    expect(reportFromMessage(text)).toEqual({
      applied: ["update key a", "add key n1"],
      unknown: ["add key n2"],
      notApplied: ["remove key r"],
    });
    expect(reportFromMessage("t: x failed: HTTP 400. nothing was applied; not applied: add key a. Run the update again")).toEqual({
      applied: [],
      unknown: [],
      notApplied: ["add key a"],
    });
    expect(
      reportFromMessage(
        "t: remove key a failed: x. nothing was applied before it; partly applied (key a was deactivated, not deleted): remove key a. Run the update again",
      ),
    ).toEqual({ applied: [], unknown: ["remove key a"], notApplied: [] });
    expect(reportFromMessage("t: list keys failed: HTTP 503")).toBeUndefined();
    const destroy = [
      "t: destroy removed 1 of the 4 keys this resource published (key a).",
      "Not removed: key b: HTTP 400 E0000001 refused",
      "Not removed: key c: outcome unknown (no clear answer, the server may have applied it): no response (reset)",
      "Not attempted: key d (stopped: the failure above would repeat for every key).",
    ].join("\n");
    expect(reportFromMessage(destroy)).toEqual({
      applied: ["remove key a"],
      unknown: ["remove key c"],
      notApplied: ["remove key b", "remove key d"],
    });
    expect(kidOfStep("replace the whole set (3 keys)")).toBe("*");
    expect(kidOfStep("add key k1 (changed)")).toBe("k1");
  });
});
