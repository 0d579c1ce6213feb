/**
 * Four Jwks and four additive ClientKeyBindings on one client in one program (issue 18, item 1). Before the
 * writer queue, `pulumi up` reported success and a Hydra client held 3 of the 4 keys: the engine creates the
 * bindings in parallel and each read the client, merged its key and wrote the key set back over the others'.
 * Now every key is on the client and a refresh finds no drift.
 */
import assert from "node:assert/strict";
import * as jose from "jose";
import { ClientKeyBinding, Jwk } from "pulumi-jwk";
import { newStack, stateResources } from "./harness";
import type { BindingServer } from "./binding-scenario";

const BINDING_TYPE = "pulumi-nodejs:dynamic/pulumi-jwk:ClientKeyBinding";

export async function fourBindingsOneClient(server: BindingServer): Promise<void> {
  const clientId = `four-${Date.now().toString(36)}`;
  // Someone else's key: a private_key_jwt client needs one (Hydra refuses it with no key), and it must stay.
  const { publicKey } = await jose.generateKeyPair(server.alg, { extractable: true });
  await server.createClient(clientId, [{ ...(await jose.exportJWK(publicKey)), kid: "partner", alg: server.alg, use: "sig" }]);
  const program = async () => {
    const kids = [1, 2, 3, 4].map((i) => {
      const key = new Jwk(`key-${i}`, { alg: server.alg });
      new ClientKeyBinding(`binding-${i}`, { client: server.clientRef(server.adminOrigin, clientId), keys: [key.publicJwk] });
      return key.kid;
    });
    return { kids };
  };
  const { stack, dir, dispose } = await newStack(`binding-four-${server.name}`, async () => ({}));
  try {
    const up = await stack.up({ program });
    const kids = (up.outputs.kids!.value as string[]).slice().sort();
    const onClient = (await server.keys(clientId)).map((k) => String(k.kid)).sort();
    assert.deepEqual(onClient, [...kids, "partner"].sort(), `the client holds all four bound keys and the partner's`);
    await stack.refresh();
    const drift = stateResources(dir, BINDING_TYPE).map((r) => r.outputs.drift as { missing: string[] });
    assert.equal(drift.length, 4);
    assert.deepEqual(
      drift.flatMap((d) => d.missing),
      [],
      "refresh finds every binding's key on the client",
    );
    await stack.destroy();
    assert.deepEqual(
      (await server.keys(clientId)).map((k) => k.kid),
      ["partner"],
    );
  } finally {
    await dispose();
  }
}
