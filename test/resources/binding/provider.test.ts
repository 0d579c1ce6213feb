/**
 * A ClientKeyBinding create reads as: parse the engine's inputs once (the client reference checked and opened,
 * the declared binding built and checked), then plan, apply through the kind's adapter, report. The kind is
 * asked for each of those once; an in-memory client document stands in for the server.
 */
import { generateKeyPairSync } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import { documentBinder } from "../../../provider/clients/document";
import type { LiveBinding } from "../../../provider/clients/types";
import { rfc7592Kind } from "../../../provider/clients/rfc7592/rfc7592";
import { create } from "../../../provider/resources/binding/provider";

function ecKey(kid: string) {
  const jwk = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" }) as Record<string, string>;
  return { kty: "EC", crv: "P-256", x: jwk.x ?? "", y: jwk.y ?? "", kid, use: "sig", alg: "ES256" };
}

afterEach(() => vi.restoreAllMocks());

describe("ClientKeyBinding create", () => {
  it("checks the client reference once, opens it once, asks the kind's rules once, writes once", async () => {
    let doc: LiveBinding = { keys: [], authMethod: "client_secret_basic" };
    const write = vi.fn((next: LiveBinding) => void (doc = structuredClone(next)));
    const memory = documentBinder({ name: "client app", read: async () => structuredClone(doc), write: async (n) => write(n) });
    const configFailures = vi.spyOn(rfc7592Kind, "configFailures");
    const bindingFailures = vi.spyOn(rfc7592Kind, "bindingFailures");
    const open = vi.spyOn(rfc7592Kind, "open").mockReturnValue(memory);
    const identity = vi.spyOn(rfc7592Kind, "identity");
    const client = { kind: "rfc7592" as const, registrationClientUri: "http://127.0.0.1:1/reg/app" };
    const { id, outs } = await create({ client, keys: [ecKey("a") as never], auth: { method: "private_key_jwt" } });
    expect(id).toBe(`rfc7592:${JSON.stringify({ kind: "rfc7592", id: { registrationClientUri: "http://127.0.0.1:1/reg/app" } })}`);
    expect(outs).toMatchObject({ kids: ["a"], authMethod: "private_key_jwt", drift: { missing: [], settings: [] } });
    expect(write).toHaveBeenCalledTimes(1);
    expect([configFailures, open, bindingFailures, identity].map((f) => f.mock.calls.length)).toEqual([1, 1, 1, 1]);
  });

  it("refuses bad inputs before opening anything else or writing", async () => {
    const open = vi.spyOn(rfc7592Kind, "open").mockImplementation(() => {
      throw new Error("not reached");
    });
    const client = { kind: "rfc7592" as const, registrationClientUri: "not a url" };
    await expect(create({ client, keys: [ecKey("a") as never] })).rejects.toMatchObject({ code: "ERR_JWK_INVALID_INPUT" });
    expect(open).not.toHaveBeenCalled();
  });
});
