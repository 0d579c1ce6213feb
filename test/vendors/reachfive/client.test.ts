/**
 * The `reachfive` client kind through the generic binding logic, against the ReachFive emulator over real HTTP:
 * global and client-specific pairs, a declared rotation, revocation, console drift, HS256 refusal, input rules,
 * and a failure half-way reported with what was applied.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openClient } from "../../../provider/registry/clients";
import { reachFiveDrift } from "../../../provider/vendors/reachfive/binding-section";
import { bindingInputFailures, type BindingInputs } from "../../../provider/resources/binding/check";
import { diffBinding, formatBindingDrift } from "../../../provider/resources/binding/logic";
import { bindClient, readBinding } from "../../resources/binding/parsed";
import { startReachFiveEmulator, type ReachFiveEmulator } from "../../emulators/reachfive";

let r5: ReachFiveEmulator;
beforeAll(async () => {
  r5 = await startReachFiveEmulator();
  process.env.REACHFIVE_MANAGEMENT_CLIENT_ID = r5.clientId;
  process.env.REACHFIVE_MANAGEMENT_CLIENT_SECRET = r5.clientSecret;
});
afterAll(async () => {
  expect(r5.contractViolations).toEqual([]);
  await r5.close();
});

const writes = (from: number) =>
  r5.requests
    .slice(from)
    .filter((r) => r.method !== "GET" && r.operationId !== "oauth:token")
    .map((r) => `${r.method} ${r.operationId}`);
const inputs = (clientId: string, reachfive: BindingInputs["reachfive"]): BindingInputs => ({
  client: { kind: "reachfive", url: r5.url, clientId },
  reachfive,
});
const bind = (i: BindingInputs, previous?: BindingInputs) =>
  bindClient(i, [], openClient(i.client, { maxRetryDelayMs: 10 }).binder, previous);

describe("reachfive client kind", () => {
  test("client-specific, rotate by trigger (one POST), revoke the old kid, back to global (one PUT)", async () => {
    const app = r5.createClient();
    let mark = r5.requests.length;
    const a = inputs(app, { keyPair: "client-specific", rotationTrigger: 1 });
    const first = await bind(a);
    expect(writes(mark)).toEqual(["POST rotateClientKeys"]);
    expect(first.reachfiveKey).toEqual({ keyPair: "client-specific", kid: r5.client(app).kid });
    expect(first.drift.settings).toEqual([]);

    mark = r5.requests.length;
    expect(diffBinding(first, a).changes).toBe(false);
    await bind(a, a);
    expect(writes(mark)).toEqual([]);

    const oldKid = first.reachfiveKey!.kid!;
    const b = inputs(app, { keyPair: "client-specific", rotationTrigger: 2, revokeKids: [oldKid] });
    expect(diffBinding(first, b).changes).toBe(true);
    mark = r5.requests.length;
    const second = await bind(b, first);
    expect(writes(mark)).toEqual(["POST rotateClientKeys", "DELETE revokeClientKey"]);
    expect(second.reachfiveKey!.kid).not.toBe(oldKid);
    expect(r5.jwks().map((k) => k.kid)).not.toContain(oldKid);

    mark = r5.requests.length;
    const g = inputs(app, { keyPair: "global" });
    const global = await bind(g, second);
    expect(writes(mark)).toEqual(["PUT syncClientKeys"]);
    expect(global.reachfiveKey).toEqual({ keyPair: "global", kid: r5.globalKid() });
  });

  test("console drift: a re-sync and a rotation show on read with what up does and cannot do", async () => {
    const app = r5.createClient();
    const a = inputs(app, { keyPair: "client-specific" });
    const state = await bind(a);
    const kid = state.reachfiveKey!.kid!;
    const newKid = r5.consoleRotateClient(app);
    const rotated = (await readBinding(state, openClient(a.client).binder))!;
    expect(rotated.drift.settings).toEqual(["reachfive.kid"]);
    expect(formatBindingDrift("c", rotated.drift)).toBe(
      `drift on c: the client's pair was rotated outside the stack ("${kid}" -> "${newKid}"); a rotated-away pair cannot come back, so up keeps "${newKid}" and records it`,
    );
    expect(diffBinding(rotated, a).changes).toBe(true);
    const mark = r5.requests.length;
    const accepted = await bind(a, rotated);
    expect(writes(mark)).toEqual([]);
    expect(accepted.reachfiveKey!.kid).toBe(newKid);

    r5.consoleSyncClient(app);
    const synced = (await readBinding(accepted, openClient(a.client).binder))!;
    expect(synced.drift.settings).toEqual(["reachfive.keyPair"]);
    expect(synced.drift.notes![0]).toContain(`the pair "${newKid}" it had cannot come back`);
    await bind(a, synced);
    expect(r5.client(app).jwks_type).toBe("client_specific");
  });

  test("HS256 client refused before anything is sent; revoking the kid in use refused; missing client coded", async () => {
    const hs = r5.createClient({ alg: "HS256" });
    let mark = r5.requests.length;
    await expect(bind(inputs(hs, { keyPair: "global" }))).rejects.toMatchObject({
      code: "ERR_JWKS_REACHFIVE_HS256_CLIENT",
      message: expect.stringContaining("signs its tokens with HS256"),
    });
    expect(writes(mark)).toEqual([]);

    const app = r5.createClient();
    mark = r5.requests.length;
    await expect(bind(inputs(app, { keyPair: "global", revokeKids: [r5.globalKid()] }))).rejects.toMatchObject({
      code: "ERR_JWKS_REACHFIVE_REVOKE_IN_USE",
    });
    expect(writes(mark)).toEqual([]);
    await expect(bind(inputs("nobody", { keyPair: "global" }))).rejects.toMatchObject({ code: "ERR_JWKS_CLIENT_NOT_FOUND" });
  });

  test("a failure after the rotation names what was applied and what failed", async () => {
    const app = r5.createClient();
    const state = await bind(inputs(app, { keyPair: "client-specific", rotationTrigger: "a" }));
    r5.injectFaults({ operationId: "revokeClientKey" }, { status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    const b = inputs(app, { keyPair: "client-specific", rotationTrigger: "b", revokeKids: [state.reachfiveKey!.kid!] });
    await expect(bind(b, state)).rejects.toMatchObject({
      code: "ERR_JWKS_REACHFIVE_PARTLY_APPLIED",
      applied: ["rotated its pair (POST)"],
      message: expect.stringMatching(/then failed: revoked ".*" \(DELETE\): .*HTTP 500 server_error/),
    });
  });

  test("input rules: the kind refuses keys and jwksUri; other kinds refuse the section; the section is checked", async () => {
    const client = { kind: "reachfive" as const, url: "https://acme.example", clientId: "app" };
    expect(await bindingInputFailures({ client, keys: [], reachfive: { keyPair: "global" } })).toContainEqual({
      property: "keys",
      reason: "a reachfive client's keys are generated by ReachFive: declare reachfive.keyPair instead of keys",
    });
    expect(await bindingInputFailures({ client, reachfive: { keyPair: "global", rotationTrigger: 1 } })).toEqual([
      {
        property: "reachfive.rotationTrigger",
        reason: "only a client-specific pair rotates per client; rotate the global pair with ReachFiveAccountKey.rotationTrigger",
      },
    ]);
    expect(await bindingInputFailures({ client, reachfive: { keyPair: "own" as "global" } })).toEqual([
      { property: "reachfive.keyPair", reason: 'must be "global" or "client-specific", not "own"' },
    ]);
    expect(await bindingInputFailures({ client })).toEqual([
      { property: "reachfive", reason: 'required for a reachfive client: { keyPair: "global" | "client-specific" }' },
    ]);
    const other = { kind: "rfc7592" as const, registrationClientUri: "https://op.example/reg/a" };
    expect(await bindingInputFailures({ client: other, keys: [], reachfive: { keyPair: "global" } })).toContainEqual({
      property: "reachfive",
      reason: 'only a reachfive client takes this section, not "rfc7592"',
    });
  });

  test("drift is pure: a revoked kid published again is reported", () => {
    expect(
      reachFiveDrift({ keyPair: "global", revokeKids: ["old"] }, "g", { keyPair: "global", kid: "g", publishedKids: ["g", "old"] }),
    ).toEqual({
      settings: ["reachfive.revokeKids"],
      notes: ["revoked kids are published again: old; up revokes them"],
    });
  });
});
