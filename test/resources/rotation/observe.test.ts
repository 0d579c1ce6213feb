import { afterAll, beforeAll, expect, test } from "vitest";
import { observeJwks } from "../../../provider/resources/rotation/observe";
import { startJwksServer, type JwksServer } from "../../servers/jwks-server";

let server: JwksServer;
beforeAll(async () => {
  server = await startJwksServer({
    "/jwks.json": {
      body: {
        keys: [
          { kty: "EC", crv: "P-256", kid: "k1", x: "x", y: "y" },
          { kty: "EC", kid: "k2" },
        ],
      },
    },
    "/page": { contentType: "text/html", body: "<html>secret-looking page</html>" },
  });
});
afterAll(() => server.close());

test("the kids a JWKS URL serves", async () => {
  expect(await observeJwks(server.url("/jwks.json"))).toEqual({ uri: server.url("/jwks.json"), kids: ["k1", "k2"] });
});

test("a failure is an answer naming why, never the body", async () => {
  const missing = await observeJwks(server.url("/nothing"));
  expect(missing.kids).toBeUndefined();
  expect(missing.error).toMatch(/HTTP 404/);
  const page = await observeJwks(server.url("/page"));
  expect(page.error).toMatch(/content type "text\/html"/);
  expect(page.error).not.toMatch(/secret-looking/);
  server.serve("/slow.json", { body: { keys: [] }, delayMs: 2_000 });
  expect((await observeJwks(server.url("/slow.json"), 200)).error).toMatch(/within 200 ms/);
});
