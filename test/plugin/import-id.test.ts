/** The import ids of a JwkSet (provider/plugin/import-id.ts): each form, and the errors naming what is wrong. */
import { describe, expect, test } from "vitest";
import { clientOfImportId, targetOfImportId } from "../../provider/plugin/import-id";

describe("targetOfImportId", () => {
  test("file:<path>", () => {
    expect(targetOfImportId("file:public/jwks.json")).toEqual({ kind: "file", path: "public/jwks.json" });
  });

  test("okta:<appId>@<orgUrl>", () => {
    expect(targetOfImportId("okta:0oa1b2c3@https://acme.okta.com")).toEqual({
      kind: "okta",
      appId: "0oa1b2c3",
      orgUrl: "https://acme.okta.com",
    });
  });

  test("url:<JWKS URL>", () => {
    const url = "https://idp.example.com/.well-known/jwks.json";
    expect(targetOfImportId(`url:${url}`)).toEqual({ kind: "url", url });
  });

  test("a target configuration as JSON, with optional members", () => {
    const config = {
      kind: "janssen",
      url: "https://jans.example.com/jans-config-api",
      tokenUrl: "https://jans.example.com/jans-auth/restv1/token",
      clientId: "ops",
    };
    expect(targetOfImportId(JSON.stringify(config))).toEqual(config);
  });

  test("the id a JwkSet was created with (file, okta, url)", () => {
    expect(targetOfImportId('file:{"kind":"file","id":"/srv/jwks.json"}')).toEqual({ kind: "file", path: "/srv/jwks.json" });
    expect(targetOfImportId('url:{"kind":"url","id":"https://idp.example.com/jwks"}')).toEqual({
      kind: "url",
      url: "https://idp.example.com/jwks",
    });
    expect(targetOfImportId('okta:{"kind":"okta","id":{"orgUrl":"https://acme.okta.com","appId":"0oa9"}}')).toEqual({
      kind: "okta",
      orgUrl: "https://acme.okta.com",
      appId: "0oa9",
    });
  });

  test.each([
    ["no kind", "jwks.json", /expected `file:<path>`/],
    ["okta without an org", "okta:0oa1", /expected `file:<path>`/],
    ["broken JSON", '{"kind":"file"', /not valid JSON/],
    ["a janssen created id (no token URL in it)", 'janssen:{"kind":"janssen","id":"https://j/api"}', /does not say everything needed/],
    ["an unknown kind", '{"kind":"s3","bucket":"b"}', /target\.kind: unknown target kind "s3"/],
    [
      "a credential pasted in",
      '{"kind":"okta","orgUrl":"https://acme.okta.com","appId":"0oa1","token":"x"}',
      /target\.token: unknown member/,
    ],
    ["a non-loopback http URL", "okta:0oa1@http://acme.okta.com", /target\.orgUrl/],
    // a query string is accepted, as by the CLI (test/targets/url/query-string.test.ts); user info never is
    ["a url with user info", "url:https://u:pw@idp.example.com/jwks", /target\.url/],
  ])("%s: ERR_JWKS_IMPORT_ID naming the reason", (_, id, reason) => {
    let error: unknown;
    try {
      targetOfImportId(id);
    } catch (e) {
      error = e;
    }
    expect((error as { code?: string }).code).toBe("ERR_JWKS_IMPORT_ID");
    expect((error as Error).message).toMatch(reason);
  });
});

describe("clientOfImportId", () => {
  test("the client reference as JSON", () => {
    const reference = { kind: "rfc7592", registrationClientUri: "https://op.example/reg/app", tokenEnv: "APP_RAT" };
    expect(clientOfImportId(JSON.stringify(reference))).toEqual(reference);
  });

  test.each([
    ["not JSON", "rfc7592:https://op.example/reg/app", /expected the client reference as JSON/],
    ["a credential pasted in", '{"kind":"rfc7592","registrationClientUri":"https://op.example/reg/app","token":"x"}', /client\.token/],
    ["an unknown kind", '{"kind":"auth0"}', /client\.kind/],
  ])("%s: ERR_JWKS_IMPORT_ID naming the reason", (_, id, reason) => {
    expect(() => clientOfImportId(id)).toThrow(reason);
    try {
      clientOfImportId(id);
    } catch (e) {
      expect((e as { code?: string }).code).toBe("ERR_JWKS_IMPORT_ID");
    }
  });
});
