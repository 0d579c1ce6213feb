/**
 * Refresh reads of Okta app bindings (oktaClient `readListed`) on the Okta emulator (requests checked against
 * Okta's spec), counting requests: N apps read at once cost ceil(N / 200) `GET /api/v1/apps?limit=200` pages
 * (Link next) and no single read, with the same drift as single reads (GET app + app JWKS API); an app the list
 * lacks, an org that refuses lists (403), a next page on another origin, and a read after our own write (a key
 * or the app object, by a binding or a JwkSet) each go back to single reads or a new list.
 */
import { generateKeyPairSync } from "node:crypto";
import { afterEach, beforeEach, expect, test } from "vitest";
import { OKTA_APPS_PAGE_SIZE, nextLink } from "../../../provider/vendors/okta/listed-apps";
import { oktaClient, type OktaClientConfig } from "../../../provider/vendors/okta/client";
import { oktaTarget } from "../../../provider/vendors/okta/target";
import type { PublicJwk } from "../../../provider/core/keys/material";
import type { ClientBinder } from "../../../provider/clients/types";
import { canReadListed } from "../../../provider/clients/types";
import { openClient } from "../../../provider/registry/clients";
import { bindClient, readBinding } from "../../resources/binding/parsed";
import { startOktaEmulator, type OktaEmulator } from "../../emulators/okta";
import { publishKeySet, refreshKeySet } from "../../../provider/resources/jwkset/logic";
import { openTarget } from "../../../provider/registry/targets";
import { canListForRefresh } from "../../../provider/targets/capabilities";

let okta: OktaEmulator;
beforeEach(async () => {
  okta = await startOktaEmulator(); // listings live for the process, per org: each test its own org
  process.env.OKTA_API_TOKEN = okta.apiToken;
});
afterEach(async () => {
  await okta.close();
  expect(okta.contractViolations).toEqual([]);
});

function ecKey(kid: string): PublicJwk {
  const jwk = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" }) as Record<string, string>;
  return { kty: "EC", crv: "P-256", x: jwk.x!, y: jwk.y!, kid, use: "sig", alg: "ES256" };
}
const config = (appId: string): OktaClientConfig => ({ kind: "okta", orgUrl: okta.url, appId });
const open = (appId: string) => oktaClient(config(appId));
/** The same binder without readListed: what refresh did before (GET app, then the app JWKS API). */
const singly = (b: ClientBinder): ClientBinder => ({ name: b.name, read: b.read, apply: b.apply, release: b.release });
const calls = (from = 0) => okta.requests.slice(from).map((r) => r.operationId ?? `${r.method} ${r.path}`);

test(`N reads at once: ceil(N / ${OKTA_APPS_PAGE_SIZE}) list pages, no single read, the same bindings as single reads`, async () => {
  const ids = Array.from({ length: 450 }, () => okta.createApp());
  ids.forEach((id, i) => okta.consoleAddKey(id, ecKey(`k${i}`), i % 2 === 0 ? "ACTIVE" : "INACTIVE"));
  const listed = await Promise.all(ids.map((id) => open(id).readListed()));
  expect(calls()).toEqual(["listApplications", "listApplications", "listApplications"]);
  expect(okta.requests.map((r) => new URL(r.path, "http://x").searchParams.get("limit"))).toEqual(["200", "200", "200"]);

  const mark = okta.requests.length;
  const single = await Promise.all([0, 1, 199, 200, 449].map((i) => open(ids[i]!).read()));
  expect(single).toEqual([0, 1, 199, 200, 449].map((i) => listed[i]));
  expect(calls(mark).filter((c) => c === "listApplications")).toEqual([]);
  expect(listed[1]).toEqual({ keys: [expect.objectContaining({ kid: "k1" })], inactiveKids: ["k1"], authMethod: "private_key_jwt" });
});

test("the same drift as single reads: key missing, changed, extra, inactive, auth method changed; an app without keys", async () => {
  const cases = ["missing", "changed", "extra", "inactive", "authMethod", "noKeys"] as const;
  const apps = Object.fromEntries(cases.map((c) => [c, okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" })]));
  const outs: Record<string, Awaited<ReturnType<typeof bindClient>>> = {};
  for (const c of cases) {
    const appId = apps[c]!;
    const keys = c === "noKeys" ? [] : [ecKey(`${c}-1`), ecKey(`${c}-2`)];
    const auth = c === "noKeys" ? {} : { auth: { method: "private_key_jwt" } };
    outs[c] = await bindClient({ client: config(appId), keys, mode: "exclusive", ...auth }, [], open(appId));
  }
  // Admins change each app in the console (not through this process).
  okta.consoleSetTokenEndpointAuthMethod(apps.missing!, "client_secret_basic");
  okta.consoleSetStatus(apps.missing!, "missing-1", "INACTIVE");
  okta.consoleDeleteKey(apps.missing!, "missing-1");
  okta.consoleSetTokenEndpointAuthMethod(apps.changed!, "client_secret_basic");
  okta.consoleDeleteKey(apps.changed!, "changed-1");
  okta.consoleAddKey(apps.changed!, ecKey("changed-1"));
  okta.consoleAddKey(apps.extra!, ecKey("someone-else"));
  okta.consoleSetStatus(apps.inactive!, "inactive-2", "INACTIVE");
  okta.consoleSetTokenEndpointAuthMethod(apps.authMethod!, "client_secret_basic");

  const mark = okta.requests.length;
  const listed = await Promise.all(cases.map((c) => readBinding(outs[c]!, open(apps[c]!))));
  // One list; only the app without keys (no settings.oauthClient.jwks) is read singly.
  expect(calls(mark)).toEqual(["listApplications", "getApplication", "listJwk"]);
  const single = await Promise.all(cases.map((c) => readBinding(outs[c]!, singly(open(apps[c]!)))));
  expect(listed).toEqual(single);
  const drift = Object.fromEntries(cases.map((c, i) => [c, listed[i]!.drift]));
  expect(drift.missing).toMatchObject({ missing: ["missing-1"] });
  expect(drift.changed).toMatchObject({ changed: ["changed-1"] });
  expect(drift.extra).toMatchObject({ unexpected: ["someone-else"] });
  expect(drift.inactive).toMatchObject({ changed: ["inactive-2"] });
  expect(drift.authMethod).toMatchObject({ settings: ["authMethod"] });
  expect(drift.noKeys).toMatchObject({ missing: [], changed: [], settings: [] });
});

test("an app the list lacks is read singly: created after the list began, or gone (404: undefined)", async () => {
  const a = okta.createApp();
  okta.consoleAddKey(a, ecKey("a"));
  const gone = okta.createApp();
  okta.consoleDeleteApp(gone);
  await open(a).readListed();
  const created = okta.createApp();
  okta.consoleAddKey(created, ecKey("c"));
  const mark = okta.requests.length;
  const [late, none] = await Promise.all([open(created).readListed(), open(gone).readListed()]);
  expect(late).toEqual({ keys: [expect.objectContaining({ kid: "c" })], authMethod: "private_key_jwt" });
  expect(none).toBeUndefined();
  expect(calls(mark).sort()).toEqual(["getApplication", "getApplication", "listJwk"]);
});

test("an org that refuses the list (403): single reads, and no second list", async () => {
  const a = okta.createApp();
  const denied = { errorCode: "E0000006", errorSummary: "You do not have permission to perform the requested action" };
  okta.injectFaults(
    { operationId: "listApplications" },
    { status: 403, body: { ...denied, errorLink: "E0000006", errorId: "oae1", errorCauses: [] } },
  );
  const first = await open(a).readListed();
  const second = await open(a).readListed();
  expect(second).toEqual(first);
  expect(calls()).toEqual(["listApplications", "getApplication", "listJwk", "getApplication", "listJwk"]);
});

test("a next page on another origin: the token goes nowhere else, the app is read singly", async () => {
  const a = okta.createApp();
  const app = await (await fetch(`${okta.url}/api/v1/apps/${a}`, { headers: { authorization: `SSWS ${okta.apiToken}` } })).json();
  const elsewhere = '<https://elsewhere.example/api/v1/apps?after=x&limit=200>; rel="next"';
  okta.injectFaults({ operationId: "listApplications" }, { status: 200, headers: { Link: elsewhere }, body: [app] });
  const mark = okta.requests.length;
  expect(await open(a).readListed()).toEqual({ keys: [], authMethod: "private_key_jwt" });
  expect(calls(mark)).toEqual(["listApplications", "getApplication", "listJwk"]);
});

test("after our own write to the org (a binding's key or auth method, a JwkSet's key), a read lists again", async () => {
  const a = okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
  const b = okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
  okta.consoleAddKey(b, ecKey("b1"));
  expect((await open(a).readListed())?.keys).toEqual([]);
  const outs = await bindClient({ client: config(a), keys: [ecKey("mine")], auth: { method: "private_key_jwt" } }, [], open(a));
  expect(await open(a).readListed()).toMatchObject({ keys: [{ kid: "mine" }], authMethod: "private_key_jwt" });
  await oktaTarget(config(a)).add(ecKey("set-key"));
  expect((await open(a).readListed())?.keys.map((k) => k.kid)).toEqual(["mine", "set-key"]);
  expect(calls().filter((c) => c === "listApplications")).toHaveLength(3);
  expect(outs.kids).toEqual(["mine"]);

  // Only the app object changes (PUT, no key write): that too makes the next read list again.
  expect((await open(b).readListed())?.authMethod).toBe("client_secret_basic");
  const mark = okta.requests.length;
  await open(b).apply({ mode: "additive", authMethod: "private_key_jwt" }, []);
  // (The app is read again right before its PUT: client.ts.)
  expect(calls(mark)).toEqual(["getApplication", "listJwk", "getApplication", "replaceApplication", "getApplication", "listJwk"]);
  expect((await open(b).readListed())?.authMethod).toBe("private_key_jwt");
  expect(calls(mark + 6)).toEqual(["listApplications"]);
});

test("with the org's rate limit enforced, a refresh of 60 bindings is one request, not 120 and a wait for the next minute", async () => {
  const limited = await startOktaEmulator({ rateLimitPerMinute: 10 });
  try {
    process.env.OKTA_API_TOKEN = limited.apiToken;
    const ids = Array.from({ length: 60 }, () => limited.createApp());
    ids.forEach((id, i) => limited.consoleAddKey(id, ecKey(`k${i}`)));
    const listed = await Promise.all(ids.map((appId) => oktaClient({ kind: "okta", orgUrl: limited.url, appId }).readListed()));
    expect(listed.every((l) => l?.keys.length === 1)).toBe(true);
    expect(limited.requests.map((r) => `${r.operationId} ${r.status}`)).toEqual(["listApplications 200"]);
  } finally {
    await limited.close();
  }
});

test("regression: the binder the registry opens (queued) keeps readListed, so refresh lists once", async () => {
  const ids = [okta.createApp(), okta.createApp()];
  ids.forEach((id, i) => okta.consoleAddKey(id, ecKey(`k${i}`)));
  const opened = ids.map((appId) => openClient(config(appId), {}).binder);
  expect(opened.every((b) => canReadListed(b))).toBe(true);
  await Promise.all(opened.map((b) => (canReadListed(b) ? b.readListed() : b.read())));
  expect(calls()).toEqual(["listApplications"]);
});

test("JwkSets on Okta apps: a refresh of many lists once, with the same drift and statuses as listing each app's JWKS", async () => {
  const cases = ["missing", "inactive", "unexpected", "reactivated"] as const;
  const apps = Object.fromEntries(cases.map((c) => [c, okta.createApp()]));
  const olds = await Promise.all(
    cases.map((c) =>
      publishKeySet(
        {
          target: { kind: "okta", orgUrl: okta.url, appId: apps[c]! },
          keys: [ecKey(`${c}-1`), ecKey(`${c}-2`)],
          mode: "exclusive",
          ...(c === "reactivated" ? { inactiveKids: [`${c}-2`] } : {}),
        },
        [],
      ),
    ),
  );
  okta.consoleSetStatus(apps.missing!, "missing-1", "INACTIVE");
  okta.consoleDeleteKey(apps.missing!, "missing-1");
  okta.consoleSetStatus(apps.inactive!, "inactive-1", "INACTIVE");
  okta.consoleAddKey(apps.unexpected!, ecKey("someone-else"));
  okta.consoleSetStatus(apps.reactivated!, "reactivated-2", "ACTIVE");

  expect(canListForRefresh(openTarget(olds[0]!.target))).toBe(true);
  const mark = okta.requests.length;
  const listed = await Promise.all(olds.map((o) => refreshKeySet(o)));
  expect(calls(mark)).toEqual(["listApplications"]);
  const single = await Promise.all(
    olds.map((o) => {
      const { listForRefresh: _, ...plain } = oktaTarget({
        kind: "okta",
        orgUrl: okta.url,
        appId: o.target.kind === "okta" ? o.target.appId : "",
      });
      return refreshKeySet(o, plain);
    }),
  );
  expect(calls(mark + 1).filter((c) => c === "listApplications")).toEqual([]);
  expect(listed).toEqual(single);
  expect(listed.map((o) => o!.drift)).toEqual([
    { missing: ["missing-1"], changed: [], unexpected: [] },
    { missing: [], changed: ["inactive-1"], unexpected: [] },
    { missing: [], changed: [], unexpected: ["someone-else"] },
    { missing: [], changed: ["reactivated-2"], unexpected: [] },
  ]);
});

test("nextLink reads Okta's Link header(s): the next URL, as given", () => {
  const next = "https://acme.okta.com/api/v1/apps?after=0oa2&limit=200";
  expect(nextLink(`<https://acme.okta.com/api/v1/apps?limit=200>; rel="self", <${next}>; rel="next"`)).toBe(next);
  expect(nextLink(['<https://acme.okta.com/api/v1/apps?limit=200>; rel="self"', `<${next}>; rel="next"`])).toBe(next);
  expect(nextLink('<https://acme.okta.com/api/v1/apps?limit=200>; rel="self"')).toBeUndefined();
  expect(nextLink(undefined)).toBeUndefined();
});
