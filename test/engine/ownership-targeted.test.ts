/**
 * Ownership without `check`: `pulumi destroy --target <urn>` and `pulumi up --target <urn>` run `check` for the
 * targeted resource only, so a JwkSet cannot learn from this run that another resource of the stack declares the
 * same kid. Two JwkSets declare one kid, on the file target and on an Okta app (the emulator): a targeted
 * destroy of one, and a targeted up of one that drops the kid, keep it; the last declarer's withdrawal removes it.
 * The file target has its owners record (`<file>.owners.json`); an API target has each JwkSet's `sharedWith`
 * (claims.ts). Before that record the Okta cases withdrew the kid.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { JwkSet, type PublicJwk, type TargetConfig } from "pulumi-jwk";
import { startOktaEmulator, type OktaEmulator } from "../emulators/okta";
import { newStack, stateResources } from "./harness";
import { ecKey, kidsIn } from "./plain-keys";

const SET_TYPE = "pulumi-nodejs:dynamic/pulumi-jwk:JwkSet";
let okta: OktaEmulator;

before(async () => {
  okta = await startOktaEmulator();
  process.env.OKTA_API_TOKEN = okta.apiToken;
});
after(() => okta.close());

function program(target: TargetConfig, sets: Record<string, PublicJwk[]>) {
  return async () => {
    for (const [name, keys] of Object.entries(sets)) new JwkSet(name, { target, keys, mode: "additive" });
    return {};
  };
}

function urnOf(dir: string, name: string): string {
  const r = stateResources(dir, SET_TYPE).find((x) => (x.urn as string).endsWith(`::${name}`));
  assert.ok(r, `no JwkSet ${name} in state`);
  return r.urn as string;
}

interface Case {
  name: string;
  target: (dir: string) => TargetConfig;
  kids: (target: TargetConfig) => Promise<string[]>;
}

const cases: Case[] = [
  { name: "file", target: (dir) => ({ kind: "file", path: join(dir, "jwks.json") }), kids: (t) => kidsIn((t as { path: string }).path) },
  {
    name: "okta",
    target: () => ({ kind: "okta", orgUrl: okta.url, appId: okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" }) }),
    kids: async (t) =>
      okta
        .keys((t as { appId: string }).appId)
        .map((k) => k.kid as string)
        .sort(),
  },
];

for (const c of cases) {
  test(`${c.name}: destroy --target one of two JwkSets declaring a kid keeps it; the last declarer withdraws it`, async () => {
    const { stack, dir, dispose } = await newStack(`own-tdestroy-${c.name}`, async () => ({}));
    const target = c.target(dir);
    const [k, ka, kb] = [ecKey("k"), ecKey("ka"), ecKey("kb")];
    try {
      await stack.up({ program: program(target, { a: [k, ka], b: [k, kb] }) });
      assert.deepEqual(await c.kids(target), ["k", "ka", "kb"]);

      const targeted = await stack.destroy({ target: [urnOf(dir, "a")] });
      assert.deepEqual(await c.kids(target), ["k", "kb"], "destroy --target a withdrew a kid b still declares");
      if (c.name !== "file") assert.match(targeted.stdout, /key k stays: \S+::b also declared it/);

      await stack.destroy();
      assert.deepEqual(await c.kids(target), [], "the last declarer's destroy withdraws the kid");
    } finally {
      await dispose();
    }
  });

  test(`${c.name}: up --target one of two JwkSets that drops a shared kid keeps it; a full up withdraws it once nobody declares it`, async () => {
    const { stack, dir, dispose } = await newStack(`own-tup-${c.name}`, async () => ({}));
    const target = c.target(dir);
    const [k, ka, kb] = [ecKey("k"), ecKey("ka"), ecKey("kb")];
    try {
      await stack.up({ program: program(target, { a: [k, ka], b: [k, kb] }) });
      const a = urnOf(dir, "a");

      const targeted = await stack.up({ program: program(target, { a: [ka], b: [k, kb] }), target: [a] });
      assert.equal(targeted.summary.resourceChanges?.update, 1);
      assert.deepEqual(await c.kids(target), ["k", "ka", "kb"], "up --target a withdrew a kid b still declares");

      await stack.up({ program: program(target, { a: [ka], b: [kb] }) });
      assert.deepEqual(await c.kids(target), ["ka", "kb"], "nobody declares k any more: it goes");
    } finally {
      await dispose();
    }
  });
}
