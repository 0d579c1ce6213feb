/**
 * Regression (issue 18, item 9): the url target and the CLI agree on JWKS URLs with a query string. Azure AD
 * serves an app's own signing keys at `.../discovery/keys?appid=...`; the CLI read such a URL while the url
 * target refused it at check ("must not have a query string"). Now both accept the same URLs, send the same
 * request, read the same keys, and neither shows the query in a name or message (it may hold a token).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { readSet } from "../../../provider/cli/source";
import { urlKind } from "../../../provider/targets/url/url";
import { testKey, type TestKey } from "../../core/jwks/vendor-sets";

const SECRET = "QUERY-SECRET-7f3a";
let server: Server;
let origin: string;
let key: TestKey;
/** Raw request targets (path and query exactly as sent), in order. */
const seen: string[] = [];

beforeAll(async () => {
  key = await testKey("ES256");
  // Serves the set only for a request that carries a query; a bare path is a 404, so a dropped query shows.
  server = createServer((req, res) => {
    seen.push(req.url ?? "");
    const ok = (req.url ?? "").startsWith("/keys?");
    res.writeHead(ok ? 200 : 404, { "content-type": ok ? "application/json" : "text/plain" });
    res.end(ok ? JSON.stringify({ keys: [key.publicJwk] }) : `no document at ${req.url}`);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

const QUERIES = ["?appid=0a1b2c3d", "?a=1&b=two%20words&a=3", `?access_token=${SECRET}`];

describe("a JWKS URL with a query string", () => {
  test.each(QUERIES)("%s: accepted by both, the same request, the same keys", async (query) => {
    const url = `${origin}/keys${query}`;
    expect(urlKind.configFailures({ kind: "url", url }, "target")).toEqual([]);

    seen.length = 0;
    const target = urlKind.open({ kind: "url", url }, {});
    const viaTarget = await target.list();
    const viaCli = await readSet(url);
    expect(seen).toEqual([`/keys${query}`, `/keys${query}`]);
    expect(viaTarget.map((k) => k.kid)).toEqual([key.publicJwk.kid]);
    expect(viaCli.entries.map((k) => k.kid)).toEqual([key.publicJwk.kid]);

    // the query may hold a token: neither the target's name nor the CLI's source line shows it
    expect(target.name).toBe(`url ${origin}/keys`);
    expect(viaCli.source).toBe(`${origin}/keys`);
  });

  test("a failure names the URL without its query, on both sides", async () => {
    const url = `${origin}/gone?access_token=${SECRET}`;
    expect(urlKind.configFailures({ kind: "url", url }, "target")).toEqual([]);
    const fromTarget = await urlKind
      .open({ kind: "url", url }, {})
      .list()
      .catch((e: Error) => e);
    const fromCli = await readSet(url).catch((e: Error) => e);
    for (const e of [fromTarget, fromCli]) {
      expect((e as Error).message).toMatch(/HTTP 404/);
      expect((e as Error).message).toContain(`${origin}/gone`);
      expect((e as Error).message).not.toContain(SECRET);
    }
  });

  test("user info and a fragment stay refused by the target (user info is never sent, a fragment never reaches the server)", () => {
    expect(urlKind.configFailures({ kind: "url", url: `http://u:p@127.0.0.1/keys?appid=1` }, "target")).toEqual([
      { property: "target.url", reason: expect.stringMatching(/credentials/) },
    ]);
    expect(urlKind.configFailures({ kind: "url", url: `${origin}/keys?appid=1#x` }, "target")).toEqual([
      { property: "target.url", reason: expect.stringMatching(/fragment/) },
    ]);
  });
});
