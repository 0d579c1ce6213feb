/**
 * Nothing leaked (issue 7, guarantee 4), under the real CLI: imported private keys given as secrets fail at
 * preview and up for several reasons, and no 16-character run of the secret appears anywhere in what the CLI
 * prints (stdout, stderr, engine diagnostics, the thrown CommandError).
 */
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { Jwk } from "pulumi-jwk";
import { newStack } from "./harness";

/** Everything the CLI printed during one operation, and whether it failed. */
async function capture(
  run: (hooks: { onOutput(s: string): void; onError(s: string): void; onEvent(e: unknown): void }) => Promise<unknown>,
) {
  const parts: string[] = [];
  let failed = false;
  try {
    await run({ onOutput: (s) => parts.push(s), onError: (s) => parts.push(s), onEvent: (e) => parts.push(JSON.stringify(e)) });
  } catch (e) {
    failed = true;
    parts.push(String(e), (e as Error).stack ?? "");
  }
  return { text: parts.join("\n"), failed };
}

/** The first 16-character run of `secret` found in `text`, if any. */
function leakedRun(text: string, secret: string): string | undefined {
  for (let i = 0; i + 16 <= secret.length; i++) {
    const run = secret.slice(i, i + 16);
    if (text.includes(run)) return run;
  }
  return undefined;
}

const pemBody = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");

test("an EC private key imported as a secret with alg RS256 fails at preview without printing the key", async () => {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const pem = privateKey.export({ type: "pkcs8", format: "pem" }) as string;
  const { stack, dispose } = await newStack("leak-alg", async () => {
    new Jwk("imported", { alg: "RS256", privateKeyPem: pulumi.secret(pem) });
  });
  try {
    const preview = await capture((hooks) => stack.preview(hooks));
    assert.equal(preview.failed, true, "preview should fail");
    assert.match(preview.text, /privateKeyPem|RS256/);
    assert.equal(leakedRun(preview.text, pemBody(pem)), undefined, `the PEM leaked:\n${preview.text}`);
  } finally {
    await dispose();
  }
});
