/**
 * Nothing leaked (issue 7, guarantee 4), under the real CLI: private keys given as secrets fail at preview and
 * at up for several reasons, and no 16-character run of any secret appears in anything the CLI printed
 * (stdout, stderr, engine events, the thrown CommandError). The first case is the reported bug: the engine
 * printed the whole PEM as the value of the property a check failure named.
 */
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { Jwk, JwkSet } from "pulumi-jwk";
import { newStack } from "./harness";

type Hooks = { onOutput(s: string): void; onError(s: string): void; onEvent(e: unknown): void };

/** Everything the CLI printed during one operation, and whether it failed. */
async function capture(run: (hooks: Hooks) => Promise<unknown>): Promise<{ text: string; failed: boolean }> {
  const parts: string[] = [];
  let failed = false;
  try {
    await run({
      onOutput: (s) => parts.push(s),
      onError: (s) => parts.push(s),
      // Debug events are left out: @pulumi/pulumi itself logs every RegisterResource response at debug level,
      // secret outputs in plaintext (shown only with --debug or -v); that is the SDK's, for any secret.
      onEvent: (e) => {
        if ((e as { diagnosticEvent?: { severity?: string } }).diagnosticEvent?.severity !== "debug") parts.push(JSON.stringify(e));
      },
    });
  } catch (e) {
    failed = true;
    parts.push(String(e), (e as Error).stack ?? "");
  }
  return { text: parts.join("\n"), failed };
}

/** The base64 text of a PEM, without armour and line breaks: a leak of any 16 characters of it counts. */
const pemBody = (pem: string) => pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");

/** Asserts that no 16-character run of any secret is in `text` (JSON-escaped forms included). */
function assertNoLeak(text: string, secrets: Record<string, string>, context: string): void {
  const haystack = `${text}\n${text.replace(/\\n/g, "\n").replace(/\\\//g, "/")}`.replace(/\s+/g, "");
  for (const [name, secret] of Object.entries(secrets)) {
    assert.ok(secret.length >= 32, `${name} is too short to be a meaningful probe`);
    for (let i = 0; i + 16 <= secret.length; i++) {
      const run = secret.slice(i, i + 16);
      if (haystack.includes(run)) {
        const at = text.indexOf(run.slice(0, 8));
        assert.fail(
          `${context}: ${name} leaked (run ${JSON.stringify(run)}) near: ${JSON.stringify(text.slice(Math.max(0, at - 200), at + 50))}`,
        );
      }
    }
  }
}

const ecPair = () => generateKeyPairSync("ec", { namedCurve: "P-256" });
const jwkOf = (key: ReturnType<typeof ecPair>["privateKey"]) => key.export({ format: "jwk" }) as Record<string, string>;

test("private keys imported as secrets fail at preview for every reason without printing any key material", async () => {
  const ecPem = ecPair().privateKey.export({ type: "pkcs8", format: "pem" }) as string;
  // Real key bytes, broken: an RSA PKCS#1 PEM with its second line of base64 removed.
  const rsaPem = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs1", format: "pem" }) as string;
  const rsaLines = rsaPem.trim().split("\n");
  const malformedPem = [...rsaLines.slice(0, 2), ...rsaLines.slice(3)].join("\n");
  const [a, b] = [jwkOf(ecPair().privateKey), jwkOf(ecPair().privateKey)];
  const wrongD = { ...a, d: b.d! };
  const leakedIntoSet: Record<string, string> = { ...jwkOf(ecPair().privateKey), kid: "by-mistake", alg: "ES256", use: "sig" };
  const rotatedPem = ecPair().privateKey.export({ type: "sec1", format: "pem" }) as string;

  const file = { kind: "file" as const, path: "out/jwks.json" };
  // Each case on its own preview: the engine stops at the first resource whose check fails.
  const cases: { name: string; program: () => void; says: RegExp; secrets: Record<string, string> }[] = [
    {
      name: "an EC key with alg RS256 (the reported bug)",
      program: () => new Jwk("wrong-alg", { alg: "RS256", privateKeyPem: pulumi.secret(ecPem) }),
      says: /privateKeyPem: the key \(kty EC, crv P-256\) cannot be used with alg RS256/,
      secrets: { "the EC PEM": pemBody(ecPem) },
    },
    {
      name: "a malformed PEM holding real key bytes",
      program: () => new Jwk("malformed-pem", { alg: "RS256", privateKeyPem: pulumi.secret(malformedPem) }),
      says: /privateKeyPem: malformed private key PEM/,
      secrets: { "the malformed RSA PEM": pemBody(malformedPem) },
    },
    {
      name: "a JWK whose d belongs to another key",
      program: () => new Jwk("wrong-d", { alg: "ES256", privateJwk: pulumi.secret(wrongD) }),
      says: /privateJwk: the private key does not belong to its public members/,
      secrets: { "the JWK's d": wrongD.d, "the other JWK's d": a.d! },
    },
    {
      name: "both a PEM and a JWK",
      program: () => new Jwk("both", { alg: "ES256", privateKeyPem: pulumi.secret(ecPem), privateJwk: pulumi.secret(a) }),
      says: /privateKeyPem: give privateKeyPem or privateJwk, not both/,
      secrets: { "the EC PEM": pemBody(ecPem), "the JWK's d": a.d! },
    },
    {
      name: "an imported key with a rotationTrigger",
      program: () => new Jwk("rotated-import", { alg: "ES256", privateKeyPem: pulumi.secret(rotatedPem), rotationTrigger: "2026-Q4" }),
      says: /property rotationTrigger[\s\S]*cannot be rotated/,
      secrets: { "the rotated import's PEM": pemBody(rotatedPem) },
    },
    {
      name: "a private JWK in a JwkSet's keys",
      program: () => new JwkSet("private-in-set", { target: file, keys: [pulumi.secret(leakedIntoSet) as never] }),
      says: /keys\[0\]\.d: private or symmetric key member/,
      secrets: { "the private key in the set": leakedIntoSet.d! },
    },
  ];
  const { stack, dispose } = await newStack("leak-check", async () => {});
  try {
    const problems: string[] = [];
    for (const c of cases) {
      const preview = await capture((hooks) => stack.preview({ ...hooks, diff: true, program: async () => void c.program() }));
      if (!preview.failed) problems.push(`${c.name}: the preview did not fail`);
      try {
        assertNoLeak(preview.text, c.secrets, c.name);
      } catch (e) {
        problems.push((e as Error).message);
      }
      if (!c.says.test(preview.text)) problems.push(`${c.name}: the output does not match ${c.says}`);
    }
    assert.deepEqual(problems, []);
  } finally {
    await dispose();
  }
});

test("a generated key's privateJwk passed to a JwkSet by mistake fails at up without printing it", async () => {
  const { stack, dispose } = await newStack("leak-up", async () => {
    const k = new Jwk("signing", { alg: "ES256" });
    new JwkSet("set", { target: { kind: "file", path: "out/jwks.json" }, keys: [k.privateJwk as never] });
  });
  try {
    const up = await capture((hooks) => stack.up(hooks));
    assert.equal(up.failed, true, "the up should fail");
    // The key was created before the set failed: read its private half from the state to know what to look for.
    const state = await stack.exportStack();
    const stored = (state.deployment.resources as { type: string; outputs?: { privateJwk?: { plaintext?: string } } }[]).find(
      (r) => r.type === "pulumi-nodejs:dynamic/pulumi-jwk:Jwk",
    )?.outputs?.privateJwk;
    const jwk = JSON.parse(stored?.plaintext ?? "{}") as { d?: string }; // exportStack shows secrets as plaintext
    assert.equal(typeof jwk.d, "string", "the generated key is in the state");
    assertNoLeak(up.text, { "the generated key's d": jwk.d! }, "up");
    assert.match(up.text, /keys\[0\]\.d: private or symmetric key member/);
  } finally {
    await dispose();
  }
});
