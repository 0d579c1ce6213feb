/**
 * The JWK Set document: deterministic serialisation, parsing of untrusted text, vendor-quirk normalisation.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { canonicalKeys, normaliseKey, orderMembers, parseJwks, serialiseJwks } from "../../../provider/core/jwks/document";
import { describeKey, generateKey, type PublicJwk } from "../../../provider/core/keys/material";

let keys: PublicJwk[];

beforeAll(async () => {
  const make = async (alg: string, kid: string, keyOps?: string[]) =>
    (await describeKey(await generateKey({ alg }), { alg, use: alg.startsWith("RSA-OAEP") ? "enc" : "sig", kid, keyOps })).publicJwk;
  keys = await Promise.all([
    make("ES256", "b-key", ["sign", "verify"]),
    make("EdDSA", "c-key"),
    make("RS256", "a-key"),
    make("RSA-OAEP-256", "d-key"),
  ]);
});

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [[...xs]];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/** The same key with its members inserted in reverse order. */
function reversedMembers<T extends Record<string, unknown>>(k: T): T {
  return Object.fromEntries(Object.entries(k).reverse()) as T;
}

function errorOf(fn: () => unknown): { code?: string; failures?: { property: string; reason: string }[] } {
  try {
    fn();
  } catch (e) {
    return e as { code?: string; failures?: { property: string; reason: string }[] };
  }
  throw new Error("expected a throw");
}

describe("serialiseJwks", () => {
  test("the same set in any order, with members in any order, gives byte-identical text", () => {
    const texts = new Set(permutations(keys).map((p, i) => serialiseJwks(i % 2 === 0 ? p : p.map(reversedMembers))));
    expect(texts.size).toBe(1);
  });

  test("keys are sorted by kid and each key's members follow kty, kid, use, key_ops, alg, then key members", () => {
    const text = serialiseJwks(keys);
    const doc = JSON.parse(text) as { keys: Record<string, unknown>[] };
    expect(Object.keys(doc)).toEqual(["keys"]);
    expect(doc.keys.map((k) => k.kid)).toEqual(["a-key", "b-key", "c-key", "d-key"]);
    expect(Object.keys(doc.keys[0]!)).toEqual(["kty", "kid", "use", "alg", "n", "e"]);
    expect(Object.keys(doc.keys[1]!)).toEqual(["kty", "kid", "use", "key_ops", "alg", "crv", "x", "y"]);
    expect(Object.keys(doc.keys[2]!)).toEqual(["kty", "kid", "use", "alg", "crv", "x"]);
    // And the values are the keys given, unchanged.
    expect(doc.keys).toEqual([keys[2], keys[0], keys[1], keys[3]]);
  });

  test("two-space indentation and a trailing newline", () => {
    const text = serialiseJwks(keys);
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.endsWith("\n\n")).toBe(false);
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
    expect(text.startsWith('{\n  "keys": [\n    {\n      "kty": ')).toBe(true);
  });

  test("unknown members follow the known ones, sorted by name", () => {
    const k = { zeta: 1, x: "xx", "x5t#S256": "t", kid: "k", alpha: true, kty: "OKP", crv: "Ed25519" };
    expect(Object.keys(orderMembers(k))).toEqual(["kty", "kid", "crv", "x", "x5t#S256", "alpha", "zeta"]);
    const text = serialiseJwks([k as unknown as PublicJwk]);
    expect(Object.keys((JSON.parse(text) as { keys: object[] }).keys[0]!)).toEqual(["kty", "kid", "crv", "x", "x5t#S256", "alpha", "zeta"]);
  });

  test("the input is not mutated", () => {
    const input = [keys[1]!, keys[0]!].map(reversedMembers);
    const before = JSON.stringify(input);
    serialiseJwks(input);
    expect(JSON.stringify(input)).toBe(before);
  });

  test("an empty set serialises to an empty keys array", () => {
    expect(JSON.parse(serialiseJwks([]))).toEqual({ keys: [] });
  });

  test("canonicalKeys puts keys without a kid last, in their original order", () => {
    const sorted = canonicalKeys([{ kty: "EC", n: 1 }, { kid: "b" }, { kty: "EC", n: 2 }, { kid: "a" }] as Record<string, unknown>[]);
    expect(sorted).toEqual([{ kid: "a" }, { kid: "b" }, { kty: "EC", n: 1 }, { kty: "EC", n: 2 }]);
  });
});

describe("parseJwks", () => {
  test("round trip: parsing the serialised set gives the keys back", () => {
    expect(parseJwks(serialiseJwks(keys), "jwks.json")).toEqual(canonicalKeys(keys));
  });

  test("non-JSON text is ERR_JWKS_INVALID at the source", () => {
    for (const text of ["", "{", "<html>not json</html>", "{'keys': []}"]) {
      const e = errorOf(() => parseJwks(text, "https://idp.example/jwks"));
      expect(e.code).toBe("ERR_JWKS_INVALID");
      expect(e.failures).toEqual([{ property: "https://idp.example/jwks", reason: expect.stringContaining("not valid JSON") }]);
    }
  });

  test("regression: a broken document is reported by position, never quoted (a private d in it stays unprinted)", () => {
    const d = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
    const text = `{"keys": [{"kty": "OKP", "crv": "Ed25519", "d": "${d}", "x": 11qoPvt}]}`;
    const e = errorOf(() => parseJwks(text, "jwks.json"));
    expect(e.code).toBe("ERR_JWKS_INVALID");
    expect(e.failures).toEqual([
      { property: "jwks.json", reason: `not valid JSON at line 1, column 103 (offset 102 of ${text.length} characters)` },
    ]);
    for (let i = 0; i + 8 <= d.length; i++) expect(JSON.stringify(e.failures)).not.toContain(d.slice(i, i + 8));
  });

  test("JSON without a keys array is ERR_JWKS_INVALID at the source", () => {
    for (const text of ["{}", "[]", "null", "42", '"keys"', '{"keys": {}}', '{"keys": null}', '{"Keys": []}']) {
      const e = errorOf(() => parseJwks(text, "file.json"));
      expect(e.code).toBe("ERR_JWKS_INVALID");
      expect(e.failures).toEqual([{ property: "file.json", reason: expect.stringContaining('"keys" array') }]);
    }
  });

  test("a non-object entry is ERR_JWKS_INVALID at its index", () => {
    for (const [entries, index] of [
      ["[3]", 0],
      ['[{}, "k"]', 1],
      ["[{}, {}, null]", 2],
      ["[[]]", 0],
    ] as const) {
      const e = errorOf(() => parseJwks(`{"keys": ${entries}}`, "src"));
      expect(e.code).toBe("ERR_JWKS_INVALID");
      expect(e.failures).toEqual([{ property: `src.keys[${index}]`, reason: "not a JSON object" }]);
    }
  });

  test("entries are normalised but not validated", () => {
    const text = JSON.stringify({
      keys: [
        { kty: "oct", k: "c2VjcmV0", kid: "" },
        { kty: "RSA", kid: "j_sig_rs256", crv: "", x: null, y: null, n: "AQAB", e: "AQAB" },
      ],
    });
    expect(parseJwks(text, "src")).toEqual([
      { kty: "oct", k: "c2VjcmV0" },
      { kty: "RSA", kid: "j_sig_rs256", n: "AQAB", e: "AQAB" },
    ]);
  });
});

describe("normaliseKey", () => {
  test('drops Janssen\'s "crv": "" and "x": null, "y": null on RSA keys', () => {
    const rsa = keys[2]!;
    const janssen = {
      kty: "RSA",
      kid: "0b2c8a1e-7d52-4a0c-9d3e-3c1f3d0c5a11_sig_rs256",
      use: "sig",
      alg: "RS256",
      crv: "",
      x: null,
      y: null,
      n: rsa.n,
      e: rsa.e,
      exp: 1767225600000,
      x5c: ["MIIC"],
    };
    expect(normaliseKey(janssen)).toEqual({
      kty: "RSA",
      kid: janssen.kid,
      use: "sig",
      alg: "RS256",
      n: rsa.n,
      e: rsa.e,
      exp: 1767225600000,
      x5c: ["MIIC"],
    });
  });

  test("keeps meaningful falsy values (0, false, empty arrays) and drops undefined", () => {
    expect(normaliseKey({ kty: "EC", zero: 0, no: false, ops: [], gone: undefined, empty: "" })).toEqual({
      kty: "EC",
      zero: 0,
      no: false,
      ops: [],
    });
    expect(Object.keys(normaliseKey({ kty: "EC", gone: undefined }))).toEqual(["kty"]);
  });

  test("does not modify its argument", () => {
    const raw = { kty: "RSA", crv: "", x: null };
    normaliseKey(raw);
    expect(raw).toEqual({ kty: "RSA", crv: "", x: null });
  });
});
