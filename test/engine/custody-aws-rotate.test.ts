/**
 * `rotationTrigger` on a `Jwk` in AWS custody, under the real CLI on moto (JWK_MOTO_URL, started by
 * scripts/lib/servers.sh; the test fails, not skips, without it):
 *
 * - awskms by alias: the second up updates the Jwk in place (no replace), a new KMS key the alias now names, its
 *   kid published by the file JwkSet instead of the old one, KMS signs with it (ES256, verified against the
 *   published set); the previous key is pending deletion after the URI's window, and the up says so as destroy
 *   would ("the key <arn> is scheduled for deletion on <date>");
 * - awssm: the second up writes the new key as the secret's next version (AWSCURRENT), the previous version stays
 *   AWSPREVIOUS, and the up says so; neither key's private bytes are in state or the backend folder.
 *
 * Left out (moto differs from AWS): PS256, Ed25519, DIGEST signing.
 */
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import * as jose from "jose";
import { DescribeKeyCommand, KMSClient } from "@aws-sdk/client-kms";
import { GetSecretValueCommand, ListSecretVersionIdsCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { Jwk, JwkSet } from "pulumi-jwk";
import { newStack } from "./harness";
import { assertNoPrivateKey, privateValuesOf } from "./private-key-scan";
import { custodyBackend } from "../../provider/registry/custody";
import { canSign } from "../../provider/custody/types";

function moto(): string {
  const url = process.env.JWK_MOTO_URL;
  assert.ok(url, 'JWK_MOTO_URL is not set: run under scripts/with-servers.sh (JWK_SERVERS="moto")');
  // moto checks no credentials, but the SDK's default chain must find some (the provider process inherits them).
  process.env.AWS_ACCESS_KEY_ID ??= "testing";
  process.env.AWS_SECRET_ACCESS_KEY ??= "testing";
  return url;
}

interface Rotated {
  kid1: string;
  kid2: string;
  reference1: { id: string; version?: string };
  reference2: { id: string; version?: string };
  output: string;
  dir: string;
}

/** Two ups of a Jwk in custody and a file JwkSet, the trigger changed between them; checks what both backends share. */
async function rotateUnderCli(stackName: string, keyUri: string, check: (r: Rotated) => Promise<void>): Promise<void> {
  let trigger = "2026-q1";
  const t = await newStack(stackName, async () => {
    const key = new Jwk("signing", { alg: "ES256", keyUri, rotationTrigger: trigger });
    const set = new JwkSet("jwks", { target: { kind: "file", path: "out/jwks.json" }, keys: [key.publicJwk] });
    return { kid: key.kid, keyReference: key.keyReference, kids: set.kids };
  });
  try {
    const first = await t.stack.up();
    trigger = "2026-q2";
    let output = "";
    const rotated = await t.stack.up({ onOutput: (s) => (output += s) });
    assert.deepEqual(rotated.summary.resourceChanges, { same: 1, update: 2 }, "the Jwk is updated in place, not replaced");
    const kid1 = first.outputs.kid!.value as string;
    const kid2 = rotated.outputs.kid!.value as string;
    assert.notEqual(kid2, kid1);
    assert.deepEqual(rotated.outputs.kids!.value, [kid2], "the set publishes the new key instead of the old one");

    // The key signs where it lives, and the signature verifies against the published set.
    const input = `${jose.base64url.encode(JSON.stringify({ alg: "ES256", kid: kid2 }))}.${jose.base64url.encode("{}")}`;
    const backend = custodyBackend(keyUri);
    assert.ok(canSign(backend));
    const signature = await backend.sign({ uri: keyUri, alg: "ES256" }, new TextEncoder().encode(input), {});
    const published = JSON.parse(await readFile(join(t.dir, "out/jwks.json"), "utf8")) as jose.JSONWebKeySet;
    await jose.compactVerify(`${input}.${jose.base64url.encode(signature)}`, jose.createLocalJWKSet(published));
    await t.stack.preview({ expectNoChanges: true });
    await check({
      kid1,
      kid2,
      reference1: first.outputs.keyReference!.value,
      reference2: rotated.outputs.keyReference!.value,
      output,
      dir: t.dir,
    });
  } finally {
    await t.dispose();
  }
}

test("awskms: a changed rotationTrigger makes a new key the alias moves to (an update); the previous key is scheduled for deletion, and the up says so", async () => {
  const url = moto();
  const keyUri = `awskms:alias=jwk-rot-${randomUUID()};region=eu-west-1?endpoint=${url}&pending-window-days=7`;
  const kms = new KMSClient({ region: "eu-west-1", endpoint: url });
  await rotateUnderCli("custody-awskms-rotate", keyUri, async ({ reference1, reference2, output, dir }) => {
    assert.notEqual(reference2.id, reference1.id, "another KMS key");
    const old = (await kms.send(new DescribeKeyCommand({ KeyId: reference1.id }))).KeyMetadata!;
    assert.equal(old.KeyState, "PendingDeletion");
    assert.match(output, new RegExp(`the key ${reference1.id} is scheduled for deletion on ${old.DeletionDate!.toISOString()}`));
    const alias = /alias=([^;]+)/.exec(keyUri)![1]!;
    const now = (await kms.send(new DescribeKeyCommand({ KeyId: `alias/${alias}` }))).KeyMetadata!;
    assert.equal(now.Arn, reference2.id, "the alias names the new key");
    await assertNoPrivateKey(dir);
  });
});

test("awssm: a changed rotationTrigger writes a new key as the secret's next version (an update); the previous version stays AWSPREVIOUS", async () => {
  const url = moto();
  const name = `jwk/rot-${randomUUID()}`;
  const keyUri = `awssm:name=${name};region=eu-west-1?endpoint=${url}&recovery-window-days=7`;
  const sm = new SecretsManagerClient({ region: "eu-west-1", endpoint: url });
  await rotateUnderCli("custody-awssm-rotate", keyUri, async ({ reference1, reference2, output, dir }) => {
    assert.equal(reference2.id, reference1.id, "the same secret");
    const versions = (await sm.send(new ListSecretVersionIdsCommand({ SecretId: name }))).Versions ?? [];
    assert.deepEqual(Object.fromEntries(versions.map((v) => [v.VersionId, v.VersionStages])), {
      [reference1.version!]: ["AWSPREVIOUS"],
      [reference2.version!]: ["AWSCURRENT"],
    });
    assert.match(output, /version \S+ of secret jwk\/rot-\S+ stays as AWSPREVIOUS/);
    const privateValues = [];
    for (const VersionId of [reference1.version!, reference2.version!]) {
      const stored = (await sm.send(new GetSecretValueCommand({ SecretId: name, VersionId }))).SecretString!;
      privateValues.push(...privateValuesOf(JSON.parse(stored) as Record<string, unknown>));
    }
    await assertNoPrivateKey(dir, { privateValues });
  });
});
