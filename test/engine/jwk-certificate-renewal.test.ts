/**
 * Certificate renewal under the real engine with a pinned clock (PULUMI_JWK_NOW, which the CLI passes to the
 * provider): a Jwk with `certificate.renewBefore` published to a JWKS file. Outside the window a preview shows
 * nothing; inside it a preview shows the Jwk (and the set publishing it) as updates, and the up makes a new
 * certificate for the same key: same kid, same public key, only x5c and x5t#S256 change. The next preview at that
 * time shows nothing (the new certificate runs from then). Before issue 18 there was no renewBefore: nothing
 * renewed a certificate before it expired.
 */
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { Jwk, JwkSet } from "pulumi-jwk";
import { newStack } from "./harness";

const DAY = 86_400_000;
const T0 = Date.parse("2027-01-01T00:00:00Z");

function program(path: string) {
  return async () => {
    const key = new Jwk("signing", { alg: "ES256", certificate: { subject: "CN=signing", validityDays: 90, renewBefore: "30d" } });
    new JwkSet("jwks", { target: { kind: "file", path }, keys: [key.publicJwk], mode: "exclusive" });
    return { kid: key.kid };
  };
}

async function servedKey(path: string): Promise<Record<string, any>> {
  return (JSON.parse(await readFile(path, "utf8")) as { keys: Record<string, any>[] }).keys[0]!;
}

const leaf = (key: Record<string, any>) => new X509Certificate(Buffer.from(key.x5c[0], "base64"));
const without = (key: Record<string, any>, ...members: string[]) =>
  Object.fromEntries(Object.entries(key).filter(([k]) => !members.includes(k)));

test("renewBefore: preview with a pinned clock shows nothing outside the window, an update inside; up renews the certificate, not the key", async () => {
  const { stack, dir, dispose } = await newStack("jwk-cert-renew", async () => ({}));
  const path = join(dir, "jwks.json");
  const at = (days: number) => ((stack.workspace as LocalWorkspace).envVars.PULUMI_JWK_NOW = new Date(T0 + days * DAY).toISOString());
  try {
    at(0);
    const made = await stack.up({ program: program(path) });
    const first = await servedKey(path);
    assert.equal(Date.parse(leaf(first).validFrom), T0, "the certificate runs from the pinned clock");

    at(59);
    const outside = await stack.preview({ program: program(path), expectNoChanges: true });
    assert.deepEqual(outside.changeSummary, { same: 3 });

    at(61);
    const inside = await stack.preview({ program: program(path) });
    assert.deepEqual(inside.changeSummary, { update: 2, same: 1 });
    const renewed = await stack.up({ program: program(path) });
    assert.deepEqual(renewed.summary.resourceChanges, { update: 2, same: 1 });
    assert.equal(renewed.outputs.kid!.value, made.outputs.kid!.value);
    const second = await servedKey(path);
    assert.deepEqual(without(second, "x5c", "x5t#S256"), without(first, "x5c", "x5t#S256"), "same key, same members");
    assert.notEqual(second.x5c[0], first.x5c[0]);
    assert.notEqual(second["x5t#S256"], first["x5t#S256"]);
    assert.equal(Date.parse(leaf(second).validFrom), T0 + 61 * DAY);
    assert.equal(leaf(second).subject, "CN=signing");

    const after = await stack.preview({ program: program(path), expectNoChanges: true });
    assert.deepEqual(after.changeSummary, { same: 3 });
  } finally {
    delete (stack.workspace as LocalWorkspace).envVars.PULUMI_JWK_NOW;
    await dispose();
  }
});
