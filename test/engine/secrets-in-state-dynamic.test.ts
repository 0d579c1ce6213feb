/**
 * Issue 18 item 8, dynamic form (TypeScript classes): a secret value given to any input of a resource never
 * appears in `pulumi stack export` (without --show-secrets) nor in any file of the backend folder (state,
 * history, backups). One test per resource: every input that can carry a distinctive value is given one, as a
 * `pulumi.secret`, and the stored state is scanned for each, in ids and in outputs derived from it (`kids`,
 * `publicJwk`, `fields`) too. Vendor resources run on their emulators.
 */
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { ClientKeyBinding, Jwk, JwkSet, KeyRotation, PingOneKeyRotationPolicy, type PublicJwk, ReachFiveAccountKey } from "pulumi-jwk";
import { startPingOneEmulator, type PingOneEmulator } from "../emulators/pingone";
import { startReachFiveEmulator, type ReachFiveEmulator } from "../emulators/reachfive";
import { emulatorsForFile } from "./emulators";
import { newStack, storedState } from "./harness";

const emulators = emulatorsForFile({ checkContract: true });
let p1: PingOneEmulator;
let r5: ReachFiveEmulator;
before(async () => {
  [p1, r5] = await Promise.all([startPingOneEmulator(), startReachFiveEmulator()]);
  process.env.PINGONE_CLIENT_ID = p1.clientId;
  process.env.PINGONE_CLIENT_SECRET = p1.clientSecret;
  process.env.REACHFIVE_MANAGEMENT_CLIENT_ID = r5.clientId;
  process.env.REACHFIVE_MANAGEMENT_CLIENT_SECRET = r5.clientSecret;
});
after(async () => {
  await Promise.all([p1.close(), r5.close()]);
});

const publicOf = (kid: string) =>
  ({
    ...(generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" }) as Record<string, string>),
    kid,
    alg: "ES256",
    use: "sig",
  }) as PublicJwk & { x: string };

/** Every file under `dir`, as text. */
async function filesUnder(dir: string): Promise<{ path: string; text: string }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
  return Promise.all(files.map(async (path) => ({ path, text: await readFile(path, "utf8") })));
}

/** Where each secret value shows in the exported state and in the backend's files (empty when nowhere). */
async function leaks(dir: string, secrets: Record<string, string>): Promise<string[]> {
  const found: string[] = [];
  for (const r of storedState(dir).deployment.resources ?? []) {
    const text = JSON.stringify(r);
    for (const [name, value] of Object.entries(secrets)) {
      const at = text.indexOf(value);
      if (at >= 0) found.push(`export ${String(r.urn).split("::").pop()}: ${name} near ${text.slice(Math.max(0, at - 100), at + 20)}`);
    }
  }
  for (const { path, text } of await filesUnder(join(dir, "backend")))
    for (const [name, value] of Object.entries(secrets)) if (text.includes(value)) found.push(`file ${path.slice(dir.length)}: ${name}`);
  return found;
}

/** Runs `program` in a new stack (up, then a no-change up), returns the leaks found, destroys. */
async function leaksOf(name: string, secrets: Record<string, string>, program: () => void): Promise<string[]> {
  const { stack, dir, dispose } = await newStack(name, async () => ({}));
  try {
    await stack.up({ program: async () => program() });
    await stack.up({ program: async () => program() });
    await stack.refresh();
    return await leaks(dir, secrets);
  } finally {
    await dispose();
  }
}

test("dynamic form: Jwk (generated, certificate, imported) keeps every secret input out of the state", async () => {
  const V = { kid: "kid-sd1-4f0c9e2a", trigger: "trigger-sd2-b7d13e55", subject: "subject-sd3-a9e0f4c1", importedKid: "kid-sd4-0e7a3f6d" };
  const pem = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ type: "pkcs8", format: "pem" }) as string;
  const found = await leaksOf("secrets-dyn-jwk", V, () => {
    new Jwk("generated", {
      alg: pulumi.secret("ES256"),
      kid: pulumi.secret(V.kid),
      use: pulumi.secret("sig"),
      keyOps: pulumi.secret(["sign", "verify"]),
      rotationTrigger: pulumi.secret(V.trigger),
      certificate: pulumi.secret({ subject: `CN=${V.subject}` }),
    });
    new Jwk("imported", { alg: "ES256", kid: pulumi.secret(V.importedKid), privateKeyPem: pem });
  });
  assert.deepEqual(found, []);
});

test("dynamic form: JwkSet (file target) keeps its secret target path and keys out of the state", async () => {
  const V = { path: "jwks-sd5-6c2d8b19.json", kid: "kid-sd6-9b4c1d2e" };
  const key = publicOf(V.kid);
  const found = await leaksOf("secrets-dyn-jwkset", { ...V, x: key.x }, () => {
    new JwkSet("set", {
      target: pulumi.secret({ kind: "file" as const, path: V.path }),
      keys: pulumi.secret([key]),
      mode: pulumi.secret("additive" as const),
    });
  });
  assert.deepEqual(found, []);
});

test("dynamic form: ClientKeyBinding (Okta app, emulator) keeps its secret client and keys out of the state", async () => {
  const appId = emulators.okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
  const V = { appId, kid: "kid-sd7-3a8f5e0b" };
  const key = publicOf(V.kid);
  const found = await leaksOf("secrets-dyn-binding", { ...V, x: key.x }, () => {
    new ClientKeyBinding("binding", {
      client: pulumi.secret({ kind: "okta" as const, orgUrl: emulators.okta.url, appId }),
      keys: pulumi.secret([key]),
    });
  });
  assert.deepEqual(found, []);
});

test("dynamic form: KeyRotation keeps its secret trigger and target out of the state", async () => {
  const V = { trigger: "trigger-sd8-5e1c7a90", path: "rotation-sd9-2f6b0d4e.json" };
  const found = await leaksOf("secrets-dyn-rotation", V, () => {
    new KeyRotation("signing", {
      alg: "ES256",
      targets: [pulumi.secret({ kind: "file" as const, path: V.path })],
      rotationTrigger: pulumi.secret(V.trigger),
      publishAhead: "1d",
      retireAfter: "1d",
    });
  });
  assert.deepEqual(found, []);
});

test("dynamic form: PingOneKeyRotationPolicy (emulator) keeps its secret name, dn and trigger out of the state", async () => {
  const V = { name: "name-sd10-8d3a6c1f", dn: "dn-sd11-0a9e4b7c", trigger: "trigger-sd12-6f2d9e3b" };
  const found = await leaksOf("secrets-dyn-pingone", V, () => {
    new PingOneKeyRotationPolicy("policy", {
      environmentId: p1.environmentId,
      apiUrl: p1.apiUrl,
      authUrl: p1.authUrl,
      name: pulumi.secret(V.name),
      dn: pulumi.secret(`CN=${V.dn}`),
      rotationTrigger: pulumi.secret(V.trigger),
    });
  });
  assert.deepEqual(found, []);
});

test("dynamic form: ReachFiveAccountKey (emulator) keeps its secret url and trigger out of the state", async () => {
  const V = { url: r5.url, trigger: "trigger-sd13-1b7e5c2a" };
  const found = await leaksOf("secrets-dyn-reachfive", V, () => {
    new ReachFiveAccountKey("account", { url: pulumi.secret(r5.url), rotationTrigger: pulumi.secret(V.trigger) });
  });
  assert.deepEqual(found, []);
});
