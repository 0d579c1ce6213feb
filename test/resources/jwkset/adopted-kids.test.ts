/**
 * Kids found already published on a per-key target that keeps no owners record (an Okta app without
 * `ownersFile`, on the emulator): recorded as `adoptedKids`, and their withdrawal (an update that stops declaring
 * them, a destroy) refused before anything is written while they are still live (unrecorded-share.ts). With a
 * shared owners record nothing is adopted and the record decides, as before. Before this, the update and the
 * destroy withdrew such a kid on a guess.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, expect, test, vi } from "vitest";
import { describeKey, generateKey, type PublicJwk } from "../../../provider/core/keys/material";
import { publishKeySet, withdrawKeySet, type JwkSetOutputs } from "../../../provider/resources/jwkset/logic";
import type { Ownership } from "../../../provider/resources/jwkset/claims";
import type { TargetConfig } from "../../../provider/registry/targets";
import { startOktaEmulator, type OktaEmulator } from "../../emulators/okta";

const key = async (kid: string): Promise<PublicJwk> =>
  (await describeKey(await generateKey({ alg: "ES256" }), { alg: "ES256", use: "sig", kid })).publicJwk;

let okta: OktaEmulator;
let dir: string;
let k: PublicJwk, mine: PublicJwk, next: PublicJwk;
beforeAll(async () => {
  okta = await startOktaEmulator();
  dir = await mkdtemp(join(tmpdir(), "jwkset-adopted-"));
  [k, mine, next] = await Promise.all([key("k"), key("mine"), key("next")]);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await Promise.all([okta.close(), rm(dir, { recursive: true, force: true })]);
});
beforeEach(() => {
  vi.stubEnv("OKTA_API_TOKEN", okta.apiToken);
});

const kidsOn = (appId: string) =>
  okta
    .keys(appId)
    .map((x) => x.kid)
    .sort();
const writes = () => okta.requests.filter((r) => r.method !== "GET").length;
const none = (adopted?: readonly string[]): Ownership => ({
  declared: new Set(),
  declaredByOthers: new Set(),
  ...(adopted ? { adopted } : {}),
});

/** An app holding `k`, published there by someone else (another stack), and a JwkSet that then declares it. */
async function adopting(
  extra: Partial<TargetConfig> = {},
): Promise<{ appId: string; target: TargetConfig; out: JwkSetOutputs; log: string[] }> {
  const appId = okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
  okta.consoleAddKey(appId, k, "ACTIVE");
  const target = { kind: "okta", orgUrl: okta.url, appId, ...extra } as TargetConfig;
  const log: string[] = [];
  const out = await publishKeySet({ target, keys: [k, mine] }, [], undefined, (m) => log.push(m), none());
  return { appId, target, out, log };
}

test("publish that finds a kid already live records it as adopted and says so", async () => {
  const { out, log } = await adopting();
  expect(out.kids).toEqual(["k", "mine"]);
  expect(out.adoptedKids).toEqual(["k"]);
  expect(log.filter((m) => m.includes("was already published there"))).toHaveLength(1);
  expect(log.join("\n")).toMatch(
    /key k was already published there, not by this resource; .* it will refuse to withdraw it \(ERR_JWKS_UNRECORDED_SHARE\)/,
  );
});

test("an update that stops declaring an adopted kid is refused before anything is written", async () => {
  const { appId, target, out } = await adopting();
  const before = writes();
  const refused = publishKeySet({ target, keys: [next] }, out.kids, undefined, undefined, none(out.adoptedKids));
  await expect(refused).rejects.toMatchObject({ code: "ERR_JWKS_UNRECORDED_SHARE", kids: ["k"], target: expect.stringContaining(appId) });
  await expect(refused).rejects.toThrow(/update would withdraw key k, which this resource found already published.*ownersFile.*by hand/s);
  expect(writes()).toBe(before); // not even `mine` withdrawn nor `next` added
  expect(kidsOn(appId)).toEqual(["k", "mine"]);
});

test("an update that keeps declaring it keeps it adopted; a new key is not adopted", async () => {
  const { target, out } = await adopting();
  const kept = await publishKeySet({ target, keys: [k, mine, next] }, out.kids, undefined, undefined, none(out.adoptedKids));
  expect(kept.adoptedKids).toEqual(["k"]);
});

test("a destroy is refused likewise, withdrawing nothing", async () => {
  const { appId, out } = await adopting();
  const before = writes();
  await expect(withdrawKeySet(out, undefined, undefined, none())).rejects.toMatchObject({ code: "ERR_JWKS_UNRECORDED_SHARE", kids: ["k"] });
  expect(writes()).toBe(before);
  expect(kidsOn(appId)).toEqual(["k", "mine"]);
});

test("once the adopted kid is gone from the target, nothing is refused", async () => {
  const { appId, target, out } = await adopting();
  okta.consoleDeleteKey(appId, "k");
  const updated = await publishKeySet({ target, keys: [mine] }, out.kids, undefined, undefined, none(out.adoptedKids));
  expect(updated.adoptedKids).toBeUndefined();
  expect(kidsOn(appId)).toEqual(["mine"]);
  await withdrawKeySet(out, undefined, undefined, none());
  expect(kidsOn(appId)).toEqual([]);
});

test("a kid another resource of this deployment declares is neither adopted nor refused: it stays", async () => {
  const appId = okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
  okta.consoleAddKey(appId, k, "ACTIVE");
  const target: TargetConfig = { kind: "okta", orgUrl: okta.url, appId };
  const inStack: Ownership = { declared: new Set(["k", "mine"]), declaredByOthers: new Set(["k"]) };
  const out = await publishKeySet({ target, keys: [k, mine] }, [], undefined, undefined, inStack);
  expect(out.adoptedKids).toBeUndefined();
  await publishKeySet({ target, keys: [mine] }, out.kids, undefined, undefined, { declared: new Set(["k", "mine"]) });
  expect(kidsOn(appId)).toEqual(["k", "mine"]);
});

test("rename without alias in one stack: the new resource adopts the old one's kid, and refuses to withdraw it later", async () => {
  const appId = okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
  const target: TargetConfig = { kind: "okta", orgUrl: okta.url, appId };
  const old = await publishKeySet({ target, keys: [k] }, [], undefined, undefined, none());
  expect(old.adoptedKids).toBeUndefined();
  // The engine creates the new resource before deleting the old one, which it does not check: nothing tells them apart.
  const renamed = await publishKeySet({ target, keys: [k] }, [], undefined, undefined, {
    declared: new Set(["k"]),
    declaredByOthers: new Set(),
  });
  expect(renamed.adoptedKids).toEqual(["k"]);
  await withdrawKeySet(old, undefined, undefined, { declared: new Set(["k"]) }); // the old one leaves it to the new one
  expect(kidsOn(appId)).toEqual(["k"]);
  await expect(withdrawKeySet(renamed, undefined, undefined, none())).rejects.toMatchObject({ code: "ERR_JWKS_UNRECORDED_SHARE" });
});

test("with a shared owners record (ownersFile) nothing is adopted and the record decides, as before", async () => {
  const ownersFile = join(dir, "app.owners.json");
  const { appId, target, out, log } = await adopting({ ownersFile } as Partial<TargetConfig>);
  expect(out.adoptedKids).toBeUndefined();
  expect(log.join("\n")).not.toMatch(/already published there/);
  // The record names no other claimant of `k` (its publisher never named the record): this resource withdraws it.
  await publishKeySet({ target, keys: [mine] }, out.kids, undefined, undefined, { declared: new Set(), ownerId: out.ownerId });
  expect(kidsOn(appId)).toEqual(["mine"]);
});
