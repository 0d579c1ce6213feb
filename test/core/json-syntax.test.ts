/**
 * parseJsonText: JSON parse errors give a position (line, column, offset) and never quote the text, which may
 * be a response body holding a token or a file holding a key.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { jsonErrorOffset, parseJsonText } from "../../provider/core/json-syntax";

const SECRET = "c2VjcmV0LWtleS1tYXRlcmlhbC1kby1ub3QtcHJpbnQ";

function errorOf(fn: () => unknown): { code?: string; message: string; line?: number; column?: number; offset?: number } {
  try {
    fn();
  } catch (e) {
    return e as { code?: string; message: string };
  }
  throw new Error("expected a throw");
}

describe("parseJsonText", () => {
  test("parses what JSON.parse parses", () => {
    expect(parseJsonText('{"keys": [1, "a", null, true, {"b": -1.5e3}]}')).toEqual({ keys: [1, "a", null, true, { b: -1500 }] });
  });

  test.each([
    ["abc", 0, 1, 1],
    ['{"keys": [ab]}', 10, 1, 11],
    ['{"keys":', 8, 1, 9],
    ['{"a":1,}', 7, 1, 8],
    ['{\n  "a": tru}', 12, 2, 11],
    ['{"a":1}x', 7, 1, 8],
    ['"bad \\q escape"', 6, 1, 7],
    ["[1.]", 3, 1, 4],
    ["[-]", 2, 1, 3],
    ['["\u0001"]', 2, 1, 3],
    ["[01]", 2, 1, 3],
  ])("regression: %j is reported at offset %i (line %i, column %i), without its text", (text, offset, line, column) => {
    const e = errorOf(() => parseJsonText(text));
    expect(e.code).toBe("ERR_JWKS_JSON_SYNTAX");
    expect({ offset: e.offset, line: e.line, column: e.column }).toEqual({ offset, line, column });
    expect(e.message).toBe(`not valid JSON at line ${line}, column ${column} (offset ${offset} of ${text.length} characters)`);
  });

  test("regression: V8 quotes the text around the error; this error does not", () => {
    const text = `{"access_token": ${SECRET}}`; // a token not in quotes
    expect(() => JSON.parse(text)).toThrow(SECRET.slice(0, 8)); // what the old messages did
    const e = errorOf(() => parseJsonText(text));
    for (let i = 0; i + 8 <= SECRET.length; i++) expect(e.message).not.toContain(SECRET.slice(i, i + 8));
  });

  test("property: the scanner agrees with JSON.parse on valid documents, and on where V8 says a document breaks", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(), fc.constantFrom("", "}", "]", ",", ":", "x", '"', "\\", "\u0000"), (value, at, junk) => {
        const valid = JSON.stringify(value, null, at % 3);
        expect(jsonErrorOffset(valid)).toBeUndefined();
        const cut = at % (valid.length + 1);
        const broken = valid.slice(0, cut) + junk + valid.slice(cut);
        let v8: string | undefined;
        try {
          JSON.parse(broken);
        } catch (e) {
          v8 = (e as Error).message;
        }
        const offset = jsonErrorOffset(broken);
        if (v8 === undefined) {
          expect(offset).toBeUndefined();
        } else {
          expect(offset).toBeDefined();
          const position = /at position (\d+)/.exec(v8);
          if (position) expect(offset).toBe(Number(position[1]));
          if (/Unexpected end of JSON input/.test(v8)) expect(offset).toBe(broken.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  test("a document nested deeper than the scanner's stack still fails cleanly, without a position", () => {
    const deep = "[".repeat(200_000);
    const e = errorOf(() => parseJsonText(deep));
    expect(e.code).toBe("ERR_JWKS_JSON_SYNTAX");
    expect(e.message).toMatch(/^not valid JSON/);
  });
});
