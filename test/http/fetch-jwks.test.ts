/**
 * The hardened JWKS fetcher against a real HTTP server on 127.0.0.1: each refusal has its own `reason`, and no
 * error message quotes the body.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { fetchJwks } from "../../provider/http/fetch-jwks";
import { JwksFetchError } from "../../provider/errors";
import { startJwksServer, type JwksServer } from "../servers/jwks-server";

const KEY = { kty: "OKP", crv: "Ed25519", x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo", kid: "a" };
const SECRET_TEXT = "hunter2-token-in-an-error-page";
let server: JwksServer;

beforeAll(async () => {
  server = await startJwksServer({
    "/jwks": { body: { keys: [{ ...KEY, crv: "Ed25519", y: null }] } },
    "/jwk-set": { contentType: "application/jwk-set+json; charset=utf-8", body: { keys: [KEY] } },
    "/html": { contentType: "text/html", body: `<p>${SECRET_TEXT}</p>` },
    "/untyped": { contentType: "", body: `{"keys":[]}` },
    "/500": { status: 500, body: { error: SECRET_TEXT } },
    "/broken": { body: `{"keys": [${SECRET_TEXT}` },
    "/not-a-set": { body: { key: SECRET_TEXT } },
    "/big": { body: { keys: [{ ...KEY, pad: "x".repeat(4096) }] } },
    "/moved": { status: 302, headers: { location: "/jwks" } },
    "/loop": { status: 301, headers: { location: "/loop" } },
    "/away": { status: 302, headers: { location: "http://localhost:1/jwks" } },
    "/slow": { delayMs: 2000, body: { keys: [] } },
  });
});
afterAll(() => server.close());

async function failure(path: string, options = {}): Promise<JwksFetchError> {
  const e = await fetchJwks(server.url(path), options).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e, `${path} should fail`).toBeInstanceOf(Error);
  expect((e as JwksFetchError).code).toBe("ERR_JWKS_FETCH");
  expect((e as Error).message).not.toContain(SECRET_TEXT);
  return e as JwksFetchError;
}

describe("fetchJwks", () => {
  test("serves entries as written and keys normalised", async () => {
    const got = await fetchJwks(server.url("/jwks"));
    expect(got.entries).toEqual([{ ...KEY, y: null }]);
    expect(got.keys).toEqual([KEY]);
    expect(got.url).toBe(server.url("/jwks"));
  });
  test("accepts application/jwk-set+json with parameters", async () => {
    expect((await fetchJwks(server.url("/jwk-set"))).keys).toEqual([KEY]);
  });
  test("follows a same-host redirect and reports where it ended", async () => {
    expect((await fetchJwks(server.url("/moved"))).url).toBe(server.url("/jwks"));
  });
  test.each([
    ["/html", "content-type", /content type "text\/html"/],
    ["/untyped", "content-type", /content type missing/],
    ["/500", "status", /HTTP 500 \(body not shown\)/],
    ["/broken", "not-jwks", /not valid JSON at line 1/],
    ["/not-a-set", "not-jwks", /not a JWK Set/],
    ["/nowhere", "status", /HTTP 404/],
    ["/loop", "too-many-redirects", /more than 3 redirects/],
    ["/away", "redirect-refused", /redirect to another host \(localhost:1\) refused/],
  ])("%s fails with reason %s", async (path, reason, message) => {
    const e = await failure(path);
    expect(e.reason).toBe(reason);
    expect(e.message).toMatch(message);
  });
  test("a body over the size limit is refused", async () => {
    expect((await failure("/big", { maxBytes: 1024 })).reason).toBe("too-large");
    expect((await fetchJwks(server.url("/big"))).keys).toHaveLength(1);
  });
  test("the deadline covers the whole fetch", async () => {
    const started = Date.now();
    const e = await failure("/slow", { timeoutMs: 200 });
    expect(e.reason).toBe("timeout");
    expect(e.message).toMatch(/within 200 ms/);
    expect(Date.now() - started).toBeLessThan(1500);
  });
  test("plain http only to loopback hosts; no other schemes", async () => {
    for (const url of ["http://example.com/jwks", "ftp://127.0.0.1/jwks", "file:///etc/passwd"]) {
      const e = await fetchJwks(url).catch((err: JwksFetchError) => err);
      expect((e as JwksFetchError).reason, url).toBe("insecure-url");
    }
  });
  test("a refused connection is a network failure", async () => {
    const e = await fetchJwks("http://127.0.0.1:1/jwks").catch((err: JwksFetchError) => err);
    expect((e as JwksFetchError).reason).toBe("network");
  });
  test("a query string stays out of messages", async () => {
    const e = await fetchJwks(`${server.url("/html")}?access_token=${SECRET_TEXT}`).catch((err: JwksFetchError) => err);
    expect((e as Error).message).not.toContain(SECRET_TEXT);
  });
});
