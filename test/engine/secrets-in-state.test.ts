/**
 * Issue 18 item 8: a secret value given to any input of a resource never appears in `pulumi stack export`
 * (without --show-secrets) in the plugin form, from a YAML program (`fn::secret`). Every input of Jwk (generated and imported), JwkSet (file
 * target) and ClientKeyBinding (Okta app, on the emulator) is given as a secret with a distinctive value, and
 * the stored state is scanned for each value, in outputs derived from it (publicJwk.kid, kids) and ids too. The
 * same for KeyRotation (a component: the secret reaches its RotationSchedule and JwkSet) and the vendors' own
 * resources, on their emulators.
 */
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { rm } from "node:fs/promises";
import { test } from "node:test";
import { offlineHome, pulumiOk, storedState } from "./cli";
import { startPingOneEmulator } from "../emulators/pingone";
import { startReachFiveEmulator } from "../emulators/reachfive";
import { emulatorsForFile } from "./emulators";
import { initStack, writeYamlProgram } from "./yaml-program";

const emulators = emulatorsForFile({ checkContract: false });

/** Distinctive values, one per input that can carry one. */
const V = {
  kid: "kid-sm1-4f0c9e2a",
  trigger: "trigger-sm2-b7d13e55",
  subject: "CN=subject-sm3-a9e0f4c1",
  path: "jwks-sm4-6c2d8b19.json",
  importedKid: "kid-sm5-0e7a3f6d",
  setKid: "kid-sm6-9b4c1d2e",
  bindingKid: "kid-sm7-3a8f5e0b",
};

const pem = () => generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }) as string;
const pemBody = (p: string) => p.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
const publicOf = (kid: string): Record<string, string> => ({
  ...(generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" }) as Record<string, string>),
  kid,
  alg: "ES256",
  use: "sig",
});

/** Each secret value found in the exported state, by resource type and name. */
function leaks(state: { deployment: { resources?: Record<string, any>[] } }, secrets: Record<string, string>): string[] {
  const found: string[] = [];
  for (const r of state.deployment.resources ?? []) {
    const text = JSON.stringify(r);
    for (const [name, value] of Object.entries(secrets)) {
      const at = text.indexOf(value);
      if (at >= 0)
        found.push(`${String(r.urn).split("::").slice(-2).join("::")}: ${name} near ${text.slice(Math.max(0, at - 120), at + 20)}`);
    }
  }
  return found;
}

test("plugin form (YAML): no secret input appears in pulumi stack export, for Jwk, JwkSet and ClientKeyBinding", async () => {
  const home = await offlineHome("jwk-secrets-plugin");
  const appId = emulators.okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
  const importedPem = pem();
  const setKey = publicOf(V.setKid);
  const bindingKey = publicOf(V.bindingKid);
  const secret = (value: unknown) => ({ "fn::secret": value });
  try {
    await writeYamlProgram(home, "jwk-secrets-plugin", {
      resources: {
        generated: {
          type: "jwk:index:Jwk",
          properties: {
            alg: secret("ES256"),
            kid: secret(V.kid),
            use: secret("sig"),
            keyOps: secret(["sign", "verify"]),
            rotationTrigger: secret(V.trigger),
            certificate: secret({ subject: V.subject }),
          },
        },
        imported: { type: "jwk:index:Jwk", properties: { alg: "ES256", kid: secret(V.importedKid), privateKeyPem: secret(importedPem) } },
        set: {
          type: "jwk:index:JwkSet",
          properties: {
            target: secret({ kind: "file", path: V.path }),
            keys: secret([setKey]),
            mode: secret("additive"),
          },
        },
        binding: {
          type: "jwk:index:ClientKeyBinding",
          properties: { client: secret({ kind: "okta", orgUrl: emulators.okta.url, appId }), keys: secret([bindingKey]) },
        },
      },
    });
    await initStack(home);
    await pulumiOk(home.dir, ["up", "--yes"], { ...process.env, ...home.env });
    const state = await storedState(home.dir, { ...process.env, ...home.env });
    assert.equal(state.deployment.resources?.filter((r) => String(r.type).startsWith("jwk:index:")).length, 4);
    assert.deepEqual(
      leaks(state, { ...V, appId, importedPem: pemBody(importedPem).slice(0, 40), setX: setKey.x!, bindingX: bindingKey.x! }),
      [],
    );
    await pulumiOk(home.dir, ["destroy", "--yes"], { ...process.env, ...home.env });
  } finally {
    await rm(home.dir, { recursive: true, force: true });
  }
});

// The dynamic form (TypeScript classes) is covered by secrets-in-state-dynamic.test.ts, one test per resource.

test("plugin form (YAML): no secret input appears in pulumi stack export, for KeyRotation and the vendors' resources", async () => {
  const home = await offlineHome("jwk-secrets-plugin-more");
  const [p1, r5] = await Promise.all([startPingOneEmulator(), startReachFiveEmulator()]);
  const W = {
    rotationTrigger: "trigger-sm8-5d0e1f7a",
    path: "jwks-sm9-2c7b4e81.json",
    policyName: "policy-sm10-8e3a6b02",
    environmentId: p1.environmentId,
    accountUrl: r5.url,
    accountTrigger: "trigger-sm11-1f9d7c3e",
  };
  const secret = (value: unknown) => ({ "fn::secret": value });
  const env = {
    ...process.env,
    ...home.env,
    PINGONE_CLIENT_ID: p1.clientId,
    PINGONE_CLIENT_SECRET: p1.clientSecret,
    REACHFIVE_MANAGEMENT_CLIENT_ID: r5.clientId,
    REACHFIVE_MANAGEMENT_CLIENT_SECRET: r5.clientSecret,
  };
  try {
    await writeYamlProgram(home, "jwk-secrets-plugin-more", {
      resources: {
        rotation: {
          type: "jwk:index:KeyRotation",
          properties: {
            alg: "ES256",
            targets: secret([{ kind: "file", path: W.path }]),
            rotationTrigger: secret(W.rotationTrigger),
            publishAhead: "10m",
            retireAfter: "15m",
          },
        },
        policy: {
          type: "jwk:index:PingOneKeyRotationPolicy",
          properties: {
            environmentId: secret(W.environmentId),
            apiUrl: p1.apiUrl,
            authUrl: p1.authUrl,
            name: secret(W.policyName),
            dn: "CN=API signing, O=Example",
          },
        },
        account: {
          type: "jwk:index:ReachFiveAccountKey",
          properties: { url: secret(W.accountUrl), rotationTrigger: secret(W.accountTrigger) },
        },
      },
    });
    await initStack(home);
    await pulumiOk(home.dir, ["up", "--yes"], env);
    const state = await storedState(home.dir, env);
    const types = (state.deployment.resources ?? []).map((r) => String(r.type)).filter((t) => t.startsWith("jwk:index:"));
    assert.deepEqual(types.sort(), [
      "jwk:index:JwkSet",
      "jwk:index:KeyRotation",
      "jwk:index:PingOneKeyRotationPolicy",
      "jwk:index:ReachFiveAccountKey",
      "jwk:index:RotationSchedule",
    ]);
    assert.deepEqual(leaks(state, W), []);
    await pulumiOk(home.dir, ["destroy", "--yes"], env);
  } finally {
    await Promise.all([p1.close(), r5.close()]);
    await rm(home.dir, { recursive: true, force: true });
  }
});
