/**
 * The ClientKeyBinding proof every real OAuth server goes through under the real engine (binding-keycloak and
 * binding-hydra run it): a generated Jwk bound to a client the server knows, then
 * - the server grants a client_credentials token to an assertion signed with `Jwk.privateJwk`, refuses an
 *   unbound key;
 * - rotation (new Jwk bound, old removed, one up): the new key accepted, the old refused;
 * - drift: the bound key removed on the server shows on refresh, and up restores it;
 * - a key added on the server by someone else survives an up that rewrites the client's keys (additive mode);
 * - destroy removes only the bound key;
 * - the adapter talks to the server through a recording proxy: no request body carried a private key member;
 * - a client that does not exist fails with an error naming it, and nothing is written.
 */
import assert from "node:assert/strict";
import * as jose from "jose";
import { ClientKeyBinding, Jwk, type ClientConfig } from "pulumi-jwk";
import type { TokenOutcome } from "../oauth/client-assertion";
import { requestsCarrying, startRecordingProxy, type RecordingProxy } from "../oauth/recording-proxy";
import { newStack, stateResources } from "./harness";

const BINDING_TYPE = "pulumi-nodejs:dynamic/pulumi-jwk:ClientKeyBinding";
const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** One real server, as the scenario drives it. */
export interface BindingServer {
  name: string;
  /** The origin of the API the adapter calls (the recording proxy forwards there). */
  adminOrigin: string;
  alg: "ES256" | "RS256";
  /** The binding's client reference, pointed at `origin` (the proxy). */
  clientRef(origin: string, clientId: string): ClientConfig;
  /** Creates a private_key_jwt client holding `keys`, as an administrator would. */
  createClient(clientId: string, keys: Record<string, unknown>[]): Promise<void>;
  keys(clientId: string): Promise<Record<string, unknown>[]>;
  setKeys(clientId: string, keys: Record<string, unknown>[]): Promise<void>;
  /** The JWKS URL the server fetches the client's keys from, if it uses one. */
  jwksUri(clientId: string): Promise<string | undefined>;
  token(clientId: string, privateJwk: jose.JWK): Promise<TokenOutcome>;
}

/** A key pair someone else owns: its public JWK and private JWK. */
async function strangerKey(kid: string, alg: string) {
  const { publicKey, privateKey } = await jose.generateKeyPair(alg, { extractable: true });
  const meta = { kid, alg, use: "sig" };
  return { publicJwk: { ...(await jose.exportJWK(publicKey)), ...meta }, privateJwk: { ...(await jose.exportJWK(privateKey)), ...meta } };
}

const kidsOf = async (server: BindingServer, clientId: string) => (await server.keys(clientId)).map((k) => String(k.kid)).sort();

function program(server: BindingServer, proxy: RecordingProxy, clientId: string, rotation: string) {
  return async () => {
    const key = new Jwk("client-key", { alg: server.alg, rotationTrigger: rotation });
    const binding = new ClientKeyBinding("binding", {
      client: server.clientRef(proxy.url, clientId),
      keys: [key.publicJwk],
      auth: { method: "private_key_jwt", signingAlg: server.alg },
    });
    return { kid: key.kid, privateJwk: key.privateJwk, kids: binding.kids, authMethod: binding.authMethod };
  };
}

export async function bindRotateDriftDestroy(server: BindingServer): Promise<void> {
  const clientId = `app-${Date.now().toString(36)}`;
  const partner = await strangerKey("partner", server.alg);
  const stranger = await strangerKey("stranger", server.alg);
  await server.createClient(clientId, [partner.publicJwk]);
  const proxy = await startRecordingProxy(server.adminOrigin);
  const { stack, dir, dispose } = await newStack(`binding-${server.name}`, async () => ({}));
  try {
    // Bind: the key is on the client, the server accepts it, refuses a key it does not hold.
    const first = await stack.up({ program: program(server, proxy, clientId, "1") });
    const kid1 = first.outputs.kid!.value as string;
    const private1 = first.outputs.privateJwk!.value as jose.JWK;
    assert.deepEqual(first.outputs.kids!.value, [kid1]);
    assert.equal(first.outputs.authMethod!.value, "private_key_jwt");
    assert.deepEqual(await kidsOf(server, clientId), [kid1, "partner"].sort());
    assert.equal((await server.token(clientId, private1)).ok, true, "the bound key obtains a token");
    const refused = await server.token(clientId, stranger.privateJwk);
    // Keycloak answers 401 invalid_client; Hydra 400 invalid_request (no key with the assertion's kid).
    assert.ok(!refused.ok && /^invalid_(client|request)$/.test(refused.error), `an unbound key is refused: ${JSON.stringify(refused)}`);
    await stack.preview({ program: program(server, proxy, clientId, "1"), expectNoChanges: true });

    // Rotation in one up: a new Jwk bound, the old one removed.
    const second = await stack.up({ program: program(server, proxy, clientId, "2") });
    const kid2 = second.outputs.kid!.value as string;
    const private2 = second.outputs.privateJwk!.value as jose.JWK;
    assert.notEqual(kid2, kid1);
    assert.deepEqual(await kidsOf(server, clientId), [kid2, "partner"].sort());
    assert.equal((await server.token(clientId, private2)).ok, true, "the new key obtains a token");
    const old = await server.token(clientId, private1);
    assert.ok(!old.ok && /^invalid_(client|request)$/.test(old.error), `the rotated-out key is refused: ${JSON.stringify(old)}`);

    // Drift: the bound key removed on the server shows on refresh; up restores it.
    await server.setKeys(clientId, [partner.publicJwk]);
    await stack.refresh();
    assert.deepEqual(stateResources(dir, BINDING_TYPE)[0]!.outputs.drift.missing, [kid2]);
    await stack.up({ program: program(server, proxy, clientId, "2") });
    assert.deepEqual(await kidsOf(server, clientId), [kid2, "partner"].sort());
    assert.equal((await server.token(clientId, private2)).ok, true, "the restored key obtains a token");

    // Someone adds a key on the server; an up that rewrites the client's keys (another rotation) keeps it.
    const late = await strangerKey("late", server.alg);
    await server.setKeys(clientId, [...(await server.keys(clientId)), late.publicJwk]);
    const third = await stack.up({ program: program(server, proxy, clientId, "3") });
    const kid3 = third.outputs.kid!.value as string;
    assert.deepEqual(await kidsOf(server, clientId), [kid3, "late", "partner"].sort());
    assert.equal((await server.token(clientId, late.privateJwk)).ok, true, "the other party's key still works");

    // Destroy removes only what the binding bound.
    await stack.destroy();
    assert.deepEqual(await kidsOf(server, clientId), ["late", "partner"]);

    // What the server received: the bound public keys, never a private member of any key.
    const writes = proxy.requests.filter((r) => WRITES.has(r.method) && !r.path.includes("/token"));
    assert.ok(writes.length >= 5, `the adapter's writes went through the proxy (${writes.length})`);
    const thirdPublic = (third.outputs.privateJwk!.value as jose.JWK).x ?? (third.outputs.privateJwk!.value as jose.JWK).n!;
    assert.ok(
      writes.some((r) => r.body.includes(thirdPublic)),
      "a write carried the bound public key",
    );
    const privates = [private1, private2, third.outputs.privateJwk!.value as jose.JWK].flatMap((k) => [k.d!, k.p ?? "", k.q ?? ""]);
    assert.deepEqual(requestsCarrying(proxy.requests, privates), []);
  } finally {
    await dispose();
    await proxy.close();
  }
}

export async function missingClientChangesNothing(server: BindingServer): Promise<void> {
  const clientId = `no-such-client-${Date.now().toString(36)}`;
  const proxy = await startRecordingProxy(server.adminOrigin);
  const { stack, dir, dispose } = await newStack(`binding-${server.name}-missing`, async () => ({}));
  try {
    await assert.rejects(stack.up({ program: program(server, proxy, clientId, "1") }), (e: Error) => {
      assert.match(e.message, new RegExp(`${server.name} client "${clientId}".* does not exist.*nothing was changed`));
      return true;
    });
    assert.deepEqual(
      proxy.requests.filter((r) => WRITES.has(r.method) && !r.path.includes("/token")).map((r) => `${r.method} ${r.path}`),
      [],
    );
    assert.equal(stateResources(dir, BINDING_TYPE).length, 0);
  } finally {
    await dispose();
    await proxy.close();
  }
}
