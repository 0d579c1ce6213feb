/**
 * A Jwk with a self-signed certificate under the real engine, published to a JWKS file: the file's key carries
 * x5c and x5t#S256 that `pulumi-jwk inspect` (the compiled CLI) finds consistent; a no-change preview keeps the
 * certificate; a new subject updates the key in place (same key, new certificate); rotation makes a new key with
 * a new certificate.
 */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { Jwk, JwkSet } from "pulumi-jwk";
import { newStack, ROOT } from "./harness";

function program(path: string, subject: string, rotation: string) {
  return async () => {
    const key = new Jwk("signing", { alg: "ES256", certificate: { subject, validityDays: 30 }, rotationTrigger: rotation });
    new JwkSet("jwks", { target: { kind: "file", path }, keys: [key.publicJwk], mode: "exclusive" });
    return { kid: key.kid };
  };
}

async function servedKey(path: string): Promise<Record<string, any>> {
  return (JSON.parse(await readFile(path, "utf8")) as { keys: Record<string, any>[] }).keys[0]!;
}

test("certificate published, inspected clean, kept, updated in place on a new subject, renewed by rotation", async () => {
  const { stack, dir, dispose } = await newStack("jwk-cert", async () => ({}));
  const path = join(dir, "jwks.json");
  try {
    await stack.up({ program: program(path, "CN=first", "1") });
    const first = await servedKey(path);
    assert.equal(new X509Certificate(Buffer.from(first.x5c[0], "base64")).subject, "CN=first");
    // The CLI as CI would run it: a cert expiring within 30 days is information, not a warning.
    const report = JSON.parse(
      execFileSync(process.execPath, [join(ROOT, "dist/provider/cli/main.js"), "inspect", path, "--json", "--fail-on", "warning"], {
        encoding: "utf8",
      }),
    );
    assert.deepEqual(
      report.keys[0].findings.map((f: { code: string }) => f.code),
      ["cert-expiring"],
    );

    const preview = await stack.preview({ program: program(path, "CN=first", "1"), expectNoChanges: true });
    assert.deepEqual(preview.changeSummary, { same: 3 });

    const renamed = await stack.up({ program: program(path, "CN=second", "1") });
    assert.deepEqual(renamed.summary.resourceChanges, { update: 2, same: 1 });
    const second = await servedKey(path);
    assert.equal(second.x, first.x, "a new subject kept the key");
    assert.equal(new X509Certificate(Buffer.from(second.x5c[0], "base64")).subject, "CN=second");

    const rotated = await stack.up({ program: program(path, "CN=second", "2") });
    assert.deepEqual(rotated.summary.resourceChanges, { replace: 1, update: 1, same: 1 });
    const third = await servedKey(path);
    assert.notEqual(third.x, second.x);
    assert.ok(new X509Certificate(Buffer.from(third.x5c[0], "base64")).publicKey.export({ format: "jwk" }).x === third.x);
  } finally {
    await dispose();
  }
});
