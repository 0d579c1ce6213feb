/**
 * The pkcs11: backend against a real SoftHSM2 token (softhsm.ts): every algorithm created on the token, its
 * private half sensitive and not extractable, read back as a public JWK, signing verified by jose; create is
 * idempotent; a key of another type, a wrong PIN, an unknown token are refused with what to do.
 */
import { randomBytes } from "node:crypto";
import { describe, expect, test } from "vitest";
import * as jose from "jose";
import { pkcs11Backend as backend } from "../../../provider/custody/pkcs11/backend";
import { withSession } from "../../../provider/custody/pkcs11/session";
import { findObjects } from "../../../provider/custody/pkcs11/objects";
import { parsePkcs11Uri, PKCS11_ALGORITHMS, type Pkcs11Address } from "../../../provider/custody/pkcs11/uri";
import { PIN_VARIABLE, softHsmMissing, softHsmToken } from "./softhsm";

const missing = softHsmMissing();
const hsm = missing ? undefined : softHsmToken();
const label = (alg: string) => `${alg.toLowerCase()}-${randomBytes(4).toString("hex")}`;
const address = (uri: string) => parsePkcs11Uri(uri, "keyUri") as Pkcs11Address;

describe.skipIf(missing !== undefined)("pkcs11: on SoftHSM2", () => {
  const token = hsm!;

  test.each(PKCS11_ALGORITHMS)("%s: created on the token (sensitive, not extractable), signed there, verified by jose", async (alg) => {
    const uri = token.uri(label(alg));
    expect(await backend.describe({ uri, alg }, {})).toBeUndefined();
    const key = await backend.create({ uri, alg }, {});
    expect(key.state).toBe("enabled");
    expect(key.reference.backend).toBe("pkcs11");
    expect(key.reference.id).toMatch(new RegExp(`^token=${token.token};object=${alg.toLowerCase()}-[0-9a-f]{8};id=(%[0-9a-f]{2}){8}$`));
    expect(Object.keys(key.publicJwk).filter((m) => ["d", "p", "q", "dp", "dq", "qi"].includes(m))).toEqual([]);
    expect(key.publicJwk.kid).toBe(await jose.calculateJwkThumbprint(key.publicJwk));

    const facts = await withSession(address(uri), false, (s) => {
      const [priv] = findObjects(s, "private", address(uri).object);
      const attrs = s.module.C_GetAttributeValue(s.handle, priv!, [
        { type: s.ck.CKA_SENSITIVE },
        { type: s.ck.CKA_EXTRACTABLE },
        { type: s.ck.CKA_TOKEN },
        { type: s.ck.CKA_ALWAYS_SENSITIVE },
        { type: s.ck.CKA_NEVER_EXTRACTABLE },
      ]);
      return attrs.map((a) => (a.value as Buffer)[0]);
    });
    expect(facts).toEqual([1, 0, 1, 1, 1]);

    const payload = new TextEncoder().encode(`pkcs11 ${alg} ${"x".repeat(4000)}`);
    const header = { alg, kid: key.publicJwk.kid };
    const input = `${jose.base64url.encode(JSON.stringify(header))}.${jose.base64url.encode(payload)}`;
    const signature = await backend.sign({ uri, alg }, new TextEncoder().encode(input), {});
    if (alg.startsWith("ES")) expect(signature.length).toBe({ ES256: 64, ES384: 96, ES512: 132 }[alg]);
    const jws = `${input}.${jose.base64url.encode(signature)}`;
    const verified = await jose.compactVerify(jws, await jose.importJWK(key.publicJwk, alg));
    expect(verified.protectedHeader.alg).toBe(alg);
    expect(new TextDecoder().decode(verified.payload)).toBe(new TextDecoder().decode(payload));

    expect(await backend.describe({ uri, alg }, {})).toEqual(key);
  });

  test("create is idempotent: a second create adopts the key (same kid), the token holds one pair", async () => {
    const uri = token.uri(label("again"));
    const logs: string[] = [];
    const first = await backend.create({ uri, alg: "ES256" }, { log: (m) => logs.push(m) });
    const second = await backend.create({ uri, alg: "ES256" }, { log: (m) => logs.push(m) });
    expect(second).toEqual(first);
    expect(logs[0]).toMatch(/^pkcs11: generated token=.* \(sensitive, not extractable\)$/);
    expect(logs[1]).toMatch(/^pkcs11: adopting token=/);
    const counts = await withSession(address(uri), false, (s) => [
      findObjects(s, "private", address(uri).object).length,
      findObjects(s, "public", address(uri).object).length,
    ]);
    expect(counts).toEqual([1, 1]);
  });

  test("the URI's id is the key's CKA_ID; an RSA key is made with the modulus length asked", async () => {
    const object = label("rsa");
    const uri = token.uri(object, ";id=%00%ff%10");
    const key = await backend.create({ uri, alg: "PS256", modulusLength: 3072 }, {});
    expect(key.reference.id).toBe(`token=${token.token};object=${object};id=%00%ff%10`);
    expect(Buffer.from(String(key.publicJwk.n), "base64url").length).toBe(384);
  });

  test("a key of another type or curve under the label is refused, naming what the alg needs", async () => {
    const uri = token.uri(label("p256"));
    await backend.create({ uri, alg: "ES256" }, {});
    await expect(backend.create({ uri, alg: "ES384" }, {})).rejects.toThrow(/the key is an EC P-256 key; ES384 needs an EC P-384 key/);
    await expect(backend.describe({ uri, alg: "RS256" }, {})).rejects.toThrow(/RS256 needs an RSA key/);
  });

  test("a wrong PIN, an unset PIN variable and an unknown token are refused, naming what to fix and never a PIN", async () => {
    const uri = token.uri(label("pin"));
    const pin = process.env[PIN_VARIABLE]!;
    process.env.JWK_SOFTHSM_WRONG_PIN = "0000";
    const wrong = uri.replace(`env:${PIN_VARIABLE}`, "env:JWK_SOFTHSM_WRONG_PIN");
    await expect(backend.create({ uri: wrong, alg: "ES256" }, {})).rejects.toMatchObject({
      code: "ERR_JWKS_PKCS11_REQUEST",
      message: expect.stringMatching(/C_Login: .*CKR_PIN_INCORRECT/),
    });
    const unset = uri.replace(`env:${PIN_VARIABLE}`, "env:JWK_SOFTHSM_UNSET_PIN");
    await expect(backend.describe({ uri: unset, alg: "ES256" }, {})).rejects.toThrow(
      /environment variable JWK_SOFTHSM_UNSET_PIN is not set/,
    );
    const elsewhere = uri.replace(`token=${token.token}`, "token=no-such-token");
    const error = await backend.describe({ uri: elsewhere, alg: "ES256" }, {}).then(
      () => "no error",
      (e: Error) => e.message,
    );
    expect(error).toMatch(new RegExp(`no initialised token labelled "no-such-token" in .* \\(tokens: .*"${token.token}"`));
    expect(error).not.toContain(pin);
  });

  test("CKM_ECDSA on SoftHSM returns r||s (64 bytes on P-256), not DER: the JOSE form as it is", async () => {
    const uri = token.uri(label("raw"));
    await backend.create({ uri, alg: "ES256" }, {});
    const raw = await withSession(address(uri), false, (s) => {
      const [priv] = findObjects(s, "private", address(uri).object);
      s.module.C_SignInit(s.handle, { mechanism: s.ck.CKM_ECDSA }, priv!);
      return s.module.C_Sign(s.handle, Buffer.alloc(32, 7), Buffer.alloc(256));
    });
    expect(raw.length).toBe(64);
  });

  test("sign with no key on the token says so", async () => {
    await expect(backend.sign({ uri: token.uri(label("none")), alg: "ES256" }, new Uint8Array([1]), {})).rejects.toThrow(
      /the token holds no private key with this label/,
    );
  });
});
