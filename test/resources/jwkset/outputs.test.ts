/**
 * publishKeySet reads the target once and derives its outputs (drift, foreign kids) from that read and the applied
 * diff. These tests hold the derived outputs against a fresh read (refreshKeySet, what refresh does) after creates,
 * rotations, same-kid changes, status changes, exclusive take-overs and expiring keys, on the Okta and Janssen
 * emulators and a file, and count the list calls: one per publish.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { describeKey, generateKey, type PublicJwk } from "../../../provider/core/keys/material";
import { publishKeySet, refreshKeySet, type JwkSetInputs, type JwkSetOutputs } from "../../../provider/resources/jwkset/logic";
import { openTarget } from "../../../provider/registry/targets";
import type { TargetConfig } from "../../../provider/registry/targets";
import { startJanssenEmulator, type JanssenEmulator } from "../../emulators/janssen";
import { startOktaEmulator, type OktaEmulator } from "../../emulators/okta";

const key = async (alg: string, kid: string): Promise<PublicJwk> =>
  (await describeKey(await generateKey({ alg }), { alg, use: "sig", kid })).publicJwk;

let okta: OktaEmulator;
let jans: JanssenEmulator;
let dir: string;
beforeAll(async () => {
  [okta, jans] = await Promise.all([startOktaEmulator(), startJanssenEmulator()]);
  dir = await mkdtemp(join(tmpdir(), "jwkset-outputs-"));
});
afterAll(async () => {
  await Promise.all([okta.close(), jans.close(), rm(dir, { recursive: true, force: true })]);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function env(): void {
  vi.stubEnv("OKTA_API_TOKEN", okta.apiToken);
  vi.stubEnv("JANS_CLIENT_ID", jans.clientId);
  vi.stubEnv("JANS_CLIENT_SECRET", jans.clientSecret);
}

/** Publishes, then checks the outputs against a fresh read and that the publish listed the target once. */
async function publishAndCompare(inputs: JwkSetInputs, owned: readonly string[]): Promise<JwkSetOutputs> {
  env();
  const lists = () =>
    [...okta.requests, ...jans.requests].filter((r) => r.operationId === "listJwk" || r.operationId === "get-config-jwks");
  const before = lists().length;
  const out = await publishKeySet(inputs, owned);
  if (inputs.target.kind !== "file") expect(lists().length - before).toBe(1);
  const reread = (await refreshKeySet(out, openTarget(out.target)))!;
  expect(out).toEqual(reread);
  return out;
}

describe("outputs derived from the first read equal a fresh read", () => {
  const scenario = async (target: TargetConfig, foreign?: (k: PublicJwk) => void) => {
    const [a, b, c, b2, stranger] = await Promise.all([
      key("ES256", "a"),
      key("RS256", "b"),
      key("ES384", "c"),
      key("RS256", "b"),
      key("ES256", "stranger"),
    ]);
    foreign?.(stranger);
    const created = await publishAndCompare({ target, keys: [a, b] }, []);
    expect(created.drift).toEqual({ missing: [], changed: [], unexpected: [] });
    if (foreign) expect(created.foreignKids).toContain("stranger");
    // Rotation: c in, a out; then a same-kid change of b.
    const rotated = await publishAndCompare({ target, keys: [b, c] }, created.kids);
    const changed = await publishAndCompare({ target, keys: [b2, c] }, rotated.kids);
    // Exclusive take-over: the stranger (and any server key) goes, and the outputs say there is nothing unexpected.
    const exclusive = await publishAndCompare({ target, keys: [b2, c], mode: "exclusive" }, changed.kids);
    expect(exclusive.foreignKids).toEqual([]);
    expect(exclusive.drift.unexpected).toEqual([]);
    return exclusive;
  };

  test("okta: create beside a partner's key, rotate, change, status change, exclusive", async () => {
    const appId = okta.createApp({ tokenEndpointAuthMethod: "private_key_jwt" });
    const target: TargetConfig = { kind: "okta", orgUrl: okta.url, appId };
    const last = await scenario(target, (k) => okta.consoleAddKey(appId, k, "ACTIVE"));
    // A key declared INACTIVE, then ACTIVE again: the derived status matches Okta's.
    const inactive = await publishAndCompare({ target, keys: last.keys, mode: "exclusive", inactiveKids: ["c"] }, last.kids);
    expect(okta.keys(appId).find((k) => k.kid === "c")?.status).toBe("INACTIVE");
    await publishAndCompare({ target, keys: last.keys, mode: "exclusive" }, inactive.kids);
    expect(okta.contractViolations).toEqual([]);
  });

  test("janssen: create beside the server's keys, rotate, change, exclusive (whole-set PUT), an expiring key renewed", async () => {
    const target: TargetConfig = { kind: "janssen", url: jans.configApiUrl, tokenUrl: jans.tokenUrl };
    const last = await scenario(target, (k) => jans.consoleAddKey({ ...k, exp: Date.now() + 400 * 86_400_000 }));
    const stored = jans.keys().find((k) => k.kid === "c")!;
    jans.consoleReplaceKey("c", { ...stored, exp: Date.now() + 86_400_000 }); // one day left: drift, renewed by publish
    expect((await refreshKeySet(last, openTarget(target)))!.drift.changed).toEqual(["c"]);
    const renewed = await publishAndCompare({ target, keys: last.keys, mode: "exclusive" }, last.kids);
    expect(renewed.drift.changed).toEqual([]);
    expect(jans.contractViolations).toEqual([]);
  });

  test("file: create beside a stranger's key, rotate, change, exclusive", async () => {
    const path = join(dir, "jwks.json");
    const target: TargetConfig = { kind: "file", path };
    await scenario(target);
  });
});
