/**
 * The rfc7592 client kind's registration access token on its failure paths, against a real oidc-provider (in this
 * process, 127.0.0.1; tokens rotated on every PUT):
 * - a PUT whose answer is lost after the server applied it (a proxy forwards it, then drops the connection) is
 *   sent once, and the error says the token may have been rotated and which variable to put a new one in;
 * - a wrong token on destroy and on refresh (401, which RFC 7592 also answers for an unknown client) fails with
 *   the ways out and leaves the keys on the client; only a valid token releases them;
 * - a destroy whose last PUT rotated the token warns, naming the variable, that the new token cannot be kept.
 * No message shows a token.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as jose from "jose";
import { rfc7592Client } from "../../provider/clients/rfc7592/rfc7592";
import type { RotatedCredentials } from "../../provider/clients/types";
import { bindClient } from "../resources/binding/parsed";
import { create, read, remove } from "../../provider/resources/binding/provider";
import { startOidcServer, type OidcServer } from "../oauth/oidc-server";
import { startRecordingProxy, type RecordingProxy } from "../oauth/recording-proxy";

let op: OidcServer;
let proxy: RecordingProxy;
beforeAll(async () => {
  op = await startOidcServer();
  proxy = await startRecordingProxy(op.issuer, { dropAnswer: (r) => r.method === "PUT" });
});
afterAll(async () => {
  await proxy.close();
  await op.close();
});

async function publicKey(kid: string) {
  const { publicKey } = await jose.generateKeyPair("ES256", { extractable: true });
  return { ...(await jose.exportJWK(publicKey)), kid, alg: "ES256", use: "sig" } as { kid: string; kty: string } & jose.JWK;
}

function memoryStore(): RotatedCredentials & { values: Record<string, string> } {
  const values: Record<string, string> = {};
  return { values, get: (n) => values[n], set: (n, v) => void (values[n] = v) };
}

const URN = "urn:pulumi:dev::p::pulumi-nodejs:dynamic:Resource$pulumi-nodejs:dynamic/pulumi-jwk:ClientKeyBinding::b";

describe("rfc7592 registration token on failure paths (oidc-provider)", () => {
  it("a PUT whose answer is lost is sent once; the error says the token may be rotated and names the variable", async () => {
    const client = await op.register();
    process.env.RFC7592_DROP_TOKEN = client.registrationAccessToken;
    // The same client, reached through the proxy that loses the PUT's answer.
    const uri = new URL(new URL(client.registrationClientUri).pathname, proxy.url).href;
    const config = { kind: "rfc7592" as const, registrationClientUri: uri, tokenEnv: "RFC7592_DROP_TOKEN" };
    const rotated = memoryStore();
    const k = await publicKey("lost-answer");
    const err: Error & { code?: string } = await bindClient(
      { client: config, keys: [k] },
      [],
      rfc7592Client(config, { rotated, maxRetryDelayMs: 10 }),
    ).then(
      () => {
        throw new Error("bindClient succeeded");
      },
      (e: Error) => e,
    );
    expect(proxy.requests.filter((r) => r.method === "PUT" && r.path === new URL(uri).pathname)).toHaveLength(1);
    expect(err.code).toBe("ERR_JWKS_TOKEN_ROTATION_UNCLEAR");
    expect(err.message).toMatch(/may have applied the update and rotated the registration access token/);
    expect(err.message).toMatch(/token in RFC7592_DROP_TOKEN .* may now be refused/);
    expect(err.message).toMatch(/new registration access token for this client, put it in the environment variable RFC7592_DROP_TOKEN/);
    expect(err.message).toMatch(/not sent again/);
    expect(err.message).not.toContain(client.registrationAccessToken);
    // What the error warns of did happen: the server applied the PUT and rotated the token, so the old one is refused.
    expect((await op.clientKeys(client.clientId)).map((key) => key.kid)).toEqual(["lost-answer"]);
    await expect(op.readClient(client)).rejects.toThrow(/401/);
    expect(rotated.values).toEqual({});
  });

  it("destroy and refresh with a wrong token fail with the ways out and keep the keys on the client", async () => {
    const client = await op.register();
    process.env.RFC7592_WRONG_TOKEN = client.registrationAccessToken;
    const config = { kind: "rfc7592" as const, registrationClientUri: client.registrationClientUri, tokenEnv: "RFC7592_WRONG_TOKEN" };
    const created = await create({ client: config, keys: [await publicKey("kept")], __urn: URN });
    const state = created.outs as Parameters<typeof remove>[1];
    expect(state.rotatedCredentials?.RFC7592_WRONG_TOKEN).toBeDefined();
    // Someone else rotated the token (an operator's PUT): the one in state and the one in the variable are dead.
    client.registrationAccessToken = state.rotatedCredentials!.RFC7592_WRONG_TOKEN!;
    await op.updateClient(client, (c) => c);
    process.env.RFC7592_WRONG_TOKEN = "not-the-token-0123456789";

    const destroy = await remove(created.id, state).then(
      () => undefined,
      (e: Error & { code?: string }) => e,
    );
    expect(destroy?.code).toBe("ERR_JWKS_CLIENT_ACCESS_REFUSED");
    expect(destroy?.message).toMatch(/destroy answered HTTP 401/);
    expect(destroy?.message).toMatch(/The binding stays in the stack and its keys stay on the client/);
    expect(destroy?.message).toContain("put a valid credential in the environment variable RFC7592_WRONG_TOKEN");
    expect(destroy?.message).toContain(`\`pulumi state delete '${URN}'\``);
    for (const token of [client.registrationAccessToken, state.rotatedCredentials!.RFC7592_WRONG_TOKEN!, "not-the-token-0123456789"])
      expect(destroy?.message).not.toContain(token);
    expect((await op.clientKeys(client.clientId)).map((key) => key.kid)).toEqual(["kept"]);

    // Refresh does not take the 401 for a deleted client either: it fails instead of dropping the binding.
    await expect(read(created.id, state)).rejects.toMatchObject({
      code: "ERR_JWKS_CLIENT_ACCESS_REFUSED",
      message: expect.stringContaining("refresh answered HTTP 401"),
    });

    // The way out: the valid token in the variable. Destroy then releases the key.
    process.env.RFC7592_WRONG_TOKEN = client.registrationAccessToken;
    const quiet = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      await remove(created.id, state);
    } finally {
      quiet.mockRestore();
    }
    expect(await op.clientKeys(client.clientId)).toEqual([]);
  });

  it("a destroy whose last PUT rotated the token warns that the variable's token is dead, naming it, never the token", async () => {
    const client = await op.register();
    process.env.RFC7592_LOST_TOKEN = client.registrationAccessToken;
    const config = { kind: "rfc7592" as const, registrationClientUri: client.registrationClientUri, tokenEnv: "RFC7592_LOST_TOKEN" };
    const created = await create({ client: config, keys: [await publicKey("released")], __urn: URN });
    const state = created.outs as Parameters<typeof remove>[1];
    const held = state.rotatedCredentials!.RFC7592_LOST_TOKEN!;
    const stderr = vi.spyOn(console, "error").mockImplementation(() => undefined);
    let written: string;
    try {
      await remove(created.id, state);
      written = stderr.mock.calls.map((c) => String(c[0])).join("\n");
    } finally {
      stderr.mockRestore();
    }
    expect(await op.clientKeys(client.clientId)).toEqual([]);
    // The server did rotate: the token the stack held is refused now.
    await expect(op.readClient({ ...client, registrationAccessToken: held })).rejects.toThrow(/401/);
    expect(written).toMatch(/new registration access token with the last update of this destroy, so the token in RFC7592_LOST_TOKEN/);
    expect(written).toMatch(/cannot be kept and is not shown/);
    expect(written).toMatch(/put it in RFC7592_LOST_TOKEN/);
    for (const token of [client.registrationAccessToken, held]) expect(written).not.toContain(token);
    expect(written).not.toMatch(/registration_access_token"?\s*[:=]/);
  });
});
