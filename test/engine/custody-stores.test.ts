/**
 * A `Jwk` whose private half is written straight to a secret store (issue 19), under the real CLI: AWS Secrets
 * Manager on moto (JWK_MOTO_URL) and Vault/OpenBao KV v2 on an OpenBao dev server (JWK_OPENBAO_ADDR,
 * JWK_OPENBAO_TOKEN); scripts/lib/servers.sh starts both. The tests fail, not skip, when a server is absent.
 *
 * Proven for each store: up writes the key to the store and publishes its public half with a file JwkSet;
 * `pulumi stack export` and every file of the backend folder (history and backups included) hold no private JWK
 * member and not the key's raw private bytes (read back from the store); preview and refresh see no change; a
 * secret deleted out of band is drift; destroy schedules deletion after the recovery window (awssm) or keeps
 * the secret (vault-kv). And a Jwk kept in state moves into a store in place: same kid and public JWK, the JwkSet
 * unchanged, the latest checkpoint without the private half (earlier history keeps it, encrypted: docs say so).
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import {
  DeleteSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  RestoreSecretCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { Jwk, JwkSet } from "pulumi-jwk";
import { newStack, storedState } from "./harness";
import { assertNoPrivateKey, filesUnder, privateMembersIn, privateValuesOf, rawForms } from "./private-key-scan";

const JWK_TYPE = "pulumi-nodejs:dynamic/pulumi-jwk:Jwk";

function env(names: string[], servers: string): string[] {
  const values = names.map((n) => process.env[n]);
  assert.ok(
    values.every((v) => v),
    `${names.join(", ")} not set: run under scripts/with-servers.sh (JWK_SERVERS="${servers}")`,
  );
  return values as string[];
}

function program(keyUri: string | undefined) {
  return async () => {
    const key = new Jwk("signing", { alg: "ES256", ...(keyUri ? { keyUri } : {}) });
    const set = new JwkSet("jwks", { target: { kind: "file", path: "out/jwks.json" }, keys: [key.publicJwk] });
    return { kid: key.kid, publicJwk: key.publicJwk, keyReference: key.keyReference, privateJwk: key.privateJwk, kids: set.kids };
  };
}

test("awssm: the key written to Secrets Manager, never to state; refresh clean; deletion out of band is drift; destroy waits the recovery window", async () => {
  const [moto] = env(["JWK_MOTO_URL"], "moto");
  // moto checks no credentials, but the SDK's default chain must find some (the provider process inherits them).
  process.env.AWS_ACCESS_KEY_ID ??= "testing";
  process.env.AWS_SECRET_ACCESS_KEY ??= "testing";
  const name = `jwk/${randomUUID()}`;
  const keyUri = `awssm:name=${name};region=eu-west-1?endpoint=${moto}&recovery-window-days=7`;
  const sm = new SecretsManagerClient({ region: "eu-west-1", endpoint: moto });
  const t = await newStack("custody-awssm", program(keyUri));
  try {
    const up = await t.stack.up();
    const kid = up.outputs.kid!.value as string;
    const reference = up.outputs.keyReference!.value as { backend: string; id: string; version: string };
    assert.equal(reference.backend, "awssm");
    assert.match(reference.id, /^arn:aws:secretsmanager:eu-west-1:\d{12}:secret:jwk\//);
    assert.ok(reference.version);
    assert.equal(up.outputs.privateJwk?.value, undefined, "a key in a store has no privateJwk");
    assert.deepEqual(up.outputs.kids!.value, [kid]);
    const stored = JSON.parse((await sm.send(new GetSecretValueCommand({ SecretId: name }))).SecretString!) as Record<string, unknown>;
    await assertNoPrivateKey(t.dir, { privateValues: privateValuesOf(stored) });

    await t.stack.preview({ expectNoChanges: true });
    assert.deepEqual((await t.stack.refresh()).summary.resourceChanges, { same: 3 });

    // Scheduled for deletion out of band: refresh warns and keeps the Jwk; restored, all is as before.
    await sm.send(new DeleteSecretCommand({ SecretId: name, RecoveryWindowInDays: 7 }));
    let refreshOutput = "";
    await t.stack.refresh({ onOutput: (s) => (refreshOutput += s) });
    assert.match(refreshOutput, /is pending-deletion; it cannot sign/);
    await sm.send(new RestoreSecretCommand({ SecretId: name }));
    assert.deepEqual((await t.stack.refresh()).summary.resourceChanges, { same: 3 });

    // Destroy schedules the deletion after the recovery window and says when.
    let destroyOutput = "";
    const before = Date.now();
    await t.stack.destroy({ onOutput: (s) => (destroyOutput += s) });
    const when = /is scheduled for deletion on (\S+)/.exec(destroyOutput)?.[1];
    assert.ok(when, `destroy says when the key will be gone: ${destroyOutput}`);
    const days = (Date.parse(when) - before) / 86_400_000;
    assert.ok(days > 6.9 && days < 7.1, `the recovery window is 7 days, not ${days}`);
    assert.ok((await sm.send(new DescribeSecretCommand({ SecretId: name }))).DeletedDate, "the secret is scheduled for deletion");
  } finally {
    await t.dispose();
  }
});

async function kv(method: string, path: string): Promise<{ status: number; body: any }> {
  const [addr, token] = env(["JWK_OPENBAO_ADDR", "JWK_OPENBAO_TOKEN"], "openbao");
  const r = await fetch(`${addr}/v1/secret/${path}`, { method, headers: { "X-Vault-Token": token! } });
  return { status: r.status, body: r.status === 204 ? undefined : await r.json() };
}

test("vault-kv: the key written to KV v2, never to state; refresh clean; a secret deleted out of band is drift; destroy keeps the secret", async () => {
  const [addr] = env(["JWK_OPENBAO_ADDR", "JWK_OPENBAO_TOKEN"], "openbao");
  const path = `jwk/${randomUUID()}`;
  const keyUri = `vault-kv:path=${path}?address=${addr}&token-source=env:JWK_OPENBAO_TOKEN`;
  const t = await newStack("custody-vault-kv", program(keyUri));
  try {
    const up = await t.stack.up();
    const kid = up.outputs.kid!.value as string;
    assert.deepEqual(up.outputs.keyReference!.value, { backend: "vault-kv", id: `secret/data/${path}`, version: "1" });
    assert.equal(up.outputs.privateJwk?.value, undefined);
    const stored = await kv("GET", `data/${path}`);
    assert.equal(stored.status, 200);
    await assertNoPrivateKey(t.dir, { privateValues: privateValuesOf(stored.body.data.data), secrets: [process.env.JWK_OPENBAO_TOKEN!] });

    await t.stack.preview({ expectNoChanges: true });
    assert.deepEqual((await t.stack.refresh()).summary.resourceChanges, { same: 3 });

    // Deleted out of band (metadata and every version): refresh drops the Jwk and says so; the next up makes a new key.
    assert.equal((await kv("DELETE", `metadata/${path}`)).status, 204);
    let refreshOutput = "";
    const refresh = await t.stack.refresh({ onOutput: (s) => (refreshOutput += s) });
    assert.match(refreshOutput, /is gone from its backend/);
    assert.equal(refresh.summary.resourceChanges?.delete, 1);
    const again = await t.stack.up();
    assert.notEqual(again.outputs.kid!.value, kid, "a new key");
    assert.deepEqual(again.outputs.kids!.value, [again.outputs.kid!.value]);

    let destroyOutput = "";
    await t.stack.destroy({ onOutput: (s) => (destroyOutput += s) });
    assert.match(destroyOutput, /the key is kept in vault-kv at secret\/data\//);
    assert.equal((await kv("GET", `data/${path}`)).status, 200, "destroy keeps the secret");
  } finally {
    await t.dispose();
  }
});

test("state -> vault-kv: a Jwk kept in state moves into the store in place (same kid, nothing re-published); the latest checkpoint has no private half", async () => {
  const [addr] = env(["JWK_OPENBAO_ADDR", "JWK_OPENBAO_TOKEN"], "openbao");
  const path = `jwk/${randomUUID()}`;
  const keyUri = `vault-kv:path=${path}?address=${addr}&token-source=env:JWK_OPENBAO_TOKEN`;
  const t = await newStack("custody-move", program(undefined));
  try {
    const first = await t.stack.up();
    const kid = first.outputs.kid!.value as string;
    const d = (first.outputs.privateJwk!.value as { d: string }).d;
    const published = await readFile(join(t.dir, "out/jwks.json"), "utf8");

    const moved = await t.stack.up({ program: program(keyUri) });
    assert.deepEqual(moved.summary.resourceChanges, { update: 1, same: 2 }, "an update of the Jwk, the JwkSet unchanged");
    assert.equal(moved.outputs.kid!.value, kid);
    assert.deepEqual(moved.outputs.publicJwk!.value, first.outputs.publicJwk!.value);
    assert.equal(moved.outputs.privateJwk?.value, undefined);
    assert.equal(await readFile(join(t.dir, "out/jwks.json"), "utf8"), published, "nothing re-published");
    const stored = await kv("GET", `data/${path}`);
    assert.equal(stored.body.data.data.d, d, "the same key is in the store");

    // The latest checkpoint: no private member, no privateJwk output (not even encrypted), no raw bytes.
    const state = storedState(t.dir);
    assert.deepEqual(privateMembersIn(state), []);
    const jwk = state.deployment.resources!.find((r) => r.type === JWK_TYPE)!;
    assert.equal(jwk.outputs.privateJwk, undefined);
    assert.deepEqual(jwk.outputs.keyReference, { backend: "vault-kv", id: `secret/data/${path}`, version: "1" });
    const backend = join(t.dir, "backend", ".pulumi");
    const current = (await filesUnder(join(backend, "stacks"))).find((f) => f.endsWith(".json"))!;
    const checkpoint = JSON.parse(await readFile(current, "utf8")) as { checkpoint: { latest: { resources: any[] } } };
    const inFile = checkpoint.checkpoint.latest.resources.find((r) => r.type === JWK_TYPE);
    assert.equal(inFile.outputs.privateJwk, undefined, `${current} holds no privateJwk`);
    for (const form of rawForms(d)) assert.ok(!JSON.stringify(checkpoint).includes(form));
    // Earlier history keeps the first up's key (encrypted, as every secret output): only history and backup files
    // hold a privateJwk now (docs/custody-stores.md says how to purge them).
    const holding: string[] = [];
    for (const f of await filesUnder(backend))
      if (/"privateJwk"\s*:/.test(await readFile(f, "utf8"))) holding.push(f.slice(backend.length));
    console.log(`backend files still holding the first up's privateJwk: ${holding.join(", ")}`);
    assert.ok(
      holding.some((f) => f.includes("history")),
      "the first up's checkpoint in history holds the encrypted privateJwk",
    );
    for (const f of holding) assert.match(f, /history|backups|\.bak$/, `only history and backups hold it, not ${f}`);

    await t.stack.preview({ program: program(keyUri), expectNoChanges: true });
    assert.deepEqual((await t.stack.refresh()).summary.resourceChanges, { same: 3 });
  } finally {
    await t.dispose();
  }
});
