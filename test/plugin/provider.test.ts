/**
 * The plugin provider without the engine: its outputs are the schema's (runtime half of the parity check),
 * private outputs leave as RPC secrets, `read` with no state imports a live set, and the errors it raises carry
 * their codes.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as jose from "jose";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { jwkProvider, typeOfUrn } from "../../provider/plugin/provider";
import { asSecret, unwrapSecrets } from "../../provider/plugin/rpc-values";
import { RESOURCES } from "../../provider/plugin/schema";
import { isRpcSecret } from "@pulumi/pulumi/runtime/rpc";
import { startOidcServer } from "../oauth/oidc-server";
import { startJwksServer } from "../servers/jwks-server";

const urn = (type: string, name: string, parents = "") => `urn:pulumi:dev::proj::${parents}jwk:index:${type}::${name}`;
const provider = jwkProvider();
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "jwk-plugin-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  return p.then(
    () => undefined,
    (e: { code?: string }) => e.code,
  );
}

function expectSchemaOutputs(type: string, outs: Record<string, unknown>, internal: string[] = []) {
  const spec = RESOURCES[type]!;
  const names = Object.keys(outs).filter((n) => !internal.includes(n));
  for (const n of names) expect(Object.keys(spec.properties), `${type} output ${n} is not in the schema`).toContain(n);
  for (const n of spec.required) expect(names, `${type} lacks required output ${n}`).toContain(n);
  for (const [n, p] of Object.entries(spec.properties)) if (outs[n] !== undefined) expect(isRpcSecret(outs[n]), n).toBe(p.secret === true);
}

test("typeOfUrn reads the type token, also under a parent", () => {
  expect(typeOfUrn(urn("Jwk", "a"))).toBe("jwk:index:Jwk");
  expect(typeOfUrn(urn("JwkSet", "s", "my:index:Component$"))).toBe("jwk:index:JwkSet");
});

test("an unknown type: ERR_JWK_PLUGIN_UNKNOWN_TYPE", async () => {
  await expect(codeOf(provider.create!("urn:pulumi:dev::proj::jwk:index:Nope::x", {}))).resolves.toBe("ERR_JWK_PLUGIN_UNKNOWN_TYPE");
});

describe("Jwk", () => {
  test("create: the schema's outputs, privateJwk an RPC secret, the derived outputs present", async () => {
    const { id, outs } = await provider.create!(urn("Jwk", "k"), { alg: "ES256" });
    expectSchemaOutputs("Jwk", outs);
    expect(id).toBe(outs.kid);
    expect(outs.thumbprint).toBe(await jose.calculateJwkThumbprint(outs.publicJwk));
    expect(unwrapSecrets(outs.privateJwk).d).toEqual(expect.any(String));
    expect(JSON.stringify(outs.publicJwk)).not.toContain('"d"');
  });

  test("an imported key given as a secret input is unwrapped, and check hands the secret back", async () => {
    const { privateKey } = await jose.generateKeyPair("ES256", { extractable: true });
    const privateJwk = await jose.exportJWK(privateKey);
    const news = { alg: "ES256", privateJwk: asSecret(privateJwk) };
    const checked = await provider.check!(urn("Jwk", "k"), {}, news);
    expect(checked.failures).toEqual([]);
    expect(isRpcSecret(checked.inputs.privateJwk)).toBe(true);
    const { outs } = await provider.create!(urn("Jwk", "k"), news);
    expect(unwrapSecrets(outs.privateJwk).d).toBe(privateJwk.d);
    expect(outs.imported).toBe(true);
  });

  test("state from the dynamic form (no derived outputs, __provider) updates in place, never replaces", async () => {
    const { outs } = await provider.create!(urn("Jwk", "k"), { alg: "RS256" });
    const { thumbprint: _t, kty: _k, publicKeyPem: _p, ...dynamicState } = { ...outs, __provider: "exports.handler=..." };
    const d = await provider.diff!(outs.kid, urn("Jwk", "k"), dynamicState, { alg: "RS256" });
    expect(d).toMatchObject({ changes: true, replaces: [] });
    const { outs: updated } = await provider.update!(outs.kid, urn("Jwk", "k"), dynamicState, { alg: "RS256" });
    expect(updated.publicJwk).toEqual(outs.publicJwk);
    expect(updated).not.toHaveProperty("__provider");
    expect(await provider.diff!(outs.kid, urn("Jwk", "k"), updated, { alg: "RS256" })).toMatchObject({ changes: false });
  });

  test("import is refused with ERR_JWK_NOT_IMPORTABLE (the private key exists only in state)", async () => {
    await expect(codeOf(provider.read!("some-kid", urn("Jwk", "k"), {}))).resolves.toBe("ERR_JWK_NOT_IMPORTABLE");
  });
});

describe("JwkSet on a file", () => {
  test("create, then read with no state imports the live set with the inputs that declare it", async () => {
    const { outs: key } = await provider.create!(urn("Jwk", "k"), { alg: "EdDSA" });
    const path = join(dir, "jwks.json");
    const inputs = { target: { kind: "file", path }, keys: [key.publicJwk] };
    const created = await provider.create!(urn("JwkSet", "s"), inputs);
    expectSchemaOutputs("JwkSet", created.outs, ["ownerId"]);
    expect(created.outs).not.toHaveProperty("__urn");
    expect(JSON.parse(await readFile(path, "utf8")).keys.map((k: { kid: string }) => k.kid)).toEqual([key.kid]);

    const imported = await provider.read!(`file:${path}`, urn("JwkSet", "adopted"), {});
    expect(imported.id).toBe(`file:${path}`);
    expect(imported.inputs).toEqual({ target: { kind: "file", path }, keys: [key.publicJwk] });
    expectSchemaOutputs("JwkSet", imported.props);
    expect(imported.props).toMatchObject({ mode: "additive", kids: [key.kid], drift: { missing: [], changed: [], unexpected: [] } });
  });

  test("import of a file holding a private key fails, naming the member, and quotes no key material", async () => {
    const { privateKey } = await jose.generateKeyPair("ES256", { extractable: true });
    const leaked = { ...(await jose.exportJWK(privateKey)), kid: "oops", use: "sig", alg: "ES256" };
    await writeFile(join(dir, "jwks.json"), JSON.stringify({ keys: [leaked] }));
    const error = await provider.read!(`file:${join(dir, "jwks.json")}`, urn("JwkSet", "s"), {}).catch((e: Error & { code: string }) => e);
    expect((error as { code?: string }).code).toBe("ERR_JWKS_IMPORT_UNPUBLISHABLE");
    expect((error as Error).message).toMatch(/keys\[0\]/);
    expect((error as Error).message).not.toContain(leaked.d);
  });
});

test("JwkSet import of a published JWKS (url target, read-only): url:<URL>", async () => {
  const { publicKey } = await jose.generateKeyPair("ES256", { extractable: true });
  const key = { ...(await jose.exportJWK(publicKey)), kid: "idp-1", use: "sig", alg: "ES256" };
  const server = await startJwksServer({ "/.well-known/jwks.json": { body: { keys: [key] } } });
  try {
    const url = server.url("/.well-known/jwks.json");
    const imported = await provider.read!(`url:${url}`, urn("JwkSet", "idp"), {});
    expect(imported.inputs).toEqual({ target: { kind: "url", url }, keys: [key] });
    expect(imported.props).toMatchObject({ kids: ["idp-1"], mode: "additive" });
    expect(server.requests).toEqual(["GET /.well-known/jwks.json"]);
  } finally {
    await server.close();
  }
});

describe("ClientKeyBinding on oidc-provider (RFC 7592)", () => {
  test("create binds the key with the schema's outputs; read with no state imports the binding", async () => {
    const op = await startOidcServer();
    try {
      const { publicKey } = await jose.generateKeyPair("ES256", { extractable: true });
      const foreign = { ...(await jose.exportJWK(publicKey)), kid: "foreign", use: "sig", alg: "ES256" };
      const client = await op.register({
        jwks: { keys: [foreign] },
        token_endpoint_auth_method: "private_key_jwt",
        token_endpoint_auth_signing_alg: "ES256",
      });
      process.env.PLUGIN_UNIT_RAT = client.registrationAccessToken;
      const reference = { kind: "rfc7592", registrationClientUri: client.registrationClientUri, tokenEnv: "PLUGIN_UNIT_RAT" };
      const { outs: key } = await provider.create!(urn("Jwk", "k"), { alg: "ES256" });
      const news = { client: reference, keys: [key.publicJwk], auth: { method: "private_key_jwt", signingAlg: "ES256" } };
      expect((await provider.check!(urn("ClientKeyBinding", "b"), {}, news)).failures).toEqual([]);
      const { outs } = await provider.create!(urn("ClientKeyBinding", "b"), news);
      expectSchemaOutputs("ClientKeyBinding", outs, ["rotatedCredentials"]);
      expect(outs).toMatchObject({ kids: [key.kid], foreignKids: ["foreign"] });
      expect((await op.clientKeys(client.clientId)).map((k) => k.kid).sort()).toEqual([key.kid, "foreign"].sort());

      // The server rotates the registration token on every PUT: the binding keeps the new one as a secret
      // output, and the operator hands it over for the import (as binding-oidc.test.ts does).
      if (outs.rotatedCredentials !== undefined) {
        expect(isRpcSecret(outs.rotatedCredentials)).toBe(true);
        process.env.PLUGIN_UNIT_RAT = unwrapSecrets(outs.rotatedCredentials).PLUGIN_UNIT_RAT;
      }
      const imported = await provider.read!(JSON.stringify(reference), urn("ClientKeyBinding", "adopted"), {});
      expect(imported.inputs.client).toEqual(reference);
      expect(imported.inputs.auth).toEqual({ method: "private_key_jwt", signingAlg: "ES256" });
      expect(imported.inputs.keys.map((k: { kid: string }) => k.kid).sort()).toEqual([key.kid, "foreign"].sort());
      expect(imported.props).toMatchObject({ mode: "additive", foreignKids: [] });
    } finally {
      delete process.env.PLUGIN_UNIT_RAT;
      await op.close();
    }
  });
});
