/**
 * The janssen client kind against the Janssen emulator (requests checked against the config-api spec): keys
 * bound into the client's `jwks` text with the auth method and alg in one PUT, someone else's key kept, only
 * the bound kid released, an unknown inum named, no private member sent.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPairSync } from "node:crypto";
import { janssenClient, type JanssenClientConfig } from "../../../provider/vendors/janssen/client";
import type { PublicJwk } from "../../../provider/core/keys/material";
import { bindClient, readBinding, releaseBinding } from "../../resources/binding/parsed";
import { startJanssenEmulator, type JanssenEmulator } from "../../emulators/janssen";

let jans: JanssenEmulator;
beforeAll(async () => {
  jans = await startJanssenEmulator();
  process.env.JANS_CLIENT_ID = jans.clientId;
  process.env.JANS_CLIENT_SECRET = jans.clientSecret;
});
afterAll(() => jans.close());

function rsaKey(kid: string): { publicJwk: PublicJwk; d: string } {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pub = publicKey.export({ format: "jwk" }) as Record<string, string>;
  const d = (privateKey.export({ format: "jwk" }) as Record<string, string>).d!;
  return { publicJwk: { kty: "RSA", n: pub.n!, e: pub.e!, kid, use: "sig", alg: "RS256" }, d };
}

describe("janssen client kind on the emulator", () => {
  it("binds, keeps a foreign key, reads drift, releases only its kid", async () => {
    const theirs = rsaKey("theirs").publicJwk;
    const inum = jans.createClient({ jwks: JSON.stringify({ keys: [theirs] }) });
    const config: JanssenClientConfig = { kind: "janssen", url: jans.configApiUrl, tokenUrl: jans.tokenUrl, inum };
    const mine = rsaKey("mine");
    const mark = jans.requests.length;
    const outs = await bindClient(
      { client: config, keys: [mine.publicJwk], auth: { method: "private_key_jwt", signingAlg: "RS256" } },
      [],
      janssenClient(config),
    );
    expect(outs).toMatchObject({ kids: ["mine"], authMethod: "private_key_jwt", signingAlg: "RS256", foreignKids: ["theirs"] });
    expect(jans.clientKeys(inum).map((k) => k.kid)).toEqual(["theirs", "mine"]);
    expect(jans.client(inum)).toMatchObject({ tokenEndpointAuthMethod: "private_key_jwt", tokenEndpointAuthSigningAlg: "RS256" });
    const calls = jans.requests.slice(mark).filter((r) => r.operationId !== "jans-auth:token");
    expect(calls.map((r) => `${r.method} ${r.operationId}`)).toEqual([
      "GET get-oauth-openid-clients-by-inum",
      "PUT put-oauth-openid-clients",
      "GET get-oauth-openid-clients-by-inum",
    ]);
    expect(JSON.stringify(jans.requests.map((r) => r.body))).not.toContain(mine.d);

    // An admin removes the bound key: refresh sees it missing.
    jans.consoleUpdateClient(inum, (c) => ({ ...c, jwks: JSON.stringify({ keys: [theirs] }) }));
    const refreshed = await readBinding(outs, janssenClient(config));
    expect(refreshed?.drift.missing).toEqual(["mine"]);

    const notes: string[] = [];
    await releaseBinding(outs, janssenClient(config), (_s, m) => void notes.push(m));
    expect(jans.clientKeys(inum).map((k) => k.kid)).toEqual(["theirs"]);
    expect(notes).toEqual([]);
    expect(jans.contractViolations).toEqual([]);
  });

  it("puts someone else's key back exactly as read: empty members and a private member are not dropped", async () => {
    const { publicJwk, d } = rsaKey("theirs");
    const theirsAsRead = { ...publicJwk, crv: "", x5c: null, d };
    const inum = jans.createClient({ jwks: JSON.stringify({ keys: [theirsAsRead] }) });
    const config: JanssenClientConfig = { kind: "janssen", url: jans.configApiUrl, tokenUrl: jans.tokenUrl, inum };
    const mine = rsaKey("mine").publicJwk;
    const outs = await bindClient({ client: config, keys: [mine] }, [], janssenClient(config));
    expect(jans.clientKeys(inum)).toEqual([theirsAsRead, mine]);
    await releaseBinding(outs, janssenClient(config), () => undefined);
    expect(jans.clientKeys(inum)).toEqual([theirsAsRead]);
    expect(jans.contractViolations).toEqual([]);
  });

  it("names a client that does not exist, and writes nothing", async () => {
    const config: JanssenClientConfig = { kind: "janssen", url: jans.configApiUrl, tokenUrl: jans.tokenUrl, inum: "no-such-inum" };
    const mark = jans.requests.length;
    await expect(bindClient({ client: config, keys: [rsaKey("k").publicJwk] }, [], janssenClient(config))).rejects.toMatchObject({
      code: "ERR_JWKS_CLIENT_NOT_FOUND",
      message: expect.stringContaining("janssen client no-such-inum"),
    });
    expect(jans.requests.slice(mark).filter((r) => r.method === "PUT")).toEqual([]);
    expect(jans.contractViolations).toEqual([]);
  });

  // Last: the config-api stays removed for the rest of this emulator's life.
  it("a bare 404 from a web server in front of a removed config-api is an error on destroy, never a deleted client", async () => {
    const inum = jans.createClient({});
    const config: JanssenClientConfig = { kind: "janssen", url: jans.configApiUrl, tokenUrl: jans.tokenUrl, inum };
    const outs = await bindClient({ client: config, keys: [rsaKey("kept").publicJwk] }, [], janssenClient(config));
    jans.consoleRemoveConfigApi();
    const notes: string[] = [];
    await expect(releaseBinding(outs, janssenClient(config), (_s, m) => void notes.push(m))).rejects.toMatchObject({
      code: "ERR_JWKS_CLIENT_RESPONSE",
      message: expect.stringContaining("HTTP 404 that is not the config-api's"),
    });
    await expect(readBinding(outs, janssenClient(config))).rejects.toMatchObject({ code: "ERR_JWKS_CLIENT_RESPONSE" });
    expect(notes).toEqual([]);
    expect(jans.clientKeys(inum).map((k) => k.kid)).toEqual(["kept"]);
  });
});
