import { expect, test } from "vitest";
import { parsePkcs11Uri, pkcs11RequestFailures, referenceId, PKCS11_ALGORITHMS } from "../../../provider/custody/pkcs11/uri";
import { loadAddon } from "../../../provider/custody/pkcs11/session";
import { custodyBackend, custodyFailures, CUSTODY_SCHEMES } from "../../../provider/registry/custody";
import { custodyInputFailures } from "../../../provider/resources/jwk/custody";
import { Pkcs11AddonMissingError } from "../../../provider/errors";

const MODULE = "/usr/lib/softhsm/libsofthsm2.so";
const uri = (path: string, query = `module-path=${MODULE}&pin-source=env:HSM_PIN`) => `pkcs11:${path}?${query}`;

test("an RFC 7512 URI: token and object labels, id as bytes (any bytes, percent-encoded), module path and pin source", () => {
  expect(parsePkcs11Uri(uri("token=My%20Token;object=signing;id=%01%ff;type=private"), "keyUri")).toEqual({
    token: "My Token",
    object: "signing",
    id: Buffer.from([1, 255]),
    modulePath: MODULE,
    pinSource: "env:HSM_PIN",
  });
  const address = parsePkcs11Uri(uri("token=t;object=o", `module-path=${MODULE}&pin-source=file:/run/secrets/pin`), "keyUri");
  expect(address).toMatchObject({ token: "t", object: "o", pinSource: "file:/run/secrets/pin" });
  expect(referenceId({ token: "My Token", object: "o", modulePath: MODULE, pinSource: "env:X" }, Buffer.from([1, 255]))).toBe(
    "token=My%20Token;object=o;id=%01%ff",
  );
});

test("the backend is registered under pkcs11:", () => {
  expect(CUSTODY_SCHEMES).toContain("pkcs11");
  expect(custodyBackend(uri("token=t;object=o")).scheme).toBe("pkcs11");
});

test.each([
  [
    "a PIN value in the query",
    uri("token=t;object=o", `module-path=${MODULE}&pin-value=123456`),
    /attribute "pin-value" would put a secret in the URI/,
  ],
  ["a PIN value in the path", uri("token=t;object=o;pin-value=123456"), /attribute "pin-value" would put a secret in the URI/],
  ["a pin attribute", uri("token=t;object=o", `module-path=${MODULE}&pin-source=env:X&pin=1234`), /attribute "pin" would put a secret/],
  ["no token", uri("object=o"), /needs token=<token label>/],
  ["no object", uri("token=t"), /needs object=<key label>/],
  ["no module path", uri("token=t;object=o", "pin-source=env:X"), /needs \?module-path=/],
  [
    "a relative module path",
    uri("token=t;object=o", "module-path=libsofthsm2.so&pin-source=env:X"),
    /module-path must be an absolute path/,
  ],
  ["no pin source", uri("token=t;object=o", `module-path=${MODULE}`), /needs &pin-source=env:NAME or file:\/path/],
  [
    "a pin source that is no source",
    uri("token=t;object=o", `module-path=${MODULE}&pin-source=1234`),
    /pin-source must be env:NAME or file:/,
  ],
  ["an unknown attribute", uri("token=t;object=o;slot-id=1"), /unknown attribute "slot-id" before "\?"/],
  ["a public half", uri("token=t;object=o;type=public"), /type must be "private"/],
  ["a bad id", uri("token=t;object=o;id=%zz"), /"id" has a malformed percent-encoding/],
])("refused at preview, naming the attribute: %s", (_, keyUri, reason) => {
  const failures = custodyFailures({ uri: keyUri, alg: "ES256" }, "keyUri");
  expect(failures.map((f) => f.reason).join("\n")).toMatch(reason);
  expect(failures.every((f) => f.property === "keyUri")).toBe(true);
  expect(JSON.stringify(failures)).not.toMatch(/123456|1234\b/);
});

test("a PIN in a Jwk's keyUri is refused without the engine printing the URI (the failure names no property)", () => {
  const failures = custodyInputFailures({ alg: "ES256", keyUri: uri("token=t;object=o", `module-path=${MODULE}&pin-value=4242`) });
  expect(failures).toEqual([{ property: "", reason: expect.stringMatching(/^keyUri: attribute "pin-value" would put a secret/) }]);
});

test("an algorithm a pkcs11: key cannot serve is refused, naming those it serves; so is an RSA size it does not make", () => {
  const f = pkcs11RequestFailures(uri("token=t;object=o"), "EdDSA", undefined, "keyUri");
  expect(f).toEqual([{ property: "alg", reason: `a pkcs11: key signs only: it can serve ${PKCS11_ALGORITHMS.join(", ")}, not "EdDSA"` }]);
  expect(PKCS11_ALGORITHMS).toEqual(expect.arrayContaining(["ES256", "ES384", "RS256", "PS256"]));
  expect(pkcs11RequestFailures(uri("token=t;object=o"), "RSA-OAEP", undefined, "keyUri")[0]?.property).toBe("alg");
  expect(pkcs11RequestFailures(uri("token=t;object=o"), "RS256", 1024, "keyUri")).toEqual([
    { property: "modulusLength", reason: "a pkcs11: RSA key is created with 2048, 3072 or 4096 bits, not 1024" },
  ]);
  expect(pkcs11RequestFailures(uri("token=t;object=o"), "PS256", 3072, "keyUri")).toEqual([]);
});

test("without the optional addon pkcs11js, the error says what to install", () => {
  const absent = () => {
    throw Object.assign(new Error("Cannot find module 'pkcs11js'"), { code: "MODULE_NOT_FOUND" });
  };
  let error: unknown;
  try {
    loadAddon(absent);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(Pkcs11AddonMissingError);
  expect((error as Pkcs11AddonMissingError).code).toBe("ERR_JWKS_PKCS11_ADDON_MISSING");
  expect((error as Error).message).toMatch(
    /needs the optional native addon pkcs11js, which is not installed: install it beside pulumi-jwk \(npm install pkcs11js;/,
  );
  const broken = () => {
    throw new Error("libfoo.so: cannot open shared object file\nstack");
  };
  expect(() => loadAddon(broken)).toThrow(
    /is installed but does not load \(libfoo\.so: cannot open shared object file; rebuild it: npm rebuild pkcs11js\)/,
  );
  expect(loadAddon()).toHaveProperty("PKCS11");
});
