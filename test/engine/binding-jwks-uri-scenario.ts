/**
 * A ClientKeyBinding by `jwksUri` on a real server (binding-keycloak and binding-hydra run it): the client is
 * pointed at a JWKS URL the test serves on 127.0.0.1, the server fetches the key from there and grants a token
 * to an assertion signed with it; destroy takes the URL off the client again.
 */
import assert from "node:assert/strict";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import * as jose from "jose";
import { ClientKeyBinding } from "pulumi-jwk";
import { startRecordingProxy } from "../oauth/recording-proxy";
import type { BindingServer } from "./binding-scenario";
import { newStack } from "./harness";

/** Serves `{ keys }` at /jwks.json until closed; counts the fetches. */
async function serveJwks(keys: Record<string, unknown>[]) {
  let fetches = 0;
  const server = createServer((req, res) => {
    fetches++;
    if (req.url !== "/jwks.json") return void res.writeHead(404).end();
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys }));
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`,
    fetches: () => fetches,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export async function bindByJwksUri(server: BindingServer): Promise<void> {
  const clientId = `by-uri-${Date.now().toString(36)}`;
  const { publicKey, privateKey } = await jose.generateKeyPair(server.alg, { extractable: true });
  const meta = { kid: "served", alg: server.alg, use: "sig" };
  const jwks = await serveJwks([{ ...(await jose.exportJWK(publicKey)), ...meta }]);
  const privateJwk = { ...(await jose.exportJWK(privateKey)), ...meta };
  await server.createClient(clientId, []);
  const proxy = await startRecordingProxy(server.adminOrigin);
  const { stack, dispose } = await newStack(`binding-${server.name}-uri`, async () => ({}));
  const program = async () => {
    const binding = new ClientKeyBinding("by-uri", {
      client: server.clientRef(proxy.url, clientId),
      jwksUri: jwks.url,
      auth: { method: "private_key_jwt", signingAlg: server.alg },
    });
    return { kids: binding.kids, authMethod: binding.authMethod };
  };
  try {
    const up = await stack.up({ program });
    assert.deepEqual(up.outputs.kids!.value, []);
    assert.equal(await server.jwksUri(clientId), jwks.url);
    assert.equal((await server.token(clientId, privateJwk)).ok, true, "the key served at the URL obtains a token");
    assert.ok(jwks.fetches() >= 1, "the server fetched the client's keys from the URL");
    await stack.preview({ program, expectNoChanges: true });

    await stack.destroy();
    assert.equal(await server.jwksUri(clientId), undefined);
  } finally {
    await dispose();
    await proxy.close();
    await jwks.close();
  }
}
