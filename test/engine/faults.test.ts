/**
 * Guarantee 6 under the real CLI (the smaller run; test/faults/publish-faults.test.ts is the 240-operation one):
 * two additive JwkSets, on an Okta app beside a partner's key and on a Janssen server beside its own keys, go
 * through seeded operations (create, add, rotate, remove, change, status, destroy) by `pulumi up` while a seeded
 * 20% of requests to the emulators fail (429, 5xx, timeout, reset). After each failed up, every change on a target
 * must be named by the error the CLI printed, and a plain re-run of the same program converges; after each
 * operation the targets hold exactly the declared keys and the partner's. JWK_FAULT_SEED picks the seed,
 * JWK_FAULT_ENGINE_OPS the number of operations (default 10).
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { mersenne } from "pure-rand/generator/mersenne";
import { JwkSet } from "pulumi-jwk";
import { describeKey, generateKey } from "../../provider/core/keys/material";
import { heldKeys, reportFromMessage } from "../faults/audit";
import { describeFigures, runWorkload, type Driver } from "../faults/run";
import { faultSeed, seededFaults } from "../faults/seeded-faults";
import { newSet, type SetModel } from "../faults/workload";
import { newStack } from "./harness";
import { emulatorsForFile } from "./emulators";

const SEED = faultSeed();
const OPERATIONS = Number(process.env.JWK_FAULT_ENGINE_OPS ?? 10);
// Short, but long enough for a loaded machine to answer an unfaulted request in time.
const TIMEOUT_MS = 400;

const emulators = emulatorsForFile({ checkContract: false });

test(`engine: ${OPERATIONS} operations by pulumi up under a seeded 20% of faults converge, every failure reported`, async () => {
  const appId = emulators.okta.createApp({ tokenEndpointAuthMethod: "private_key_jwt" });
  const partner = (await describeKey(await generateKey({ alg: "ES256" }), { alg: "ES256", use: "sig", kid: "partner" })).publicJwk;
  emulators.okta.consoleAddKey(appId, partner, "ACTIVE");
  const foreign: Record<string, string[]> = { okta: ["partner"], janssen: emulators.jans.keys().map((k) => String(k.kid)) };
  const sets: SetModel[] = [
    newSet("oa", "okta", { kind: "okta", orgUrl: emulators.okta.url, appId, timeoutMs: TIMEOUT_MS }, "additive", true),
    newSet(
      "ja",
      "janssen",
      { kind: "janssen", url: emulators.jans.configApiUrl, tokenUrl: emulators.jans.tokenUrl, timeoutMs: TIMEOUT_MS },
      "additive",
      false,
    ),
  ];
  const faults = seededFaults({ seed: SEED, rate: 0.2, timeoutMs: TIMEOUT_MS });
  emulators.okta.setFaultPolicy(faults.policy("okta"));
  emulators.jans.setFaultPolicy(faults.policy("janssen"));

  const program = () => async () => {
    for (const s of sets.filter((s) => s.exists))
      new JwkSet(s.name, { target: s.config, keys: s.declared, mode: s.mode, inactiveKids: s.inactive });
    return {};
  };
  const messages: string[] = [];
  const { stack, dispose } = await newStack("faults", async () => ({}));
  try {
    const driver: Driver = {
      async up() {
        await stack.up({ program: program() });
      },
      reportOf: (error) => reportFromMessage(String((error as Error).message)),
      held: (target) =>
        heldKeys(target === "okta" ? (emulators.okta.keys(appId) as unknown as Record<string, unknown>[]) : emulators.jans.keys()),
      foreign: (target) => foreign[target]!,
      settle: () => faults.settle(),
    };
    const t0 = Date.now();
    const figures = await runWorkload({
      rng: mersenne(SEED + 1),
      sets,
      operations: OPERATIONS,
      driver,
      maxReruns: 6,
      onFailure: (e) => messages.push(String((e as Error).message)),
    });
    console.log(
      [
        `fault injection under pulumi up (${((Date.now() - t0) / 1000).toFixed(1)} s):`,
        ...describeFigures(SEED, figures, faults.counts),
      ].join("\n  "),
    );
    for (const list of [figures.lost, figures.duplicated, figures.leftover, figures.unreported, figures.untrue, figures.notConverged])
      if (list.length > 0) console.log(list.join("\n"));

    // Every failed up printed a report of what was and was not applied, or failed before applying anything.
    for (const m of messages) {
      assert.ok(
        reportFromMessage(m) !== undefined || /list keys failed|get an access token failed/.test(m),
        `a failed up without a report: ${m.slice(-600)}`,
      );
      for (const secret of [emulators.okta.apiToken, emulators.jans.clientSecret])
        assert.ok(!m.includes(secret), "a credential in the CLI output");
    }
    assert.deepEqual(figures.lost, []);
    assert.deepEqual(figures.duplicated, []);
    assert.deepEqual(figures.leftover, []);
    assert.deepEqual(figures.unreported, []);
    assert.deepEqual(figures.untrue, []);
    assert.deepEqual(figures.notConverged, []);
    assert.ok(Object.values(faults.counts.injected).reduce((a, b) => a + b, 0) > 0, "no fault was injected");

    // Faults off: the program is converged, so a preview shows no changes.
    faults.enabled = false;
    await stack.preview({ program: program(), expectNoChanges: true });
    assert.deepEqual([...emulators.okta.contractViolations, ...emulators.jans.contractViolations], []);
  } finally {
    faults.enabled = false;
    await dispose();
  }
});
