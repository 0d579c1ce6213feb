import { generateKeyPairSync } from "node:crypto";
import * as jose from "jose";
import { afterEach, describe, expect, test, vi } from "vitest";
import { clientAssertion } from "../../provider/sign";

function es256() {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { privateJwk: { ...privateKey.export({ format: "jwk" }), kid: "client-key" }, publicKey };
}

describe("clientAssertion (RFC 7523 section 3)", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test("iss = sub = client_id, aud, iat, exp = iat + lifetime, a fresh jti; header alg, kid, typ JWT", async () => {
    vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z"), toFake: ["Date"] });
    const { privateJwk, publicKey } = es256();
    const options = { privateJwk, alg: "ES256", clientId: "app", audience: "https://as.example/token" };
    const jwt = await clientAssertion({ ...options, lifetimeSeconds: 120 });
    const { payload, protectedHeader } = await jose.jwtVerify(jwt, publicKey, { currentDate: new Date("2026-01-01T00:00:30Z") });
    expect(protectedHeader).toEqual({ alg: "ES256", kid: "client-key", typ: "JWT" });
    const iat = Date.parse("2026-01-01T00:00:00Z") / 1000;
    expect(payload).toEqual({ iss: "app", sub: "app", aud: "https://as.example/token", jti: expect.any(String), iat, exp: iat + 120 });
    const again = jose.decodeJwt(await clientAssertion(options));
    expect(again.jti).not.toBe(payload.jti);
    expect(again.exp).toBe(iat + 60); // the default lifetime
    expect(jose.decodeJwt(await clientAssertion({ ...options, jti: "fixed" })).jti).toBe("fixed");
  });

  test("every bad field is named at once", async () => {
    const { privateJwk } = es256();
    const { kid: _kid, ...noKid } = privateJwk;
    const error = await clientAssertion({
      privateJwk: noKid,
      alg: "ES256",
      clientId: "",
      audience: 3 as never,
      lifetimeSeconds: 7200,
    }).catch((e: { failures?: unknown }) => e);
    expect(error).toMatchObject({
      code: "ERR_JWK_INVALID_INPUT",
      failures: [
        { property: "clientId", reason: "must be a non-empty string" },
        { property: "audience", reason: "must be a non-empty string" },
        { property: "lifetimeSeconds", reason: "must be a whole number of seconds from 1 to 3600" },
        { property: "kid", reason: expect.stringMatching(/is needed/) },
      ],
    });
  });
});
