/**
 * Guarantee 6 at the level of the publish logic: publishKeySet / withdrawKeySet with the real adapters over real
 * HTTP to the Okta and Janssen emulators, while a seeded 20% of requests get a 429, a 5xx, a timeout (the emulator
 * answers late and still carries the request out) or a connection reset. Six JwkSets on four targets (two additive
 * sets beside another owner's keys on one Okta app and one Janssen server, one exclusive set on each of another
 * app and server) go through 240 operations; every failed up is checked for unreported changes and re-run until it
 * converges; every target is audited after every operation. Prints the figures; JWK_FAULT_SEED picks the seed,
 * JWK_FAULT_OPS the number of operations, JWK_FAULT_DEBUG=1 prints each failed up's message.
 */
import { mersenne } from "pure-rand/generator/mersenne";
import { afterAll, beforeAll, expect, test } from "vitest";
import { describeKey, generateKey } from "../../provider/core/keys/material";
import { publishKeySet, refreshKeySet, withdrawKeySet, type JwkSetOutputs } from "../../provider/resources/jwkset/logic";
import { openTarget } from "../../provider/registry/targets";
import { startJanssenEmulator, type JanssenEmulator } from "../emulators/janssen";
import { startOktaEmulator, type OktaEmulator } from "../emulators/okta";
import { heldKeys, reportFromMessage, reportOf, type HeldKey } from "./audit";
import { describeFigures, runWorkload, type Driver } from "./run";
import { faultSeed, seededFaults } from "./seeded-faults";
import { newSet, type SetModel } from "./workload";

const SEED = faultSeed();
const OPERATIONS = Number(process.env.JWK_FAULT_OPS ?? 240);
const TIMEOUT_MS = 100;

let okta: OktaEmulator;
let jansShared: JanssenEmulator;
let jansOwn: JanssenEmulator;
const env: Record<string, string> = {};
const saved = { ...process.env };

beforeAll(async () => {
  [okta, jansShared, jansOwn] = await Promise.all([startOktaEmulator(), startJanssenEmulator(), startJanssenEmulator()]);
  Object.assign(env, {
    OKTA_API_TOKEN: okta.apiToken,
    FAULTS_JANS_SHARED_SECRET: jansShared.clientSecret,
    FAULTS_JANS_OWN_SECRET: jansOwn.clientSecret,
  });
  Object.assign(process.env, env);
});
afterAll(async () => {
  for (const k of Object.keys(env)) if (saved[k] === undefined) delete process.env[k];
  await Promise.all([okta.close(), jansShared.close(), jansOwn.close()]);
});

test(
  `${OPERATIONS} operations under a seeded 20% of faults: nothing lost, duplicated or left unreported`,
  { timeout: 600_000 },
  async () => {
    const shared = okta.createApp({ tokenEndpointAuthMethod: "private_key_jwt" });
    const own = okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
    const partner = (await describeKey(await generateKey({ alg: "RS256" }), { alg: "RS256", use: "sig", kid: "partner" })).publicJwk;
    okta.consoleAddKey(shared, partner, "ACTIVE");
    jansShared.consoleAddKey({ ...partner, exp: Date.now() + 400 * 86_400_000 });
    const foreign: Record<string, string[]> = {
      "okta-shared": ["partner"],
      "jans-shared": jansShared.keys().map((k) => String(k.kid)), // the server's own keys and the partner's
      "okta-own": [],
      "jans-own": [],
    };
    const okt = (appId: string) => ({ kind: "okta" as const, orgUrl: okta.url, appId, timeoutMs: TIMEOUT_MS });
    const jan = (j: JanssenEmulator, secretEnv: string) => ({
      kind: "janssen" as const,
      url: j.configApiUrl,
      tokenUrl: j.tokenUrl,
      clientId: j.clientId,
      clientSecretEnv: secretEnv,
      timeoutMs: TIMEOUT_MS,
    });
    const sets: SetModel[] = [
      newSet("oa", "okta-shared", okt(shared), "additive", true),
      newSet("ob", "okta-shared", okt(shared), "additive", true),
      newSet("ox", "okta-own", okt(own), "exclusive", true),
      newSet("ja", "jans-shared", jan(jansShared, "FAULTS_JANS_SHARED_SECRET"), "additive", false),
      newSet("jb", "jans-shared", jan(jansShared, "FAULTS_JANS_SHARED_SECRET"), "additive", false),
      newSet("jx", "jans-own", jan(jansOwn, "FAULTS_JANS_OWN_SECRET"), "exclusive", false),
    ];

    const faults = seededFaults({ seed: SEED, rate: 0.2, timeoutMs: TIMEOUT_MS });
    okta.setFaultPolicy(faults.policy("okta"));
    jansShared.setFaultPolicy(faults.policy("janssen"));
    jansOwn.setFaultPolicy(faults.policy("janssen"));

    // The state Pulumi would keep: a failed create stores nothing, a failed update or delete keeps the old outputs.
    const state = new Map<string, JwkSetOutputs>();
    const inputsOf = (s: SetModel) => ({ target: s.config, keys: s.declared, mode: s.mode, inactiveKids: s.inactive });
    // Retries wait at most 20 ms here: what is tested is what they do, not how long they wait.
    const open = (s: SetModel) => openTarget(s.config, { maxRetryDelayMs: 20 });
    const stores: Record<string, () => Record<string, unknown>[]> = {
      "okta-shared": () => okta.keys(shared) as unknown as Record<string, unknown>[],
      "okta-own": () => okta.keys(own) as unknown as Record<string, unknown>[],
      "jans-shared": () => jansShared.keys(),
      "jans-own": () => jansOwn.keys(),
    };
    const errors: string[] = [];
    const driver: Driver = {
      async up(set) {
        const old = state.get(set.name);
        if (set.exists) {
          const out = await publishKeySet(inputsOf(set), old?.kids ?? [], open(set));
          expect(out.drift).toEqual({ missing: [], changed: [], unexpected: [] });
          expect([...out.kids].sort()).toEqual(set.declared.map((k) => k.kid).sort());
          state.set(set.name, out);
        } else if (old) {
          await withdrawKeySet(old, open(set));
          state.delete(set.name);
        }
      },
      // Audit the report users read (the message), and check the error's data says the same.
      reportOf(error) {
        const stated = reportFromMessage(String((error as Error).message));
        const data = reportOf(error);
        if (data) expect(stated).toEqual({ applied: data.applied, unknown: data.unknown, notApplied: data.notApplied });
        return stated;
      },
      held: (target): HeldKey[] => heldKeys(stores[target]!()),
      foreign: (target) => foreign[target]!,
      settle: () => faults.settle(),
    };
    const t0 = Date.now();
    const figures = await runWorkload({
      rng: mersenne(SEED + 1),
      sets,
      operations: OPERATIONS,
      driver,
      maxReruns: 10,
      onFailure: (e) => {
        errors.push(String((e as Error).message));
        if (process.env.JWK_FAULT_DEBUG) console.log("failed up:", String((e as Error).message));
      },
    });

    // Faults off: every set, published again, needs no write at all, and a fresh read finds no drift.
    faults.enabled = false;
    const writes = () =>
      [okta, jansShared, jansOwn].flatMap((e) => e.requests).filter((r) => r.method !== "GET" && r.operationId !== "jans-auth:token")
        .length;
    const writesBefore = writes();
    for (const set of sets.filter((s) => s.exists)) {
      const out = await publishKeySet(inputsOf(set), state.get(set.name)!.kids, open(set));
      expect((await refreshKeySet(out, open(set)))!.drift).toEqual({ missing: [], changed: [], unexpected: [] });
    }
    const writesAfter = writes();

    console.log(
      [
        `fault injection, publish logic over HTTP (${((Date.now() - t0) / 1000).toFixed(1)} s):`,
        ...describeFigures(SEED, figures, faults.counts),
      ].join("\n  "),
    );
    for (const list of [figures.lost, figures.duplicated, figures.leftover, figures.unreported, figures.untrue, figures.notConverged])
      if (list.length > 0) console.log(list.slice(0, 10).join("\n"));

    const ops = Object.values(figures.operations).reduce((a, b) => a + b, 0);
    expect(ops).toBeGreaterThanOrEqual(200);
    for (const kind of ["create", "rotate", "remove", "change", "status", "destroy"] as const)
      expect(figures.operations[kind]).toBeGreaterThan(0);
    expect(faults.counts.requests).toBeGreaterThan(ops);
    for (const n of Object.values(faults.counts.injected)) expect(n).toBeGreaterThan(0);
    expect(figures.failedUps).toBeGreaterThan(0); // the faults did make ups fail: the re-run path was exercised
    expect(figures.lost).toEqual([]);
    expect(figures.duplicated).toEqual([]);
    expect(figures.leftover).toEqual([]);
    expect(figures.unreported).toEqual([]);
    expect(figures.untrue).toEqual([]);
    expect(figures.notConverged).toEqual([]);
    expect(writesAfter).toBe(writesBefore);
    // No error quotes a credential.
    for (const m of errors) for (const secret of Object.values(env)) expect(m).not.toContain(secret);
    expect([...okta.contractViolations, ...jansShared.contractViolations, ...jansOwn.contractViolations]).toEqual([]);
  },
);
