/**
 * The vault-kv custody backend against a real OpenBao dev server (JWK_OPENBAO_ADDR, JWK_OPENBAO_TOKEN, started by
 * scripts/lib/servers.sh; KV v2 is mounted at secret/ in dev mode; the test fails, not skips, without it):
 * check-and-set creates once (a retried create adopts the first key, one version), a key moved in twice is one
 * version, another key at the path is refused, a soft-deleted latest version is reported and refused, signing
 * from the stored key verifies, destroy keeps the secret unless on-destroy=delete.
 */
import { randomUUID } from "node:crypto";
import { compactVerify, importJWK } from "jose";
import { describe, expect, test } from "vitest";
import { vaultKvBackend as backend } from "../../../provider/vendors/vault/kv";
import { custodyBackend, custodyFailures } from "../../../provider/registry/custody";
import { generateKey } from "../../../provider/core/keys/material";
import { jwkThumbprint } from "../../../provider/core/keys/thumbprint";
import { createJwk, updateJwk } from "../../../provider/resources/jwk/logic";

const ADDR = process.env.JWK_OPENBAO_ADDR;
const TOKEN = process.env.JWK_OPENBAO_TOKEN;
const context = {};
const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");

test("vault-kv URIs: what is wrong is named, never a value", () => {
  const reasons = (uri: string) =>
    custodyFailures({ uri, alg: "ES256" }, "keyUri")
      .map((f) => f.reason)
      .join(" | ");
  expect(custodyBackend("vault-kv:path=jwk/a?address=http://127.0.0.1:8200")).toBe(backend);
  expect(reasons("vault-kv:path=jwk/a?address=http://127.0.0.1:8200")).toBe("");
  expect(reasons("vault-kv:mount=secret?address=http://127.0.0.1:8200")).toMatch(/needs path=/);
  expect(reasons("vault-kv:path=jwk/a")).toMatch(/needs \?address=/);
  expect(reasons("vault-kv:path=../a?address=http://127.0.0.1:8200")).toMatch(/path must be names/);
  expect(reasons("vault-kv:path=a?address=http://127.0.0.1:8200&on-destroy=destroy")).toMatch(/on-destroy must be/);
  expect(reasons("vault-kv:path=a?address=http://127.0.0.1:8200&token=s.PASTED")).toMatch(/"token" would put a secret/);
  expect(reasons("vault-kv:path=a?address=http://127.0.0.1:8200&token=s.PASTED")).not.toMatch(/PASTED/);
  // Any algorithm of the package: the key is generated here.
  expect(custodyFailures({ uri: "vault-kv:path=a?address=http://127.0.0.1:8200", alg: "ECDH-ES", crv: "X25519" }, "keyUri")).toEqual([]);
});

if (!ADDR || !TOKEN)
  test("vault-kv against OpenBao", () => {
    throw new Error(
      "JWK_OPENBAO_ADDR / JWK_OPENBAO_TOKEN are unset: run with JWK_SERVERS=openbao bash scripts/with-servers.sh npx vitest run test/vendors/vault",
    );
  });
else
  describe(`vault-kv against OpenBao at ${ADDR}`, () => {
    const uri = (path: string, extra = "") => `vault-kv:path=${path}?address=${ADDR}&token-source=env:JWK_OPENBAO_TOKEN${extra}`;
    const kv = async (method: string, path: string, body?: unknown) => {
      const r = await fetch(`${ADDR}/v1/secret/${path}`, {
        method,
        headers: { "X-Vault-Token": TOKEN, "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: r.status, body: r.status === 204 ? undefined : ((await r.json()) as any) };
    };

    test("create writes the private JWK with cas=0 once; a retried create adopts it (version 1); describe gives the public half", async () => {
      const path = `jwk/${randomUUID()}`;
      expect(await backend.describe({ uri: uri(path), alg: "ES256" }, context)).toBeUndefined();
      const first = await backend.create({ uri: uri(path), alg: "ES256" }, context);
      expect(first).toMatchObject({ reference: { backend: "vault-kv", id: `secret/data/${path}`, version: "1" }, state: "enabled" });
      expect(Object.keys(first.publicJwk).sort()).toEqual(["crv", "kid", "kty", "x", "y"]);
      expect(await backend.create({ uri: uri(path), alg: "ES256" }, context)).toEqual(first);
      const stored = await kv("GET", `data/${path}`);
      expect(stored.body.data.metadata.version).toBe(1);
      expect(stored.body.data.data.alg).toBe("ES256");
      expect(jwkThumbprint(stored.body.data.data)).toBe(first.publicJwk.kid);
      await expect(backend.create({ uri: uri(path), alg: "RS256" }, context)).rejects.toThrow(/cannot serve RS256/);
    });

    test("importKey writes the given key once; another key at the path is refused; a write over a newer version fails check-and-set", async () => {
      const path = `jwk/${randomUUID()}`;
      const key = await generateKey({ alg: "EdDSA" });
      const first = await backend.importKey({ uri: uri(path), alg: "EdDSA" }, key, context);
      expect(first.publicJwk.kid).toBe(jwkThumbprint(key));
      expect(await backend.importKey({ uri: uri(path), alg: "EdDSA" }, key, context)).toEqual(first);
      expect((await kv("GET", `metadata/${path}`)).body.data.current_version).toBe(1);
      await expect(backend.importKey({ uri: uri(path), alg: "EdDSA" }, await generateKey({ alg: "EdDSA" }), context)).rejects.toMatchObject(
        {
          code: "ERR_JWKS_CUSTODY_KEY_CONFLICT",
        },
      );
      // What cas=0 guards against: a second writer with another key.
      expect((await kv("POST", `data/${path}`, { options: { cas: 0 }, data: { kty: "x" } })).status).toBe(400);
    });

    test("a soft-deleted latest version is reported disabled and refused; a new value is another public half; destroy keeps unless on-destroy=delete", async () => {
      const path = `jwk/${randomUUID()}`;
      const first = await backend.create({ uri: uri(path), alg: "ES256" }, context);
      expect(await backend.deleteIfAsked({ uri: uri(path), alg: "ES256" }, context)).toMatch(/kept in vault-kv at secret\/data\//);
      expect((await kv("GET", `data/${path}`)).status).toBe(200);

      const other = await generateKey({ alg: "ES256" });
      await kv("POST", `data/${path}`, { data: { ...other, alg: "ES256" } });
      const changed = await backend.describe({ uri: uri(path), alg: "ES256" }, context);
      expect(changed?.publicJwk?.kid).toBe(jwkThumbprint(other));
      expect(changed?.publicJwk?.kid).not.toBe(first.publicJwk.kid);

      expect(await backend.deleteIfAsked({ uri: uri(path, "&on-destroy=delete"), alg: "ES256" }, context)).toMatch(
        /version \(2\) .* is soft-deleted; recoverable with bao kv undelete -mount=secret -versions=2/,
      );
      expect(await backend.describe({ uri: uri(path), alg: "ES256" }, context)).toEqual({
        reference: { backend: "vault-kv", id: `secret/data/${path}`, version: "2" },
        state: "disabled",
      });
      await expect(backend.create({ uri: uri(path), alg: "ES256" }, context)).rejects.toThrow(/soft-deleted: undelete it/);
      // Destroyed (not recoverable): gone; a create writes a new version over it with cas.
      await kv("POST", `destroy/${path}`, { versions: [2] });
      expect(await backend.describe({ uri: uri(path), alg: "ES256" }, context)).toBeUndefined();
      const recreated = await backend.create({ uri: uri(path), alg: "ES256" }, context);
      expect(recreated.reference.version).toBe("3");
    });

    test.each(["ES256", "RS256", "PS384", "EdDSA"])("sign %s: a JWS from the stored key verifies with the public half", async (alg) => {
      const path = `jwk/${randomUUID()}`;
      const key = await backend.create({ uri: uri(path), alg }, context);
      const input = `${b64url({ alg, kid: key.publicJwk.kid })}.${b64url({ iss: "client", jti: randomUUID() })}`;
      const signature = await backend.sign({ uri: uri(path), alg }, new TextEncoder().encode(input), context);
      const verified = await compactVerify(`${input}.${Buffer.from(signature).toString("base64url")}`, await importJWK(key.publicJwk, alg));
      expect(verified.protectedHeader.alg).toBe(alg);
    });
  });

if (ADDR && TOKEN)
  test("a Jwk kept in state moves into vault-kv: the same key written there, same kid and public JWK, no private half left in the outputs", async () => {
    const keyUri = `vault-kv:path=jwk/${randomUUID()}?address=${ADDR}&token-source=env:JWK_OPENBAO_TOKEN`;
    const inState = await createJwk({ alg: "ES256", keyOps: ["sign", "verify"] });
    const moved = await updateJwk(inState, { alg: "ES256", keyOps: ["sign", "verify"], keyUri });
    expect(moved.kid).toBe(inState.kid);
    expect(moved.publicJwk).toEqual(inState.publicJwk);
    expect(moved.privateJwk).toBeUndefined();
    expect(moved.keyReference).toMatchObject({ backend: "vault-kv", version: "1" });
    expect((await backend.describe({ uri: keyUri, alg: "ES256" }, context))?.publicJwk?.kid).toBe(inState.kid);
    // A retried move (the engine re-running update) writes nothing new.
    expect(await updateJwk(inState, { alg: "ES256", keyOps: ["sign", "verify"], keyUri })).toEqual(moved);
  });
