/**
 * The drift report printed in CI: names the target and every kid with its action, caps long lists, and never
 * lets a hand-edited kid forge or restyle output.
 */
import { describe, expect, test } from "vitest";
import type { DriftItem } from "../../../provider/resources/jwkset/drift-plan";
import { formatDriftReport, printable } from "../../../provider/resources/jwkset/drift-report";

const item = (kid: string, state: DriftItem["state"], action: DriftItem["action"]): DriftItem => ({ kid, state, action });

describe("formatDriftReport", () => {
  test("nothing to report gives undefined", () => {
    expect(formatDriftReport("file jwks.json", [])).toBeUndefined();
  });

  test("a summary line, then one line per kid saying what up does", () => {
    const report = formatDriftReport("file /srv/jwks.json", [
      item("a", "missing", "add"),
      item("b", "changed", "restore"),
      item("stranger", "unexpected", "remove"),
    ]);
    expect(report).toBe(
      [
        "drift on file /srv/jwks.json: 1 missing, 1 changed, 1 unexpected; the next up adds 1, restores 1, removes 1",
        '  missing     "a"  up adds it back',
        '  changed     "b"  up restores the declared key',
        '  unexpected  "stranger"  up removes it (exclusive mode)',
      ].join("\n"),
    );
  });

  test("keys left alone only: not called drift", () => {
    const report = formatDriftReport("file j.json", [item("partner", "unexpected", "leave")])!;
    expect(report.split("\n")[0]).toBe("keys not declared here on file j.json: 1 unexpected; the next up leaves 1 alone");
    expect(report).toContain('"partner"  up leaves it alone (additive mode)');
  });

  test("a long list is capped: maxKids lines in all, the rest counted by state", () => {
    const items = [
      ...Array.from({ length: 30 }, (_, i) => item(`m${String(i).padStart(2, "0")}`, "missing", "add")),
      ...Array.from({ length: 20 }, (_, i) => item(`c${String(i).padStart(2, "0")}`, "changed", "restore")),
    ];
    const lines = formatDriftReport("file j.json", items, { maxKids: 5 })!.split("\n");
    expect(lines).toHaveLength(1 + 5);
    expect(lines[0]).toBe("drift on file j.json: 30 missing, 20 changed; the next up adds 30, restores 20");
    expect(lines.slice(1, 5).map((l) => l.match(/"(.*)"/)![1])).toEqual(["m00", "m01", "m02", "m03"]);
    expect(lines[5]).toBe("  ... and 46 more (26 missing, 20 changed); the resource's drift and foreignKids outputs list every kid");
  });

  test("the default cap is 10 lines of kids", () => {
    const items = Array.from({ length: 1000 }, (_, i) => item(`k${i}`, "unexpected", "remove"));
    expect(formatDriftReport("t", items)!.split("\n")).toHaveLength(11);
  });

  test("exactly maxKids kids are all listed, with no summary line", () => {
    const items = Array.from({ length: 3 }, (_, i) => item(`k${i}`, "missing", "add"));
    const lines = formatDriftReport("t", items, { maxKids: 3 })!.split("\n");
    expect(lines).toHaveLength(4);
    expect(lines.some((l) => l.includes("more"))).toBe(false);
  });
});

describe("printable", () => {
  test("escapes newlines and terminal escapes so a kid cannot add lines or colours", () => {
    const shown = printable("evil\n  missing  \u001b[31mforged");
    // eslint-disable-next-line no-control-regex -- the escape character is what must not get through
    expect(shown).not.toMatch(/[\n\u001b]/);
    expect(shown).toBe("evil\\n  missing  \\u001b[31mforged");
  });

  test("defuses Pulumi colour directives", () => {
    expect(printable("<{%reset%}>x")).not.toContain("<{%");
  });

  test("cuts long kids to a bounded length", () => {
    const shown = printable("x".repeat(5000));
    expect(shown.length).toBe(64);
    expect(shown.endsWith("...")).toBe(true);
  });

  test("quotes inside a kid are escaped, so the quoted kid stays one token", () => {
    expect(printable('a"b')).toBe('a\\"b');
  });
});

describe("formatDriftReport: a live document that does not parse", () => {
  test("exclusive: said first, up replaces it; then the kids", () => {
    const report = formatDriftReport("file /x/jwks.json", [item("a", "missing", "add")], {
      document: { reason: "/x/jwks.json: not valid JSON at position 7", action: "replace" },
    })!;
    const lines = report.split("\n");
    expect(lines[0]).toBe(
      "the live document on file /x/jwks.json does not parse (/x/jwks.json: not valid JSON at position 7); the next up replaces it with the declared keys, keeping a copy",
    );
    expect(lines[1]).toBe("  drift on file /x/jwks.json: 1 missing; the next up adds 1");
    expect(lines[2]).toBe('  missing     "a"  up adds it back');
  });

  test("additive: up refuses, and the report says how to proceed", () => {
    const report = formatDriftReport("file j.json", [], { document: { reason: "j.json: not a JWK Set", action: "refuse" } })!;
    expect(report).toBe(
      'the live document on file j.json does not parse (j.json: not a JWK Set); the next up refuses and changes nothing (additive mode): fix the document, or set mode: "exclusive" to replace it',
    );
  });
});
