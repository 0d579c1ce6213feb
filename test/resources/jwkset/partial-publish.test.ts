/**
 * A JwkSet whose create or update fails after it may have added keys hands the engine a partial failure with
 * state owning those kids (partial-publish.ts, pulumi/partial-failure.ts). Before, a failed create left no state
 * and a failed update the old one: the re-run found its own key live, took it for another stack's (adoptedKids,
 * on an Okta app without owners record) and later refused to withdraw it (ERR_JWKS_UNRECORDED_SHARE).
 */
import { afterAll, beforeAll, beforeEach, expect, test, vi } from "vitest";
import { describeKey, generateKey, type PublicJwk } from "../../../provider/core/keys/material";
import { partialStateOf } from "../../../provider/pulumi/partial-failure";
import { partialOutputs } from "../../../provider/resources/jwkset/partial-publish";
import dynamicJwkSet from "../../../provider/resources/jwkset/entry";
import { jwkProvider } from "../../../provider/plugin/provider";
import type { JwkSetOutputs } from "../../../provider/resources/jwkset/logic";
import type { TargetConfig } from "../../../provider/registry/targets";
import { startOktaEmulator, type OktaEmulator } from "../../emulators/okta";

const key = async (kid: string): Promise<PublicJwk> =>
  (await describeKey(await generateKey({ alg: "ES256" }), { alg: "ES256", use: "sig", kid })).publicJwk;

let okta: OktaEmulator;
let a: PublicJwk, b: PublicJwk, c: PublicJwk;
beforeAll(async () => {
  okta = await startOktaEmulator();
  [a, b, c] = await Promise.all([key("a"), key("b"), key("c")]);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await okta.close();
});
beforeEach(() => {
  vi.stubEnv("OKTA_API_TOKEN", okta.apiToken);
  okta.setFaultPolicy(undefined);
});

/** Every add after the first `allowed` ones answers 400 (not retried). */
function failAddsAfter(allowed: number): void {
  let adds = 0;
  okta.setFaultPolicy((req) => (req.operationId === "addJwk" && ++adds > allowed ? { status: 400 } : undefined));
}

const kidsOn = (appId: string) =>
  okta
    .keys(appId)
    .map((x) => x.kid)
    .sort();
const STUB = 'exports.handler=()=>require("pulumi-jwk/providers/jwkset");';
const URN = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/pulumi-jwk:JwkSet::jwks";

test("a create that fails after adding a key hands over state owning it; the re-run neither adopts nor refuses it", async () => {
  const appId = okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
  const target: TargetConfig = { kind: "okta", orgUrl: okta.url, appId };
  const inputs = { target, keys: [a, b], mode: "additive" as const, __urn: URN, __provider: STUB };
  failAddsAfter(1);
  const failed = await dynamicJwkSet.create(inputs).catch((e: unknown) => e);
  expect(failed).toMatchObject({ code: expect.any(String) });
  expect(kidsOn(appId)).toEqual(["a"]);
  const partial = partialStateOf(failed);
  expect(partial?.id).toMatch(/^okta:/);
  expect(partial?.reasons).toEqual([(failed as Error).message]);
  const state = partial!.properties as unknown as JwkSetOutputs & { __provider?: string; __urn?: string };
  expect(state).toMatchObject({ kids: ["a", "b"], keys: [], __provider: STUB, __urn: URN });
  expect(state.adoptedKids).toBeUndefined();
  expect(state.drift.unexpected).toEqual(["a", "b"]);
  // The engine diffs the next run against that state: a change, so an update.
  expect((await dynamicJwkSet.diff(partial!.id, state, inputs)).changes).toBe(true);

  okta.setFaultPolicy(undefined);
  const rerun = await dynamicJwkSet.update(partial!.id, state, inputs);
  expect(rerun.outs).toMatchObject({ kids: ["a", "b"] });
  expect((rerun.outs as JwkSetOutputs).adoptedKids).toBeUndefined();
  expect(kidsOn(appId)).toEqual(["a", "b"]);
  await dynamicJwkSet.delete!(partial!.id, rerun.outs as JwkSetOutputs);
  expect(kidsOn(appId)).toEqual([]);
});

test("an update that fails after adding a key keeps the old state plus the kids it may have added", async () => {
  const appId = okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
  const target: TargetConfig = { kind: "okta", orgUrl: okta.url, appId };
  const created = await dynamicJwkSet.create({ target, keys: [a], __urn: URN });
  failAddsAfter(1);
  const failed = await dynamicJwkSet
    .update(created.id, created.outs as JwkSetOutputs, { target, keys: [a, b, c], __urn: URN })
    .catch((e: unknown) => e);
  expect(kidsOn(appId)).toEqual(["a", "b"]);
  const state = partialStateOf(failed)?.properties as unknown as JwkSetOutputs | undefined;
  expect(state).toMatchObject({ kids: ["a", "b", "c"], keys: [expect.objectContaining({ kid: "a" })] });
  expect(state?.adoptedKids).toBeUndefined();
  okta.setFaultPolicy(undefined);
  // The program goes back to the old keys: the kids the failed update may have added are withdrawn, not kept.
  const back = await dynamicJwkSet.update(created.id, state!, { target, keys: [a], __urn: URN });
  expect(kidsOn(appId)).toEqual(["a"]);
  expect(back.outs).toMatchObject({ kids: ["a"] });
});

test("a failure before any write hands over no state", async () => {
  const appId = okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
  okta.setFaultPolicy((req) => (req.operationId === "listJwk" ? { status: 400 } : undefined));
  const failed = await dynamicJwkSet.create({ target: { kind: "okta", orgUrl: okta.url, appId }, keys: [a] }).catch((e: unknown) => e);
  expect(failed).toBeInstanceOf(Error);
  expect(partialStateOf(failed)).toBeUndefined();
});

test("plugin form: the partial state is stored as a success's would be, without the dynamic form's internals", async () => {
  const appId = okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
  const target: TargetConfig = { kind: "okta", orgUrl: okta.url, appId };
  failAddsAfter(1);
  const urn = "urn:pulumi:dev::proj::jwk:index:JwkSet::jwks";
  const failed = await jwkProvider().create!(urn, { target, keys: [a, b] }).catch((e: unknown) => e);
  const state = partialStateOf(failed);
  expect(state?.properties).toMatchObject({ kids: ["a", "b"] });
  expect(state?.properties).not.toHaveProperty("__urn");
  expect(state?.properties).not.toHaveProperty("__provider");
});

test("partialOutputs keeps the adopted kids known before and found now", () => {
  const before: JwkSetOutputs = {
    target: { kind: "okta", orgUrl: "https://x", appId: "1" } as TargetConfig,
    mode: "additive",
    keys: [],
    kids: ["k"],
    inactiveKids: [],
    drift: { missing: [], changed: [], unexpected: [] },
    foreignKids: [],
    adoptedKids: ["k"],
    ownerId: "o1",
  };
  const out = partialOutputs({ target: before.target, keys: [] }, before, { mode: "additive", mayHaveAdded: ["n"], adoptedKids: ["j"] });
  expect(out).toMatchObject({ kids: ["k", "n"], adoptedKids: ["j", "k"], ownerId: "o1", drift: { unexpected: ["n"] } });
});
