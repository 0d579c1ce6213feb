/**
 * The diagnostic a refresh leaves on a JwkSet: a warning naming each drifted kid when up has work, a note
 * when additive mode only found new strangers, silence when the live set matches.
 */
import { describe, expect, test } from "vitest";
import { reportDrift } from "../../../provider/resources/jwkset/drift-diagnostics";
import type { Severity } from "../../../provider/pulumi/engine-log";

function recorder() {
  const sent: { severity: Severity; message: string }[] = [];
  return { sent, sink: async (severity: Severity, message: string) => void sent.push({ severity, message }) };
}

describe("reportDrift", () => {
  test("drift: one warning naming the target and each kid with its action", async () => {
    const { sent, sink } = recorder();
    await reportDrift(
      { foreignKids: [] },
      { mode: "exclusive", drift: { missing: ["a"], changed: ["b"], unexpected: ["stranger"] }, foreignKids: [] },
      "file /x/jwks.json",
      sink,
    );
    expect(sent).toHaveLength(1);
    expect(sent[0]!.severity).toBe("warning");
    expect(sent[0]!.message).toMatch(/^drift on file \/x\/jwks\.json: /);
    expect(sent[0]!.message).toContain('"a"  up adds it back');
    expect(sent[0]!.message).toContain('"b"  up restores the declared key');
    expect(sent[0]!.message).toContain('"stranger"  up removes it');
  });

  test("no drift and no new strangers: nothing is sent", async () => {
    const { sent, sink } = recorder();
    const r = await reportDrift(
      { foreignKids: ["p"] },
      { mode: "additive", drift: { missing: [], changed: [], unexpected: [] }, foreignKids: ["p"] },
      "t",
      sink,
    );
    expect(r).toBeUndefined();
    expect(sent).toEqual([]);
  });

  test("additive mode, only a new stranger: an info note, not a warning", async () => {
    const { sent, sink } = recorder();
    await reportDrift({}, { mode: "additive", drift: { missing: [], changed: [], unexpected: [] }, foreignKids: ["new"] }, "t", sink);
    expect(sent.map((s) => s.severity)).toEqual(["info"]);
    expect(sent[0]!.message).toContain('"new"  up leaves it alone');
  });
});

test("a document that does not parse is a warning even with no kid to list", async () => {
  const { sent, sink } = recorder();
  await reportDrift(
    {},
    { mode: "additive", drift: { missing: [], changed: [], unexpected: [], unparsable: "j.json: not JSON" }, foreignKids: [] },
    "file j.json",
    sink,
  );
  expect(sent).toHaveLength(1);
  expect(sent[0]!.severity).toBe("warning");
  expect(sent[0]!.message).toMatch(/^the live document on file j\.json does not parse \(j\.json: not JSON\); the next up refuses/);
});
