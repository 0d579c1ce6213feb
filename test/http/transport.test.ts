/**
 * Credentials travel only over https (plain http to loopback hosts only, for tests and emulators), checked on
 * target configurations at preview and again on every request that carries credentials; target URLs with user
 * info, a query string or a fragment are refused.
 */
import type { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { bearerToken, clientCredentials } from "../../provider/http/auth";
import { HttpClient } from "../../provider/http/send";
import { targetFailures } from "../../provider/registry/targets";
import { urlFailures } from "../../provider/targets/kind";
import { credentialTransportProblem } from "../../provider/http/transport";
import { isLoopbackHost } from "../../provider/core/loopback-host";
import { JSON_HEADERS, newAgent, rejectionOf, seen } from "./mock-http";

describe("isLoopbackHost", () => {
  test.each(["localhost", "LOCALHOST", "localhost.", "127.0.0.1", "127.1.2.3", "127.255.255.255", "[::1]"])("%s is loopback", (h) => {
    expect(isLoopbackHost(h)).toBe(true);
  });
  test.each([
    "example.com",
    "localhost.example.com",
    "evil-localhost",
    "128.0.0.1",
    "10.0.0.1",
    "127.0.0.256",
    "127.0.0",
    "[::2]",
    "0.0.0.0",
  ])("%s is not", (h) => {
    expect(isLoopbackHost(h)).toBe(false);
  });
});

describe("credentialTransportProblem", () => {
  test("https anywhere, http to loopback only", () => {
    for (const ok of ["https://acme.okta.com", "http://127.0.0.1:8080/x", "http://localhost:3000", "http://[::1]:9/"])
      expect(credentialTransportProblem(new URL(ok)), ok).toBeUndefined();
    for (const bad of ["http://acme.okta.com", "http://10.0.0.5", "ftp://files.example"])
      expect(credentialTransportProblem(new URL(bad)), bad).toMatch(/credentials travel only over https/);
  });
});

describe("urlFailures (target configurations)", () => {
  test.each([
    ["http://jans.example.com/jans-config-api", /credentials travel only over https/],
    ["https://jans.example.com/api?api_key=00SECRET", /must not have a query string/],
    ["https://jans.example.com/api?", /must not have a query string/],
    ["https://jans.example.com/api#frag", /must not have a query string or fragment/],
    ["https://user:00SECRET@jans.example.com/api", /must not contain credentials/],
    ["https://user@jans.example.com/api", /must not contain credentials/],
  ])("%s is refused", (url, reason) => {
    const f = urlFailures(url, "target.url");
    expect(f).toEqual([{ property: "target.url", reason: expect.stringMatching(reason) }]);
    expect(f[0]!.reason).not.toContain("00SECRET");
  });

  test.each(["https://jans.example.com/jans-config-api", "http://127.0.0.1:43125/jans-config-api", "http://localhost:8080"])(
    "%s is accepted",
    (url) => {
      expect(urlFailures(url, "target.url")).toEqual([]);
    },
  );

  test("every credential-bearing URL of each kind is checked: janssen url and tokenUrl, okta orgUrl", () => {
    expect(targetFailures({ kind: "janssen", url: "https://jans.test/api", tokenUrl: "http://jans.test/token" }, "target")).toEqual([
      { property: "target.tokenUrl", reason: expect.stringMatching(/only over https/) },
    ]);
    expect(targetFailures({ kind: "janssen", url: "http://jans.test/api", tokenUrl: "https://jans.test/token" }, "target")).toEqual([
      { property: "target.url", reason: expect.stringMatching(/only over https/) },
    ]);
    expect(targetFailures({ kind: "okta", orgUrl: "http://acme.okta.com", appId: "0oa1" }, "target")).toEqual([
      { property: "target.orgUrl", reason: expect.stringMatching(/only over https/) },
    ]);
  });
});

describe("HttpClient: requests that carry credentials", () => {
  let agent: MockAgent;
  beforeEach(() => {
    agent = newAgent();
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  test("regression: a bearer token is never sent over http to a remote host; nothing is sent at all", async () => {
    const client = new HttpClient({ target: "t", baseUrl: "http://api.example", auth: bearerToken("00SECRET"), dispatcher: agent });
    const err = await rejectionOf(client.send({ operation: "list keys", method: "GET", path: "keys", expect: [200] }));
    expect(err.code).toBe("ERR_JWKS_INSECURE_TRANSPORT");
    expect(err.message).toMatch(/^t: list keys: refused to send credentials: credentials travel only over https/);
    expect(err.message).not.toContain("00SECRET");
    expect(seen(agent)).toHaveLength(0);
  });

  test("regression: a client secret is never sent to an http token endpoint on a remote host", async () => {
    const auth = clientCredentials({ tokenUrl: "http://idp.example/token", clientId: "c", clientSecret: "00SECRET", scopes: [] });
    const client = new HttpClient({ target: "t", baseUrl: "https://api.example", auth, dispatcher: agent });
    const err = await rejectionOf(client.send({ operation: "list keys", method: "GET", path: "keys", expect: [200] }));
    expect(err.code).toBe("ERR_JWKS_INSECURE_TRANSPORT");
    expect(err.message).toMatch(/get an access token/);
    expect(seen(agent)).toHaveLength(0);
  });

  test("an absolute http path on an https client is refused too (the URL actually requested is checked)", async () => {
    const client = new HttpClient({ target: "t", baseUrl: "https://api.example", auth: bearerToken("x"), dispatcher: agent });
    const err = await rejectionOf(
      client.send({ operation: "next page", method: "GET", path: "http://api.example/keys?after=1", expect: [200] }),
    );
    expect(err.code).toBe("ERR_JWKS_INSECURE_TRANSPORT");
  });

  test("http to loopback and https anywhere are sent; http without credentials is not this module's concern", async () => {
    for (const origin of ["http://127.0.0.1:4010", "https://api.example"]) {
      agent.get(origin).intercept({ path: "/keys", method: "GET" }).reply(200, [], { headers: JSON_HEADERS });
      const client = new HttpClient({ target: "t", baseUrl: origin, auth: bearerToken("x"), dispatcher: agent });
      expect((await client.send({ operation: "list keys", method: "GET", path: "keys", expect: [200] })).status).toBe(200);
    }
    agent.get("http://jwks.example").intercept({ path: "/jwks", method: "GET" }).reply(200, { keys: [] }, { headers: JSON_HEADERS });
    const anonymous = new HttpClient({ target: "t", baseUrl: "http://jwks.example", dispatcher: agent });
    expect((await anonymous.send({ operation: "read", method: "GET", path: "jwks", expect: [200] })).status).toBe(200);
  });
});
