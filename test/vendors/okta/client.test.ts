/**
 * The okta client kind against the Okta emulator (requests checked against Okta's spec): keys through the app
 * JWKS API (the JwkSet's adapter), then the app's token_endpoint_auth_method by GET/PUT of the app; a partner's
 * key kept; release removes only the bound kid (deactivate, delete); Okta's own refusal to leave a
 * private_key_jwt app without an active signing key surfaces; an unknown app is named; bad input is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateKeyPairSync } from "node:crypto";
import { oktaAppGone, oktaClient, type OktaClientConfig } from "../../../provider/vendors/okta/client";
import type { PublicJwk } from "../../../provider/core/keys/material";
import { bindingInputFailures } from "../../../provider/resources/binding/check";
import { bindClient, readBinding, releaseBinding } from "../../resources/binding/parsed";
import { startOktaEmulator, type OktaEmulator } from "../../emulators/okta";

let okta: OktaEmulator;
beforeAll(async () => {
  okta = await startOktaEmulator();
  process.env.OKTA_API_TOKEN = okta.apiToken;
});
afterAll(() => okta.close());

function ecKey(kid: string): PublicJwk {
  const jwk = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" }) as Record<string, string>;
  return { kty: "EC", crv: "P-256", x: jwk.x!, y: jwk.y!, kid, use: "sig", alg: "ES256" };
}
const writes = (from: number) =>
  okta.requests
    .slice(from)
    .filter((r) => r.method !== "GET")
    .map((r) => `${r.method} ${r.operationId}`);

describe("okta client kind on the emulator", () => {
  it("binds keys then switches the app to private_key_jwt; release keeps the partner's key", async () => {
    const appId = okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
    okta.consoleAddKey(appId, ecKey("partner"), "ACTIVE");
    const config: OktaClientConfig = { kind: "okta", orgUrl: okta.url, appId };
    const mark = okta.requests.length;
    const outs = await bindClient({ client: config, keys: [ecKey("mine")], auth: { method: "private_key_jwt" } }, [], oktaClient(config));
    expect(outs).toMatchObject({ kids: ["mine"], authMethod: "private_key_jwt", foreignKids: ["partner"] });
    expect(writes(mark)).toEqual(["POST addJwk", "PUT replaceApplication"]);
    expect(okta.tokenEndpointAuthMethod(appId)).toBe("private_key_jwt");

    // An admin deactivates the bound key: refresh reports it changed, the next apply activates it again.
    okta.consoleSetStatus(appId, "mine", "INACTIVE");
    expect((await readBinding(outs, oktaClient(config)))?.drift.changed).toEqual(["mine"]);
    const repaired = await bindClient(
      { client: config, keys: outs.keys!, auth: { method: "private_key_jwt" } },
      outs.kids,
      oktaClient(config),
    );
    expect(repaired.drift.changed).toEqual([]);
    expect(okta.keys(appId).find((k) => k.kid === "mine")?.status).toBe("ACTIVE");

    const notes: string[] = [];
    await releaseBinding(outs, oktaClient(config), (_s, m) => void notes.push(m));
    expect(okta.keys(appId).map((k) => k.kid)).toEqual(["partner"]);
    expect(notes).toEqual([]);
    expect(okta.contractViolations).toEqual([]);
  });

  it("Okta refuses to deactivate the only active signing key of a private_key_jwt app: destroy fails, saying why", async () => {
    const appId = okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
    const config: OktaClientConfig = { kind: "okta", orgUrl: okta.url, appId };
    const outs = await bindClient({ client: config, keys: [ecKey("only")], auth: { method: "private_key_jwt" } }, [], oktaClient(config));
    await expect(releaseBinding(outs, oktaClient(config), () => undefined)).rejects.toMatchObject({
      message: expect.stringMatching(/only active JSON Web Key/),
    });
    expect(okta.keys(appId).map((k) => `${k.kid}:${k.status}`)).toEqual(["only:ACTIVE"]);
    expect(okta.contractViolations).toEqual([]);
  });

  it("names an app that does not exist, sends no write; refuses a signing alg and a jwksUri", async () => {
    const config: OktaClientConfig = { kind: "okta", orgUrl: okta.url, appId: "0oaNoSuchApp0000000" };
    const mark = okta.requests.length;
    await expect(bindClient({ client: config, keys: [ecKey("k")] }, [], oktaClient(config))).rejects.toMatchObject({
      code: "ERR_JWKS_CLIENT_NOT_FOUND",
      message: expect.stringContaining("app 0oaNoSuchApp0000000"),
    });
    expect(writes(mark)).toEqual([]);
    const f = await bindingInputFailures({ client: config, keys: [ecKey("k")], auth: { signingAlg: "ES256" } });
    expect(f.map((x) => x.property)).toEqual(["auth.signingAlg"]);
    const withRecord = { ...config, ownersFile: "x.json" } as OktaClientConfig;
    const g = await bindingInputFailures({ client: withRecord, keys: [ecKey("k")] });
    expect(g).toEqual([{ property: "client.ownersFile", reason: "unknown member (an owners record is for JwkSet targets)" }]);
  });
});

describe("an Okta 404 on the app", () => {
  const res = (body: unknown) => ({ status: 404, headers: {}, body });
  it("is the app gone only for Okta's E0000007 naming the app", () => {
    expect(
      oktaAppGone("app", res({ errorCode: "E0000007", errorSummary: "Not found: Resource not found: 0oa1 (AppInstance)" })),
    ).toBeUndefined();
  });
  it("is an error for a path that is no API or a 404 that is not Okta's, so destroy keeps the binding", () => {
    for (const body of [
      { errorCode: "E0000007", errorSummary: "Not found: Resource not found: /x (PublicApi)" },
      "<html>404</html>",
      undefined,
    ])
      expect(() => oktaAppGone("app", res(body))).toThrow(/HTTP 404 that is not Okta's answer for a missing app: check client.orgUrl/);
  });
});
