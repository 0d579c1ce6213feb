/**
 * What providers let out: a check failure never names a secret-holding input (pulumi prints that input's value
 * raw), and a failure reason or a thrown error that quotes a secret is withheld.
 */
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, test } from "vitest";
import {
  bindingSecretInputs,
  guarded,
  guardProvider,
  jwkSecretInputs,
  jwkSetSecretInputs,
  safeError,
  safeFailures,
} from "../../provider/pulumi/guard";
import { JwkError, JwkInputError } from "../../provider/errors";
import { quotesSecret, secretTexts } from "../../provider/core/keys/redact";

const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
const PEM = privateKey.export({ type: "pkcs8", format: "pem" }) as string;
const JWK = privateKey.export({ format: "jwk" }) as Record<string, string>;
const PEM_LINE = PEM.split("\n")[1]!;

describe("secretTexts / quotesSecret", () => {
  test("a PEM's armour is no secret, its lines are; JSON-escaped line breaks split too", () => {
    const texts = secretTexts(PEM);
    expect(texts.some((t) => t.includes("BEGIN"))).toBe(false);
    expect(texts).toContain(PEM_LINE);
    expect(secretTexts(JSON.stringify(PEM))).toContain(PEM_LINE);
    expect(quotesSecret(`the key is ${PEM.split("\n")[0]}`, texts)).toBe(false);
    expect(quotesSecret(`... ${PEM_LINE.slice(20, 28)} ...`, texts)).toBe(true);
  });
});

describe("safeFailures", () => {
  test("regression: a failure on privateKeyPem or privateJwk names no property and carries the path in its reason", () => {
    const secrets = jwkSecretInputs({ privateKeyPem: PEM });
    expect(
      safeFailures(
        [
          { property: "privateKeyPem", reason: "the key (kty EC, crv P-256) cannot be used with alg RS256" },
          { property: "privateJwk.d", reason: "must be base64url" },
          { property: "alg", reason: "must be one of ..." },
        ],
        secrets,
      ),
    ).toEqual([
      { property: "", reason: "privateKeyPem: the key (kty EC, crv P-256) cannot be used with alg RS256" },
      { property: "", reason: "privateJwk.d: must be base64url" },
      { property: "alg", reason: "must be one of ..." },
    ]);
  });

  test("a reason that quotes any run of a secret is withheld, whatever property it is on", () => {
    const secrets = jwkSecretInputs({ privateJwk: JWK });
    const [f] = safeFailures([{ property: "kid", reason: `bad ${JWK.d!.slice(5, 20)}` }], secrets);
    expect(f).toEqual({ property: "kid", reason: expect.stringContaining("withheld") });
    expect(f!.reason).not.toContain(JWK.d!.slice(5, 13));
  });

  test("JwkSet: keys holds a secret only when a key has private members", () => {
    expect(jwkSetSecretInputs({ keys: [{ kty: "EC", x: JWK.x, y: JWK.y }] }).properties).toEqual([]);
    const secrets = jwkSetSecretInputs({ keys: [{ ...JWK, kid: "k" }] });
    expect(secrets.properties).toEqual(["keys"]);
    expect(safeFailures([{ property: "keys[0].d", reason: "private member" }], secrets)).toEqual([
      { property: "", reason: "keys[0].d: private member" },
    ]);
    // Public members are no secret: a reason may name x.
    expect(quotesSecret(`x ${JWK.x}`, secrets.texts)).toBe(false);
  });
});

describe("safeError / guarded", () => {
  test("keeps code, name, message and stack frames of a harmless error; drops its cause", () => {
    const original = new JwkInputError([{ property: "alg", reason: "unsupported" }]);
    Object.assign(original, { cause: new Error(`inner ${PEM_LINE}`) });
    const safe = safeError(original, jwkSecretInputs({ privateKeyPem: PEM }));
    expect(safe).toMatchObject({ code: "ERR_JWK_INVALID_INPUT", name: "JwkInputError", message: "alg: unsupported" });
    expect(safe.cause).toBeUndefined();
    expect(safe.stack!.split("\n")[0]).toBe("JwkInputError: alg: unsupported");
    expect(safe.stack).toMatch(/\n\s+at /);
  });

  test("regression: an error whose message quotes a secret is withheld, in its message and in its stack", async () => {
    const secrets = jwkSecretInputs(undefined, { privateKeyPem: PEM, privateJwk: JWK }); // old state: generated key
    const err = await guarded(secrets, async () => {
      throw new JwkError("ERR_JWKS_TARGET", `write failed: ${JSON.stringify({ d: JWK.d })}`);
    }).catch((e: Error) => e);
    expect(err).toMatchObject({ code: "ERR_JWKS_TARGET", message: expect.stringContaining("withheld") });
    for (const text of [err.message, err.stack!, String(err)]) expect(text).not.toContain(JWK.d!.slice(0, 8));
  });

  test("a thrown non-error becomes a JwkError with a code", async () => {
    const err = await guarded(jwkSecretInputs(), async () => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- the case under test
      throw "plain string";
    }).catch((e: JwkError) => e);
    expect(err).toMatchObject({ code: "ERR_JWK_PROVIDER", message: "plain string" });
  });

  test("a result passes through untouched", async () => {
    expect(await guarded(jwkSecretInputs(), async () => 42)).toBe(42);
  });
});

describe("guardProvider and the provider entries the engine loads", () => {
  test("every method is wrapped; check failures are made safe; errors are withheld; later methods are covered too", async () => {
    const methods = {
      check: async (_olds: unknown, news: { privateKeyPem?: string }) => ({
        inputs: news,
        failures: [{ property: "privateKeyPem", reason: `bad key ${String(news.privateKeyPem).split("\n")[1]}` }],
      }),
      create: async (inputs: { privateKeyPem?: string }) => {
        throw new JwkError("ERR_X", `cannot create from ${inputs.privateKeyPem}`);
      },
      addedLater: async () => "ok",
    };
    const guardedMethods = guardProvider(methods, jwkSecretInputs);
    expect(Object.keys(guardedMethods).sort()).toEqual(["addedLater", "check", "create"]);
    const checked = await guardedMethods.check({}, { privateKeyPem: PEM });
    expect(checked.failures).toEqual([{ property: "", reason: expect.stringContaining("privateKeyPem: ") }]);
    expect(JSON.stringify(checked.failures)).not.toContain(PEM_LINE.slice(0, 8));
    await expect(guardedMethods.create({ privateKeyPem: PEM })).rejects.toMatchObject({
      code: "ERR_X",
      message: expect.stringContaining("withheld"),
    });
    expect(await guardedMethods.addedLater()).toBe("ok");
  });

  test("regression: the Jwk entry (what pulumi-jwk/providers/jwk serves) fails an EC key with RS256 without naming privateKeyPem", async () => {
    const entry =
      (await import("../../provider/resources/jwk/entry.js")) as unknown as typeof import("../../provider/resources/jwk/provider");
    const check = entry.check ?? (entry as unknown as { default: typeof entry }).default.check;
    const result = await check({ alg: "RS256" }, { alg: "RS256", privateKeyPem: PEM });
    expect(result.failures).toEqual([{ property: "", reason: "privateKeyPem: the key (kty EC, crv P-256) cannot be used with alg RS256" }]);
  });
});

describe("the ClientKeyBinding entry (pulumi-jwk/providers/binding)", () => {
  test("a private JWK bound by mistake fails check without naming keys; a rotated token is never quoted", async () => {
    type Check = (olds: object, news: object) => Promise<{ failures: { property: string; reason: string }[] }>;
    const loaded = (await import("../../provider/resources/binding/entry.js")) as unknown as { check?: Check; default: { check: Check } };
    const entry = { check: loaded.check ?? loaded.default.check };
    const client = { kind: "rfc7592", registrationClientUri: "http://127.0.0.1:1/reg/app" };
    const { failures } = await entry.check({}, { client, keys: [{ ...JWK, kid: "k", use: "sig", alg: "ES256" }] });
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((f) => f.property === "")).toBe(true);
    expect(failures.map((f) => f.reason).join("\n")).toMatch(/^keys\[0\]\.d: private/m);
    expect(JSON.stringify(failures)).not.toContain(JWK.d);
    const token = "rotated-registration-token-0123456789";
    const secrets = bindingSecretInputs({ rotatedCredentials: { RAT: token } });
    expect(safeError(new Error(`server said ${token}`), secrets).message).not.toContain(token);
  });
});
