/**
 * Jwk and JwkSet on the embedded file target under the real engine: publish, idempotent preview, secrets in
 * state, replace on alg change, drift found by refresh and repaired by up, additive mode, destroy.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import * as jose from "jose";
import type * as pulumi from "@pulumi/pulumi";
import { createPrivateKey, createPublicKey } from "node:crypto";
import { Jwk, JwkSet, privateKeyPem, publicKeyPem } from "pulumi-jwk";
import { newStack, stateResources, storedState } from "./harness";

const JWK_TYPE = "pulumi-nodejs:dynamic/pulumi-jwk:Jwk";
const SET_TYPE = "pulumi-nodejs:dynamic/pulumi-jwk:JwkSet";

async function readSet(path: string): Promise<{ keys: Record<string, unknown>[] }> {
  return JSON.parse(await readFile(path, "utf8"));
}

/** Keys named by alg, published to `path`. */
function program(path: string, algs: Record<string, string>, mode: "exclusive" | "additive" = "exclusive") {
  return async () => {
    const keys = Object.entries(algs).map(([name, alg]) => [name, new Jwk(name, { alg })] as const);
    const set = new JwkSet("jwks", { target: { kind: "file", path }, keys: keys.map(([, k]) => k.publicJwk), mode });
    const out: Record<string, pulumi.Output<unknown>> = { kids: set.kids, drift: set.drift, foreignKids: set.foreignKids };
    for (const [name, k] of keys) {
      out[`${name}Kid`] = k.kid;
      out[`${name}Private`] = k.privateJwk;
      // Derived in the program, not stored: the private one must still come out secret.
      out[`${name}PrivatePem`] = privateKeyPem(k.privateJwk);
      out[`${name}PublicPem`] = publicKeyPem(k.publicJwk);
    }
    return out;
  };
}

test("publish three keys, preview shows no changes, secrets are ciphertext, a JWT verifies against the file", async () => {
  const { stack, dir, dispose } = await newStack("publish", async () => ({}));
  const path = join(dir, "public", "jwks.json");
  const algs = { rs: "RS256", ec: "ES256", ed: "EdDSA" };
  try {
    const up = await stack.up({ program: program(path, algs) });
    assert.deepEqual(up.summary.resourceChanges, { create: 5 });
    const preview = await stack.preview({ program: program(path, algs), expectNoChanges: true });
    assert.deepEqual(preview.changeSummary, { same: 5 });

    const doc = await readSet(path);
    assert.deepEqual(doc.keys.map((k) => k.kid).sort(), [up.outputs.rsKid!.value, up.outputs.ecKid!.value, up.outputs.edKid!.value].sort());
    for (const k of doc.keys)
      for (const m of ["d", "p", "q", "dp", "dq", "qi"]) assert.equal(k[m], undefined, `private member ${m} published`);
    // Deterministic: the file is sorted by kid.
    assert.deepEqual(
      doc.keys.map((k) => k.kid),
      doc.keys.map((k) => k.kid).sort(),
    );

    // Private parts are secret outputs and ciphertext in the exported state.
    assert.equal(up.outputs.rsPrivate!.secret, true);
    const jwks = stateResources(dir, JWK_TYPE);
    assert.equal(jwks.length, 3);
    for (const r of jwks) {
      assert.equal(typeof r.outputs.privateJwk?.ciphertext, "string", `privateJwk of ${r.urn} is not ciphertext in state`);
      // Nothing derivable is stored: PEMs and thumbprint come from the JWKs in the program.
      for (const name of ["privateKeyPem", "publicKeyPem", "thumbprint", "kty"])
        assert.equal(r.outputs[name], undefined, `${name} of ${r.urn} is stored`);
    }
    assert.equal(JSON.stringify(storedState(dir)).includes("PRIVATE KEY"), false, "a private key PEM is in state");
    for (const name of Object.keys(algs)) {
      const pem = up.outputs[`${name}PrivatePem`]!;
      assert.equal(pem.secret, true, `privateKeyPem(${name}.privateJwk) is not secret`);
      const fromPem = createPrivateKey(pem.value as string).export({ format: "jwk" });
      assert.equal(fromPem.d, (up.outputs[`${name}Private`]!.value as { d: string }).d);
      const publicPem = up.outputs[`${name}PublicPem`]!;
      assert.equal(publicPem.secret, false);
      const fromPublicPem = createPublicKey(publicPem.value as string).export({ format: "jwk" }) as jose.JWK;
      assert.equal(await jose.calculateJwkThumbprint(fromPublicPem), up.outputs[`${name}Kid`]!.value);
    }
    const state = JSON.stringify(storedState(dir));
    assert.equal(state.includes(String((up.outputs.edPrivate!.value as { d: string }).d)), false, "a private key leaked into state");

    // Independent check with jose only: sign with the stack's secret output, verify against the published file.
    for (const [name, alg] of Object.entries(algs)) {
      const priv = up.outputs[`${name}Private`]!.value as jose.JWK;
      const jwt = await new jose.SignJWT({ sub: "ci" }).setProtectedHeader({ alg, kid: priv.kid! }).sign(await jose.importJWK(priv, alg));
      const { payload } = await jose.jwtVerify(jwt, jose.createLocalJWKSet((await readSet(path)) as jose.JSONWebKeySet));
      assert.equal(payload.sub, "ci");
    }

    // The provider stored with each resource is a one-line stub that loads the implementation by name.
    for (const r of [...jwks, ...stateResources(dir, SET_TYPE)]) {
      assert.ok(r.inputs.__provider.length <= 100, `__provider of ${r.urn} is ${r.inputs.__provider.length} bytes`);
      assert.match(r.inputs.__provider, /require\("pulumi-jwk\/providers\/jwk(set)?"\)/);
    }

    const destroy = await stack.destroy();
    assert.deepEqual(destroy.summary.resourceChanges, { delete: 5 });
    assert.equal(existsSync(path), false, "destroy left the JWKS file behind");
  } finally {
    await dispose();
  }
});

test("changing a key's alg family replaces that key only; within a family it updates in place", async () => {
  const { stack, dir, dispose } = await newStack("replace", async () => ({}));
  const path = join(dir, "jwks.json");
  try {
    const first = await stack.up({ program: program(path, { a: "ES256", b: "RS256" }) });
    const second = await stack.up({ program: program(path, { a: "EdDSA", b: "RS256" }) });
    assert.deepEqual(second.summary.resourceChanges, { replace: 1, update: 1, same: 2 });
    assert.notEqual(second.outputs.aKid!.value, first.outputs.aKid!.value);
    assert.equal(second.outputs.bKid!.value, first.outputs.bKid!.value);
    const kids = (await readSet(path)).keys.map((k) => k.kid);
    assert.deepEqual(kids.sort(), [second.outputs.aKid!.value, first.outputs.bKid!.value].sort());

    const third = await stack.up({ program: program(path, { a: "EdDSA", b: "RS512" }) });
    assert.deepEqual(third.summary.resourceChanges, { update: 2, same: 2 });
    assert.equal(third.outputs.bKid!.value, first.outputs.bKid!.value, "an alg change within the family kept the key");
    assert.equal((await readSet(path)).keys.find((k) => k.kid === first.outputs.bKid!.value)?.alg, "RS512");
  } finally {
    await dispose();
  }
});

test("refresh finds drift (key removed, stranger added, key changed) and up repairs it", async () => {
  const { stack, dir, dispose } = await newStack("drift", async () => ({}));
  const path = join(dir, "jwks.json");
  const prog = program(path, { a: "ES256", b: "EdDSA", c: "ES384" });
  try {
    const up = await stack.up({ program: prog });
    const published = await readFile(path, "utf8");
    const [aKid, bKid, cKid] = ["aKid", "bKid", "cKid"].map((n) => up.outputs[n]!.value as string);

    // A hand edit: a removed, b's alg changed, a stranger key added.
    const stranger = {
      ...(await jose.exportJWK((await jose.generateKeyPair("ES256")).publicKey)),
      kid: "stranger",
      use: "sig",
      alg: "ES256",
    };
    const doc = JSON.parse(published) as { keys: Record<string, unknown>[] };
    doc.keys = doc.keys.filter((k) => k.kid !== aKid).map((k) => (k.kid === bKid ? { ...k, use: "enc" } : k));
    doc.keys.push(stranger);
    await writeFile(path, JSON.stringify(doc));

    const refresh = await stack.refresh();
    assert.equal(refresh.summary.resourceChanges?.update, 1, `refresh summary: ${JSON.stringify(refresh.summary.resourceChanges)}`);
    const drift = stateResources(dir, SET_TYPE)[0]!.outputs.drift;
    assert.deepEqual(drift, { missing: [aKid], changed: [bKid], unexpected: ["stranger"] });

    const preview = await stack.preview({ program: prog });
    assert.deepEqual(preview.changeSummary, { same: 4, update: 1 });

    const repair = await stack.up({ program: prog });
    assert.deepEqual(repair.summary.resourceChanges, { same: 4, update: 1 });
    assert.equal(await readFile(path, "utf8"), published, "up restored the declared file byte for byte");
    assert.deepEqual(repair.outputs.drift!.value, { missing: [], changed: [], unexpected: [] });
    await stack.preview({ program: prog, expectNoChanges: true });
    assert.ok(cKid);
  } finally {
    await dispose();
  }
});

test("additive mode keeps a stranger key through up, refresh and destroy", async () => {
  const { stack, dir, dispose } = await newStack("additive", async () => ({}));
  const path = join(dir, "jwks.json");
  const prog = program(path, { a: "ES256" }, "additive");
  const stranger = {
    ...(await jose.exportJWK((await jose.generateKeyPair("EdDSA")).publicKey)),
    kid: "partner-key",
    use: "sig",
    alg: "EdDSA",
  };
  await writeFile(path, JSON.stringify({ keys: [stranger] }));
  try {
    const up = await stack.up({ program: prog });
    const kids = (await readSet(path)).keys.map((k) => k.kid);
    assert.deepEqual(kids.sort(), [up.outputs.aKid!.value, "partner-key"].sort());
    assert.deepEqual(up.outputs.foreignKids!.value, ["partner-key"]);

    // Our key removed by hand: refresh reports it missing, up restores it, the stranger stays.
    await writeFile(path, JSON.stringify({ keys: [stranger] }));
    await stack.refresh();
    assert.deepEqual(stateResources(dir, SET_TYPE)[0]!.outputs.drift, { missing: [up.outputs.aKid!.value], changed: [], unexpected: [] });
    await stack.up({ program: prog });
    assert.deepEqual((await readSet(path)).keys.map((k) => k.kid).sort(), [up.outputs.aKid!.value, "partner-key"].sort());

    await stack.destroy();
    assert.deepEqual((await readSet(path)).keys, [stranger]);
  } finally {
    await dispose();
  }
});

test("bad input fails in check naming the property, and nothing is created", async () => {
  const { stack, dir, dispose } = await newStack("badinput", async () => ({}));
  const path = join(dir, "jwks.json");
  try {
    const bad = async () => {
      const k = new Jwk("weak", { alg: "RS256", modulusLength: 1024 });
      new JwkSet("jwks", { target: { kind: "file", path }, keys: [k.publicJwk], mode: "exclusive" });
    };
    await assert.rejects(stack.up({ program: bad }), (e: Error) => /modulusLength/.test(e.message) && /2048/.test(e.message));
    assert.equal(existsSync(path), false);
    assert.deepEqual(stateResources(dir, JWK_TYPE), []);
  } finally {
    await dispose();
  }
});
