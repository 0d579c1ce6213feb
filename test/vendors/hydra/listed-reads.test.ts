/**
 * Refresh reads of Hydra clients (hydraClient `readListed`) against a MockAgent, counting requests: N clients
 * read at once cost one `GET /admin/clients` page per 500 (Ory's `Link: <...page_token=...>; rel="next"`), with
 * the same results as single reads; a client the list lacks, a server that refuses lists, and a read after our
 * own write each go to `GET /admin/clients/{id}`.
 */
import { generateKeyPairSync } from "node:crypto";
import type { MockAgent } from "undici";
import { afterEach, beforeEach, expect, test } from "vitest";
import { HYDRA_PAGE_SIZE, hydraClient, nextPageToken } from "../../../provider/vendors/hydra/client";
import { JSON_HEADERS, newAgent, sequence } from "../../http/mock-http";
import { openClient } from "../../../provider/registry/clients";
import { canReadListed } from "../../../provider/clients/types";

let agent: MockAgent;
let origin: string;
let port = 40_000;
beforeEach(() => {
  agent = newAgent();
  origin = `http://127.0.0.1:${++port}`; // listings live for the process: each test its own server
});
afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
});

const jwk = (kid: string) => ({
  ...(generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" }) as Record<string, string>),
  kid,
  use: "sig",
  alg: "ES256",
});
const doc = (id: string) => ({
  client_id: id,
  token_endpoint_auth_method: "private_key_jwt",
  token_endpoint_auth_signing_alg: "ES256",
  jwks: { keys: [jwk(`k-${id}`)] },
});
// The call history leaves the query out: a list is the request on the collection itself.
const isList = (request: string) => request.endsWith("/admin/clients");
const open = (clientId: string) => hydraClient({ kind: "hydra", adminUrl: origin, clientId }, { dispatcher: agent });
const page = (path: string, body: object, next?: string) =>
  agent
    .get(origin)
    .intercept({ path, method: "GET" })
    .reply(200, body, {
      headers: next
        ? { ...JSON_HEADERS, link: `</admin/clients?page_size=${HYDRA_PAGE_SIZE}&page_token=${next}>; rel="next"` }
        : JSON_HEADERS,
    });

test("N reads at once: one page per 500 clients, the same results as single reads", async () => {
  const ids = Array.from({ length: 600 }, (_, i) => `c${i}`);
  const docs = ids.map(doc);
  page(`/admin/clients?page_size=${HYDRA_PAGE_SIZE}`, docs.slice(0, 500), "tok1");
  page(`/admin/clients?page_size=${HYDRA_PAGE_SIZE}&page_token=tok1`, docs.slice(500));
  const listed = await Promise.all(ids.map((id) => open(id).readListed()));
  expect(sequence(agent)).toEqual([`GET ${origin}/admin/clients`, `GET ${origin}/admin/clients`]);

  // The same clients read singly give the same bindings.
  for (const i of [0, 499, 500, 599]) page(`/admin/clients/c${i}`, docs[i]!);
  const single = await Promise.all([0, 499, 500, 599].map((i) => open(`c${i}`).read()));
  expect(single).toEqual([0, 499, 500, 599].map((i) => listed[i]));
  expect(listed[0]).toEqual({ keys: [docs[0]!.jwks.keys[0]], authMethod: "private_key_jwt", signingAlg: "ES256" });
});

test("a client the list lacks is read singly (a 404 there: gone)", async () => {
  page(`/admin/clients?page_size=${HYDRA_PAGE_SIZE}`, [doc("a")]);
  agent
    .get(origin)
    .intercept({ path: "/admin/clients/gone", method: "GET" })
    .reply(404, { error: "Unable to locate the resource", error_description: "" }, { headers: JSON_HEADERS });
  const [a, gone] = await Promise.all([open("a").readListed(), open("gone").readListed()]);
  expect(a?.keys).toHaveLength(1);
  expect(gone).toBeUndefined();
  expect(sequence(agent)).toEqual([`GET ${origin}/admin/clients`, `GET ${origin}/admin/clients/gone`]);
});

test("after our own write to the server, a read lists again: never the list from before the write", async () => {
  const before = doc("a");
  page(`/admin/clients?page_size=${HYDRA_PAGE_SIZE}`, [before]);
  expect((await open("a").readListed())?.keys).toEqual(before.jwks.keys);

  const added = jwk("added");
  const after = { ...before, jwks: { keys: [...before.jwks.keys, added] } };
  page("/admin/clients/a", before); // apply reads singly, patches, reads back
  agent.get(origin).intercept({ path: "/admin/clients/a", method: "PATCH" }).reply(200, after, { headers: JSON_HEADERS });
  page("/admin/clients/a", after);
  await open("a").apply({ mode: "additive", keys: [added as never] }, []);

  page(`/admin/clients?page_size=${HYDRA_PAGE_SIZE}`, [after]);
  expect((await open("a").readListed())?.keys.map((k) => k.kid)).toEqual(["k-a", "added"]);
  expect(sequence(agent).filter(isList)).toHaveLength(2);
});

test("a server that refuses lists (403): single reads, and no second list", async () => {
  agent
    .get(origin)
    .intercept({ path: `/admin/clients?page_size=${HYDRA_PAGE_SIZE}`, method: "GET" })
    .reply(403, { error: "forbidden" }, { headers: JSON_HEADERS });
  page("/admin/clients/a", doc("a"));
  page("/admin/clients/a", doc("a"));
  await open("a").readListed();
  await open("a").readListed();
  expect(sequence(agent).filter(isList)).toHaveLength(1);
});

test("nextPageToken reads Ory's Link header", () => {
  expect(nextPageToken('</admin/clients?page_size=500&page_token=abc>; rel="next"')).toBe("abc");
  expect(nextPageToken('</admin/clients?page_token=x>; rel="first", </admin/clients?page_token=y>; rel="next"')).toBe("y");
  expect(nextPageToken(undefined)).toBeUndefined();
  expect(nextPageToken('</admin/clients?page_token=x>; rel="first"')).toBeUndefined();
});

test("regression: the binder the registry opens (queued) keeps readListed, so refresh lists once", async () => {
  page(`/admin/clients?page_size=${HYDRA_PAGE_SIZE}`, [doc("a"), doc("b")]);
  const opened = ["a", "b"].map((clientId) => openClient({ kind: "hydra", adminUrl: origin, clientId }, { dispatcher: agent }).binder);
  expect(opened.every((b) => canReadListed(b))).toBe(true);
  await Promise.all(opened.map((b) => (canReadListed(b) ? b.readListed() : b.read())));
  expect(sequence(agent)).toEqual([`GET ${origin}/admin/clients`]);
});
