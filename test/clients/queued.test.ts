/**
 * Bindings on one client queue behind each other (issue 18, item 1). Regression: four additive bindings on one
 * Hydra client, one key each, bound in parallel as the engine does, kept 1 to 3 of the 4 keys: each read the
 * client, merged its key and wrote the whole key set back over the others'. Here the client is a stateful Hydra
 * admin API on a MockAgent (GET answers slowly, PATCH applies the patch), reached through `openClient`.
 * Also: a JwkSet and a binding on one Okta app (the emulator) never interleave their cycles.
 */
import { generateKeyPairSync } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openClient } from "../../provider/registry/clients";
import { openTarget } from "../../provider/registry/targets";
import { hydraClient, type HydraClientConfig } from "../../provider/vendors/hydra/client";
import { bindClient } from "../resources/binding/parsed";
import { publishKeySet } from "../../provider/resources/jwkset/logic";
import type { PublicJwk } from "../../provider/core/keys/material";
import type { ClientBinder } from "../../provider/clients/types";
import type { KeySetTarget } from "../../provider/targets/types";
import { canWritePerKey, type PerKeyWriter } from "../../provider/targets/capabilities";
import { JSON_HEADERS, newAgent } from "../http/mock-http";
import { startOktaEmulator, type OktaEmulator } from "../emulators/okta";

const ORIGIN = "http://127.0.0.1:4445";

function ecKey(kid: string): PublicJwk {
  const jwk = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" }) as Record<string, string>;
  return { kty: "EC", crv: "P-256", x: jwk.x!, y: jwk.y!, kid, use: "sig", alg: "ES256" };
}

/** A Hydra admin API holding one client `c1`, its GET answering after a pause (where another writer slips in). */
function hydraServer() {
  const agent = newAgent();
  const client: Record<string, unknown> = { client_id: "c1", token_endpoint_auth_method: "private_key_jwt", jwks: { keys: [] } };
  const pool = agent.get(ORIGIN);
  pool
    .intercept({ path: "/admin/clients/c1", method: "GET" })
    .reply(() => ({ statusCode: 200, data: JSON.stringify(client), responseOptions: { headers: JSON_HEADERS } }))
    .delay(20)
    .persist();
  pool
    .intercept({ path: "/admin/clients/c1", method: "PATCH" })
    .reply((opts) => {
      for (const op of JSON.parse(opts.body as string) as { op: string; path: string; value: unknown }[])
        client[op.path.slice(1)] = op.value;
      return { statusCode: 200, data: JSON.stringify(client), responseOptions: { headers: JSON_HEADERS } };
    })
    .persist();
  const kids = () => ((client.jwks as { keys: { kid: string }[] }).keys ?? []).map((k) => k.kid).sort();
  return { agent, kids };
}

const bindFour = (open: (config: HydraClientConfig) => ClientBinder) =>
  Promise.all(
    ["k1", "k2", "k3", "k4"].map((kid, i) => {
      // One client typed four ways: one writer.
      const adminUrl = [ORIGIN, `${ORIGIN}/`, "HTTP://127.0.0.1:4445", `${ORIGIN}/`][i]!;
      const config: HydraClientConfig = { kind: "hydra", adminUrl, clientId: "c1" };
      return bindClient({ client: config, keys: [ecKey(kid)], mode: "additive" }, [], open(config));
    }),
  );

describe("four bindings on one client, in parallel", () => {
  it("without the queue (the adapter alone) the client loses keys: the race is real", async () => {
    const { agent, kids } = hydraServer();
    await bindFour((config) => hydraClient(config, { dispatcher: agent }));
    expect(kids().length).toBeLessThan(4);
  });

  it("through openClient (queued by writer) the client keeps all four", async () => {
    const { agent, kids } = hydraServer();
    const outs = await bindFour((config) => openClient(config, { dispatcher: agent }).binder);
    expect(kids()).toEqual(["k1", "k2", "k3", "k4"]);
    // Each binding saw the others' keys as foreign and left them alone.
    expect(outs.map((o) => o.drift)).toEqual(outs.map(() => ({ missing: [], changed: [], unexpected: [], settings: [] })));
  });
});

describe("a JwkSet and a binding on one Okta app", () => {
  let okta: OktaEmulator;
  beforeAll(async () => {
    okta = await startOktaEmulator();
    process.env.OKTA_API_TOKEN = okta.apiToken;
  });
  afterAll(() => okta.close());

  it("queue behind each other (org URL typed two ways) and lose nothing", async () => {
    const appId = okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
    // The JwkSet's target pauses after listing (where the binding would slip in) and marks where its cycle
    // starts and ends in the emulator's request log.
    const target = openTarget({ kind: "okta", orgUrl: okta.url, appId });
    if (!canWritePerKey(target)) throw new Error("the Okta target writes per key");
    let from = -1;
    let to = -1;
    const slow: KeySetTarget & PerKeyWriter = {
      ...target,
      async list() {
        if (from < 0) from = okta.requests.length;
        const live = await target.list();
        await sleep(50);
        return live;
      },
      async add(key, status) {
        await target.add(key, status);
        to = okta.requests.length;
      },
    };
    const set = publishKeySet({ target: { kind: "okta", orgUrl: okta.url, appId }, keys: [ecKey("set-1"), ecKey("set-2")] }, [], slow);
    await sleep(5); // the JwkSet's cycle has begun
    const bound = bindClient(
      { client: { kind: "okta", orgUrl: `${okta.url}/`, appId }, keys: [ecKey("bound")], auth: { method: "private_key_jwt" } },
      [],
      openClient({ kind: "okta", orgUrl: `${okta.url}/`, appId }).binder,
    );
    await Promise.all([set, bound]);
    expect(
      okta
        .keys(appId)
        .map((k) => k.kid)
        .sort(),
    ).toEqual(["bound", "set-1", "set-2"]);
    // Between the JwkSet's list and its last add, no write but its own two: the binding's writes waited (its
    // reads, which change nothing, need not).
    const during = okta.requests.slice(from, to).filter((r) => r.method !== "GET");
    expect(during.map((r) => `${r.method} ${r.operationId}`)).toEqual(["POST addJwk", "POST addJwk"]);
    expect(okta.tokenEndpointAuthMethod(appId)).toBe("private_key_jwt");
    expect(okta.contractViolations).toEqual([]);
  });
});
