/**
 * ClientKeyBinding under the real engine on a real OAuth server: oidc-provider (npm) in this process on
 * 127.0.0.1, clients managed through RFC 7592 with registration tokens rotated on every PUT. After up, an
 * assertion signed with the bound Jwk.privateJwk gets a client_credentials token and an unbound key is
 * refused; a rotation (new Jwk bound, old one removed in one up) flips which key is accepted; a key removed on
 * the server shows as drift on refresh and is restored by up; a key someone else added survives up (additive);
 * destroy removes only what was bound and warns about a private_key_jwt client left with no key; no request
 * body the server received holds private key material.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { JWK } from "jose";
import { ClientKeyBinding, Jwk } from "pulumi-jwk";
import { requestClientCredentialsToken } from "../oauth/client-assertion";
import { startOidcServer, type OidcServer, type RegisteredClient } from "../oauth/oidc-server";
import { newStack, stateResources } from "./harness";

const BINDING = "pulumi-nodejs:dynamic/pulumi-jwk:ClientKeyBinding";
let op: OidcServer;
before(async () => {
  op = await startOidcServer();
});
after(() => op.close());

function program(a: RegisteredClient, b: RegisteredClient, generation: string) {
  return async () => {
    const key = new Jwk("client-key", { alg: "ES256", rotationTrigger: generation });
    const solo = new Jwk("solo-key", { alg: "ES256" });
    const auth = { method: "private_key_jwt", signingAlg: "ES256" };
    const bindingA = new ClientKeyBinding("a", {
      client: { kind: "rfc7592", registrationClientUri: a.registrationClientUri, tokenEnv: "BINDING_RAT_A" },
      keys: [key.publicJwk],
      auth,
    });
    new ClientKeyBinding("b", {
      client: { kind: "rfc7592", registrationClientUri: b.registrationClientUri, tokenEnv: "BINDING_RAT_B" },
      keys: [solo.publicJwk],
      auth,
    });
    return { privateJwk: key.privateJwk, kid: key.kid, kids: bindingA.kids, authMethod: bindingA.authMethod };
  };
}

type Outputs = Record<string, { value: unknown }>;
const tokenFor = (client: RegisteredClient, privateJwk: unknown) =>
  requestClientCredentialsToken({
    issuer: op.issuer,
    tokenEndpoint: op.tokenEndpoint,
    clientId: client.clientId,
    privateJwk: privateJwk as JWK,
  });
const liveKids = async (client: RegisteredClient) => (await op.clientKeys(client.clientId)).map((k) => k.kid);

test("rfc7592 on oidc-provider: token with the bound key, rotation, drift repaired, foreign key kept, destroy", async () => {
  const a = await op.register();
  const b = await op.register();
  process.env.BINDING_RAT_A = a.registrationAccessToken;
  process.env.BINDING_RAT_B = b.registrationAccessToken;
  const { stack, dir, dispose } = await newStack("binding-oidc", async () => ({}));
  // The registration token the binding holds now (oidc-provider rotates it on every PUT): from state.
  const heldToken = async (): Promise<string> => {
    const state = await stack.exportStack();
    const res = (
      state.deployment.resources as { type: string; urn: string; outputs?: { rotatedCredentials?: { plaintext?: string } } }[]
    ).find((r) => r.type === BINDING && r.urn.endsWith("::a"));
    return (JSON.parse(res?.outputs?.rotatedCredentials?.plaintext ?? "{}") as Record<string, string>).BINDING_RAT_A!;
  };
  const privateDs: string[] = [];
  try {
    const up = await stack.up({ program: program(a, b, "1") });
    assert.deepEqual(up.summary.resourceChanges, { create: 5 });
    const out = up.outputs as Outputs;
    const key1 = out.privateJwk!.value as JWK;
    privateDs.push(key1.d!);
    assert.deepEqual(out.kids!.value, [out.kid!.value]);
    assert.equal(out.authMethod!.value, "private_key_jwt");
    assert.equal((await tokenFor(a, key1)).ok, true, `bound key refused: ${op.authFailures.join("; ")}`);
    const unbound = await requestClientCredentialsToken({
      issuer: op.issuer,
      tokenEndpoint: op.tokenEndpoint,
      clientId: a.clientId,
      privateJwk: await freshPrivateJwk("stranger"),
    });
    assert.deepEqual(unbound, { ok: false, status: 401, error: "invalid_client" });
    // The rotated registration token is in state, as ciphertext.
    const stored = stateResources(dir, BINDING).find((r) => r.urn.endsWith("::a"))!;
    assert.ok(stored.outputs.rotatedCredentials?.ciphertext, "rotatedCredentials must be a secret in state");
    await stack.preview({ program: program(a, b, "1"), expectNoChanges: true });

    // Rotation: a new Jwk bound and the old one removed in one up.
    const rotated = await stack.up({ program: program(a, b, "2") });
    const key2 = (rotated.outputs as Outputs).privateJwk!.value as JWK;
    privateDs.push(key2.d!);
    assert.notEqual(key2.kid, key1.kid);
    assert.deepEqual(await liveKids(a), [key2.kid]);
    assert.equal((await tokenFor(a, key2)).ok, true);
    assert.deepEqual(await tokenFor(a, key1), { ok: false, status: 401, error: "invalid_client" });

    // Drift: the bound key removed on the server (by an operator holding the current registration token).
    a.registrationAccessToken = await heldToken();
    await op.updateClient(a, (c) => ({ ...c, jwks: { keys: [] } }));
    process.env.BINDING_RAT_A = a.registrationAccessToken; // the operator hands over the token the server now has
    const refresh = await stack.refresh();
    assert.equal(refresh.summary.resourceChanges?.update, 1);
    const drift = stateResources(dir, BINDING).find((r) => r.urn.endsWith("::a"))!.outputs.drift;
    assert.deepEqual(drift.missing, [key2.kid]);
    // Refresh wrote the binding's outputs again: the registration token stays ciphertext.
    const afterRefresh = stateResources(dir, BINDING).find((r) => r.urn.endsWith("::a"))!;
    assert.ok(afterRefresh.outputs.rotatedCredentials?.ciphertext, "rotatedCredentials must stay a secret after refresh");
    assert.match(refresh.stdout + refresh.stderr, /drift on rfc7592 client .*missing/);
    await stack.up({ program: program(a, b, "2") });
    assert.deepEqual(await liveKids(a), [key2.kid]);
    assert.equal((await tokenFor(a, key2)).ok, true);

    // A key someone else added survives up in additive mode, and still authenticates.
    const partner = await freshPrivateJwk("partner");
    a.registrationAccessToken = await heldToken();
    await op.updateClient(a, (c) => ({ ...c, jwks: { keys: [...(c.jwks as { keys: unknown[] }).keys, publicOf(partner)] } }));
    process.env.BINDING_RAT_A = a.registrationAccessToken;
    await stack.refresh();
    const kept = await stack.up({ program: program(a, b, "2") });
    assert.deepEqual((await liveKids(a)).sort(), [key2.kid, "partner"].sort());
    assert.deepEqual(stateResources(dir, BINDING).find((r) => r.urn.endsWith("::a"))!.outputs.foreignKids, ["partner"]);
    assert.equal((await tokenFor(a, partner)).ok, true);
    void kept;

    // Destroy removes only what was bound; client b is left with private_key_jwt and no key: said, not silent.
    const destroyed = await stack.destroy();
    assert.deepEqual(await liveKids(a), ["partner"]);
    assert.match(destroyed.stdout + destroyed.stderr, /rfc7592 client .* still authenticates with private_key_jwt but has no key left/);

    // No request body the server received carried a private member.
    for (const r of op.requests) {
      for (const d of privateDs) assert.ok(!r.body.includes(d), `${r.method} ${r.path} carried private key material`);
      assert.doesNotMatch(r.body, /"d"\s*:/, `${r.method} ${r.path} carried a private member`);
    }
  } finally {
    await dispose();
  }
});

test("rfc7592 destroy with a wrong token fails, keeps the binding in the stack and its key on the client; a valid token then releases it and warns", async () => {
  const c = await op.register();
  process.env.BINDING_RAT_C = c.registrationAccessToken;
  const declare = async () => {
    const key = new Jwk("c-key", { alg: "ES256" });
    const binding = new ClientKeyBinding("c", {
      client: { kind: "rfc7592", registrationClientUri: c.registrationClientUri, tokenEnv: "BINDING_RAT_C" },
      keys: [key.publicJwk],
    });
    return { kids: binding.kids };
  };
  const { stack, dir, dispose } = await newStack("binding-oidc-refused", declare);
  try {
    const up = await stack.up({ program: declare });
    const [kid] = (up.outputs as Outputs).kids!.value as string[];
    assert.deepEqual(await liveKids(c), [kid]);
    // An operator rotates the token with the one the stack holds: the stack's token and the variable's are both dead.
    const held = stateResources(dir, BINDING).find((r) => r.urn.endsWith("::c"))!;
    const state = await stack.exportStack();
    const stored = (state.deployment.resources as { urn: string; outputs?: { rotatedCredentials?: { plaintext?: string } } }[]).find(
      (r) => r.urn === held.urn,
    );
    c.registrationAccessToken = (
      JSON.parse(stored?.outputs?.rotatedCredentials?.plaintext ?? "{}") as Record<string, string>
    ).BINDING_RAT_C!;
    await op.updateClient(c, (doc) => doc);
    process.env.BINDING_RAT_C = "wrong-registration-token-0123456789";

    await assert.rejects(stack.destroy(), (e: Error) => {
      assert.match(e.message, /destroy answered HTTP 401/);
      assert.match(e.message, /put a valid credential in the environment variable BINDING_RAT_C/);
      assert.ok(e.message.includes(`pulumi state delete '${held.urn}'`), "the message names the binding's URN");
      assert.ok(!e.message.includes(c.registrationAccessToken) && !e.message.includes("wrong-registration-token"), "no token shown");
      return true;
    });
    assert.equal(stateResources(dir, BINDING).length, 1, "the binding stays in the stack");
    assert.deepEqual(await liveKids(c), [kid], "its key stays on the client");

    // The way out: a valid token in the variable. The destroy's PUT rotates it again, which is said, not shown.
    process.env.BINDING_RAT_C = c.registrationAccessToken;
    const destroyed = await stack.destroy();
    assert.deepEqual(await liveKids(c), []);
    assert.equal(stateResources(dir, BINDING).length, 0);
    const out = destroyed.stdout + destroyed.stderr;
    assert.match(out, /new registration access token with the last update of this destroy, so the token in BINDING_RAT_C/);
    assert.ok(!out.includes(c.registrationAccessToken), "the token is not shown");
  } finally {
    await dispose();
  }
});

async function freshPrivateJwk(kid: string): Promise<JWK> {
  const { generateKeyPair, exportJWK } = await import("jose");
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  return { ...(await exportJWK(privateKey)), kid, alg: "ES256", use: "sig" };
}

function publicOf(jwk: JWK): JWK {
  const { d: _d, ...pub } = jwk;
  return pub;
}
