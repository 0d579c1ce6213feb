/**
 * State written by pulumi-jwk 0.1 keeps working: its resources carry the closure-serialized provider of
 * `pulumi.dynamic.Resource` (methods that call `require("pulumi-jwk/providers/<name>")`), while today's store a
 * one-line stub. A stack made with the 0.1 front door is refreshed, then taken over by today's `Jwk` and
 * `JwkSet` with no change at all, and destroyed.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import * as pulumi from "@pulumi/pulumi";
import { Jwk, JwkSet } from "pulumi-jwk";
import { newStack, stateResources } from "./harness";

// The 0.1 providers, as provider/resources/jwk/jwk.ts and jwkset.ts defined them.
const JWK_IMPL = "pulumi-jwk/providers/jwk";
const oldJwkProvider: pulumi.dynamic.ResourceProvider = {
  check: (olds, news) => require(JWK_IMPL).check(olds, news),
  diff: (id, olds, news) => require(JWK_IMPL).diff(id, olds, news),
  create: (inputs) => require(JWK_IMPL).create(inputs),
  update: (id, olds, news) => require(JWK_IMPL).update(id, olds, news),
};
const SET_IMPL = "pulumi-jwk/providers/jwkset";
const oldJwkSetProvider: pulumi.dynamic.ResourceProvider = {
  check: (olds, news) => require(SET_IMPL).check(olds, news),
  diff: (id, olds, news) => require(SET_IMPL).diff(id, olds, news),
  create: (inputs) => require(SET_IMPL).create(inputs),
  update: (id, olds, news) => require(SET_IMPL).update(id, olds, news),
  read: (id, props) => require(SET_IMPL).read(id, props),
  delete: (id, props) => require(SET_IMPL).remove(id, props),
};

class OldJwk extends pulumi.dynamic.Resource {
  declare readonly publicJwk: pulumi.Output<Record<string, unknown>>;
  declare readonly kid: pulumi.Output<string>;
  constructor(name: string, alg: string) {
    const props = { alg, kty: undefined, thumbprint: undefined, publicJwk: undefined, publicKeyPem: undefined, kid: undefined };
    super(oldJwkProvider, name, props, { additionalSecretOutputs: ["privateJwk", "privateKeyPem"] }, "pulumi-jwk", "Jwk");
  }
}
class OldJwkSet extends pulumi.dynamic.Resource {
  declare readonly kids: pulumi.Output<string[]>;
  constructor(name: string, path: string, keys: pulumi.Input<Record<string, unknown>>[]) {
    super(
      oldJwkSetProvider,
      name,
      { target: { kind: "file", path }, keys, mode: "exclusive", kids: undefined },
      undefined,
      "pulumi-jwk",
      "JwkSet",
    );
  }
}

test("a stack written with the 0.1 closure-serialized providers refreshes, upgrades with no change, and destroys", async () => {
  const { stack, dir, dispose } = await newStack("compat", async () => ({}));
  const path = join(dir, "jwks.json");
  try {
    const old = await stack.up({
      program: async () => {
        const keys = [new OldJwk("a", "ES256"), new OldJwk("b", "RS256")];
        const set = new OldJwkSet(
          "jwks",
          path,
          keys.map((k) => k.publicJwk),
        );
        return { kids: set.kids };
      },
    });
    assert.deepEqual(old.summary.resourceChanges, { create: 4 });
    const [oldStub] = stateResources(dir, "pulumi-nodejs:dynamic/pulumi-jwk:JwkSet").map((r) => r.inputs.__provider as string);
    assert.ok(oldStub!.length > 1000, "the 0.1 program did not store a closure-serialized provider");

    const refresh = await stack.refresh(); // runs `read` through the stored 0.1 provider
    assert.deepEqual(refresh.summary.resourceChanges, { same: 4 });

    const current = async () => {
      // b gives `use` (an output the engine then resolves); a leaves it to be derived from the public JWK.
      const keys = [new Jwk("a", { alg: "ES256" }), new Jwk("b", { alg: "RS256", use: "sig" })];
      const set = new JwkSet("jwks", { target: { kind: "file", path }, keys: keys.map((k) => k.publicJwk), mode: "exclusive" });
      const [a, b] = keys as [Jwk, Jwk];
      return {
        kids: set.kids,
        thumbprint: a.thumbprint,
        kid: a.kid,
        derived: pulumi.all([a.use, a.crv, a.modulusLength, a.kty, b.use, b.crv, b.modulusLength, b.kty]),
      };
    };
    const preview = await stack.preview({ program: current, expectNoChanges: true });
    assert.deepEqual(preview.changeSummary, { same: 4 });
    const up = await stack.up({ program: current });
    assert.deepEqual(up.summary.resourceChanges, { same: 4 });
    assert.deepEqual(up.outputs.kids!.value, old.outputs.kids!.value);
    assert.equal(up.outputs.thumbprint!.value, up.outputs.kid!.value, "the derived thumbprint of an upgraded key");
    assert.deepEqual(up.outputs.derived!.value, ["sig", "P-256", null, "EC", "sig", null, 2048, "RSA"]); // stack outputs carry undefined as null
    const doc = JSON.parse(await readFile(path, "utf8")) as { keys: { kid: string }[] };
    assert.deepEqual(doc.keys.map((k) => k.kid).sort(), [...(old.outputs.kids!.value as string[])].sort());

    const destroy = await stack.destroy();
    assert.deepEqual(destroy.summary.resourceChanges, { delete: 4 });
    assert.equal(existsSync(path), false, "destroy left the JWKS file behind");
  } finally {
    await dispose();
  }
});
