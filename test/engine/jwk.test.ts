/**
 * Jwk under the real engine: rotationTrigger replaces, metadata updates in place, an imported key keeps its
 * identity and stays secret in state (input included).
 */
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { test } from "node:test";
import * as jose from "jose";
import { Jwk } from "pulumi-jwk";
import { newStack, stateResources, storedState } from "./harness";

const JWK_TYPE = "pulumi-nodejs:dynamic/pulumi-jwk:Jwk";

test("rotationTrigger replaces the key; kid and use changes update it in place", async () => {
  const { stack, dir, dispose } = await newStack("rotation", async () => ({}));
  const program = (args: { rotationTrigger?: string; kid?: string }) => async () => {
    const k = new Jwk("key", { alg: "ES256", ...args });
    return { kid: k.kid, thumbprint: k.thumbprint, publicJwk: k.publicJwk };
  };
  try {
    const first = await stack.up({ program: program({ rotationTrigger: "2026-11" }) });
    assert.equal(first.outputs.kid!.value, first.outputs.thumbprint!.value);

    const same = await stack.up({ program: program({ rotationTrigger: "2026-11" }) });
    assert.deepEqual(same.summary.resourceChanges, { same: 2 });

    const rotated = await stack.up({ program: program({ rotationTrigger: "2026-12" }) });
    assert.deepEqual(rotated.summary.resourceChanges, { replace: 1, same: 1 });
    assert.notEqual(rotated.outputs.thumbprint!.value, first.outputs.thumbprint!.value);

    const relabelled = await stack.up({ program: program({ rotationTrigger: "2026-12", kid: "signing-2026-12" }) });
    assert.deepEqual(relabelled.summary.resourceChanges, { update: 1, same: 1 });
    assert.equal(relabelled.outputs.kid!.value, "signing-2026-12");
    assert.equal(relabelled.outputs.thumbprint!.value, rotated.outputs.thumbprint!.value, "a kid change kept the key");
    assert.equal((relabelled.outputs.publicJwk!.value as { kid: string }).kid, "signing-2026-12");
    assert.equal(stateResources(dir, JWK_TYPE).length, 1);
  } finally {
    await dispose();
  }
});

test("an imported PKCS#1 PEM keeps its key: kid is its thumbprint, and the PEM is ciphertext in state", async () => {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const pem = privateKey.export({ type: "pkcs1", format: "pem" }) as string;
  const expected = await jose.calculateJwkThumbprint(privateKey.export({ format: "jwk" }) as jose.JWK);
  const { stack, dir, dispose } = await newStack("import", async () => ({}));
  try {
    const up = await stack.up({
      program: async () => {
        const k = new Jwk("imported", { alg: "PS256", privateKeyPem: pem });
        return { kid: k.kid, use: k.use };
      },
    });
    assert.equal(up.outputs.kid!.value, expected);
    assert.equal(up.outputs.use!.value, "sig");
    const body = pem.split("\n")[1]!; // a line of the key's base64 body
    assert.equal(JSON.stringify(storedState(dir)).includes(body), false, "the imported PEM is in state in clear text");
    const [r] = stateResources(dir, JWK_TYPE);
    assert.equal(typeof r!.inputs.privateKeyPem?.ciphertext, "string");
  } finally {
    await dispose();
  }
});
