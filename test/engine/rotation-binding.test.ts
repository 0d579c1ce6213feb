/**
 * Bindings follow rotations, under the real CLI with a controlled clock: a ClientKeyBinding given a
 * KeyRotation's `bindableKeys` carries the next key before it signs (so the client can switch without a gap)
 * and drops the old key once it stopped signing. The server is a real oidc-provider (RFC 7592 registration
 * management) in this process; the client authenticates with private_key_jwt using the rotation's current key.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { ClientKeyBinding, KeyRotation } from "pulumi-jwk";
import { requestClientCredentialsToken } from "../oauth/client-assertion";
import { startOidcServer } from "../oauth/oidc-server";
import { newStack } from "./harness";

const MIN = 60_000;
const T0 = Date.parse("2026-06-01T00:00:00Z");

test("a ClientKeyBinding over a rotation binds next and current keys, and drops the key that stopped signing", async () => {
  const op = await startOidcServer();
  const client = await op.register();
  const { stack, dir, dispose } = await newStack("rotation-binding", async () => ({}));
  const env = (stack.workspace as LocalWorkspace).envVars;
  env.REGISTRATION_ACCESS_TOKEN = client.registrationAccessToken;
  const program = async () => {
    const r = new KeyRotation("client-key", {
      alg: "ES256",
      targets: [{ kind: "file", path: join(dir, "jwks.json") }],
      rotateEvery: "60m",
      publishAhead: "10m",
      retireAfter: "15m",
    });
    const binding = new ClientKeyBinding("app", {
      client: { kind: "rfc7592", registrationClientUri: client.registrationClientUri },
      keys: r.bindableKeys,
      auth: { method: "private_key_jwt", signingAlg: "ES256" },
    });
    return { currentKid: r.currentKid, signingKey: r.currentPrivateJwk, bound: binding.kids };
  };
  const upAt = async (minutes: number) => {
    env.PULUMI_JWK_NOW = new Date(T0 + minutes * MIN).toISOString();
    return (await stack.up({ program })).outputs;
  };
  const token = (privateJwk: Record<string, unknown>) =>
    requestClientCredentialsToken({ issuer: op.issuer, tokenEndpoint: op.tokenEndpoint, clientId: client.clientId, privateJwk });
  try {
    const first = await upAt(0);
    const k1 = first.currentKid!.value as string;
    assert.deepEqual(first.bound!.value, [k1]);
    assert.equal((await token(first.signingKey!.value)).ok, true);

    const withNext = await upAt(50);
    const bound = withNext.bound!.value as string[];
    assert.equal(bound.length, 2);
    assert.ok(bound.includes(k1));
    const k2 = bound.find((k) => k !== k1)!;
    assert.equal((await token(withNext.signingKey!.value)).ok, true, "the current key still authenticates");

    const promoted = await upAt(61);
    assert.equal(promoted.currentKid!.value, k2);
    assert.deepEqual(promoted.bound!.value, [k2]);
    assert.equal((await token(promoted.signingKey!.value)).ok, true, "the promoted key authenticates");
    const old = await token(first.signingKey!.value);
    assert.deepEqual(old.ok ? "accepted" : old.error, "invalid_client", "the key that stopped signing is no longer bound");

    // No private member reached the server.
    for (const r of op.requests) assert.ok(!/"d"\s*:/.test(r.body), `${r.method} ${r.path} carried a private member`);
  } finally {
    await dispose();
    await op.close();
  }
});
