/**
 * Interpreting ReachFive answers, with hand-made responses: what is accepted, and each refusal's code and reason.
 */
import { describe, expect, test } from "vitest";
import type { HttpResponse } from "../../../provider/http/send";
import { processClient, processJwks, processSiteKey, publicKeyOf } from "../../../provider/vendors/reachfive/responses";

const response = (body: unknown): HttpResponse => ({ status: 200, headers: { "content-type": "application/json" }, body });
const key = { kty: "RSA", kid: "k1", use: "sig", alg: "RS256", n: "AQAB-n", e: "AQAB" };
const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return `${(e as { code?: string }).code}: ${(e as Error).message}`;
  }
  return undefined;
};

describe("ReachFive responses", () => {
  test("a site key keeps only public RSA members", () => {
    expect(processSiteKey(response({ ...key, x5t: "ignored" }), "reachfive t", "read")).toEqual(key);
  });

  test("a key with private members is refused, naming its kid, never copied", () => {
    expect(publicKeyOf({ ...key, d: "secret" })).toBe('key "k1" carries private members');
    const err = codeOf(() => processJwks(response({ keys: [key, { ...key, kid: "k2", d: "secret" }] }), "reachfive t"));
    expect(err).toBe('ERR_JWKS_REACHFIVE_RESPONSE: reachfive t: read /jwks.json: unexpected answer: key "k2" carries private members');
    expect(err).not.toContain("secret");
  });

  test("/jwks.json without keys, or with a non-RSA key, is an unexpected answer", () => {
    expect(codeOf(() => processJwks(response("<html>"), "reachfive t"))).toMatch(/^ERR_JWKS_REACHFIVE_RESPONSE: .*no "keys" array/);
    expect(codeOf(() => processJwks(response({ keys: [{ kty: "EC", kid: "e" }] }), "reachfive t"))).toMatch(/key "e" is not RSA/);
    expect(processJwks(response({ keys: [] }), "reachfive t")).toEqual([]);
  });

  test("a client: id, alg, jwks_type and the signing kid", () => {
    const body = { client_id: "app", name: "App", id_token_signed_response_alg: "RS256", jwks_type: "client_specific", kid: "k9" };
    expect(processClient(response(body), "t", "read")).toEqual({ clientId: "app", alg: "RS256", jwksType: "client_specific", kid: "k9" });
    expect(processClient(response({ client_id: "h", id_token_signed_response_alg: "HS256" }), "t", "read")).toEqual({
      clientId: "h",
      alg: "HS256",
    });
  });

  test("a client without an alg, or with an unknown jwks_type, is refused", () => {
    expect(codeOf(() => processClient(response({ client_id: "a" }), "t", "read"))).toMatch(/has no id_token_signed_response_alg/);
    expect(
      codeOf(() => processClient(response({ client_id: "a", id_token_signed_response_alg: "RS256", jwks_type: "mixed" }), "t", "read")),
    ).toMatch(/unknown jwks_type "mixed"/);
    expect(codeOf(() => processClient(response([]), "t", "read"))).toMatch(/not a JSON object/);
  });
});
