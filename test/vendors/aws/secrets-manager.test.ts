/**
 * The awssm custody backend against a real moto server (JWK_MOTO_URL, started by scripts/lib/servers.sh; the
 * test fails, not skips, without it): a create retried finds the first key (one secret, one version); a key moved
 * in twice makes one version (ClientRequestToken derived from name and key); another key at the name is refused;
 * the secret holds the private JWK, state-side answers only the public half; JWS signatures made from the stored
 * key verify (signing is local, so moto's KMS deviations do not apply); deletion is scheduled after the recovery
 * window and then reported as pending deletion.
 */
import { randomUUID } from "node:crypto";
import { compactVerify, importJWK, type JWK } from "jose";
import { beforeAll, describe, expect, test } from "vitest";
import { prepareMoto } from "./moto";
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  ListSecretVersionIdsCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from "@aws-sdk/client-secrets-manager";
import { awsSecretsManagerBackend as backend, clientRequestToken } from "../../../provider/vendors/aws/secrets-manager";
import { parseSecretsManagerUri } from "../../../provider/vendors/aws/secrets-manager-uri";
import { generateKey } from "../../../provider/core/keys/material";
import { jwkThumbprint } from "../../../provider/core/keys/thumbprint";
import { custodyBackend } from "../../../provider/registry/custody";

const MOTO = process.env.JWK_MOTO_URL;
const context = {};
const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");

test("awssm URIs: what is wrong is named, never a value", () => {
  expect(parseSecretsManagerUri("awssm:name=jwk/signing;region=eu-west-1?recovery-window-days=7", "keyUri")).toEqual({
    name: "jwk/signing",
    region: "eu-west-1",
    recoveryWindowDays: 7,
  });
  const reasons = (uri: string) => (parseSecretsManagerUri(uri, "keyUri") as { reason: string }[]).map((f) => f.reason).join(" | ");
  expect(reasons("awssm:region=eu-west-1")).toMatch(/names no secret/);
  expect(reasons("awssm:name=a")).toMatch(/names no region/);
  expect(reasons("awssm:name=a;region=eu-west-1?recovery-window-days=3")).toMatch(/from 7 to 30/);
  expect(reasons("awssm:name=a;region=eu-west-1?endpoint=http://moto.example")).toMatch(/loopback/);
  expect(reasons("awssm:name=a;region=eu-west-1?secret-access-key=AKIAXXXXSECRET")).toMatch(/"secret-access-key" would put a secret/);
  expect(reasons("awssm:name=a;region=eu-west-1?secret-access-key=AKIAXXXXSECRET")).not.toMatch(/AKIAXXXXSECRET/);
  expect(reasons("awssm:name=arn:aws:secretsmanager:x;region=eu-west-1")).toMatch(/not an ARN/);
  expect(custodyBackend("awssm:name=a;region=eu-west-1")).toBe(backend);
});

if (!MOTO)
  test("awssm against moto", () => {
    throw new Error("JWK_MOTO_URL is unset: run with JWK_SERVERS=moto bash scripts/with-servers.sh npx vitest run test/vendors/aws");
  });
else
  describe(`awssm against moto at ${MOTO}`, () => {
    const uri = (name: string, extra = "") => `awssm:name=${name};region=eu-west-1?endpoint=${MOTO}${extra}`;
    const sm = () => new SecretsManagerClient({ region: "eu-west-1", endpoint: MOTO });

    beforeAll(async () => {
      await prepareMoto(MOTO);
    });

    test("create writes a private JWK to a new secret once; a retried create adopts it (one version); describe gives the public half", async () => {
      const name = `jwk/${randomUUID()}`;
      expect(await backend.describe({ uri: uri(name), alg: "ES256" }, context)).toBeUndefined();
      const first = await backend.create({ uri: uri(name), alg: "ES256" }, context);
      expect(first.state).toBe("enabled");
      expect(first.reference.backend).toBe("awssm");
      expect(first.reference.id).toMatch(/^arn:aws:secretsmanager:eu-west-1:\d{12}:secret:jwk\//);
      expect(first.reference.version).toMatch(/.+/);
      expect(Object.keys(first.publicJwk).sort()).toEqual(["crv", "kid", "kty", "x", "y"]);
      const again = await backend.create({ uri: uri(name), alg: "ES256" }, context);
      expect(again).toEqual(first);
      expect(await backend.describe({ uri: uri(name), alg: "ES256" }, context)).toEqual(first);
      const versions = await sm().send(new ListSecretVersionIdsCommand({ SecretId: name }));
      expect(versions.Versions?.length).toBe(1);
      const stored = JSON.parse((await sm().send(new GetSecretValueCommand({ SecretId: name }))).SecretString!) as JWK;
      expect(stored.alg).toBe("ES256");
      expect(typeof stored.d).toBe("string");
      expect(jwkThumbprint(stored)).toBe(first.publicJwk.kid);
      // A key of another kind at the name is not adopted for this algorithm.
      await expect(backend.create({ uri: uri(name), alg: "RS256" }, context)).rejects.toThrow(/cannot serve RS256/);
    });

    test("importKey writes the given key; twice is one version (client request token); another key at the name is refused", async () => {
      const name = `jwk/${randomUUID()}`;
      const key = await generateKey({ alg: "RS256" });
      const first = await backend.importKey({ uri: uri(name), alg: "RS256" }, key, context);
      expect(first.publicJwk.kid).toBe(jwkThumbprint(key));
      expect(await backend.importKey({ uri: uri(name), alg: "RS256" }, key, context)).toEqual(first);
      expect((await sm().send(new ListSecretVersionIdsCommand({ SecretId: name }))).Versions?.length).toBe(1);
      const other = await generateKey({ alg: "RS256" });
      await expect(backend.importKey({ uri: uri(name), alg: "RS256" }, other, context)).rejects.toMatchObject({
        code: "ERR_JWKS_CUSTODY_KEY_CONFLICT",
      });
    });

    test("an existing secret without a value gets the key as its first version; a repeat of that write with the same token makes no second one", async () => {
      const name = `jwk/${randomUUID()}`;
      await sm().send(new CreateSecretCommand({ Name: name }));
      const key = await generateKey({ alg: "ES256" });
      const written = await backend.importKey({ uri: uri(name), alg: "ES256" }, key, context);
      // What an SDK or engine retry of the same write sends: the same token and value.
      const token = clientRequestToken(name, jwkThumbprint(key));
      const stored = (await sm().send(new GetSecretValueCommand({ SecretId: name }))).SecretString!;
      const repeat = await sm().send(new PutSecretValueCommand({ SecretId: name, SecretString: stored, ClientRequestToken: token }));
      expect(repeat.VersionId).toBe(written.reference.version);
      expect((await sm().send(new ListSecretVersionIdsCommand({ SecretId: name }))).Versions?.length).toBe(1);
      expect(clientRequestToken(name, jwkThumbprint(await generateKey({ alg: "ES256" })))).not.toBe(token);
    });

    test("a value changed out of band is another public half; deletion waits the recovery window and is then reported", async () => {
      const name = `jwk/${randomUUID()}`;
      const first = await backend.create({ uri: uri(name, "&recovery-window-days=7"), alg: "ES256" }, context);
      const other = await generateKey({ alg: "ES256" });
      await sm().send(new PutSecretValueCommand({ SecretId: name, SecretString: JSON.stringify({ ...other, alg: "ES256" }) }));
      const changed = await backend.describe({ uri: uri(name), alg: "ES256" }, context);
      expect(changed?.publicJwk?.kid).toBe(jwkThumbprint(other));
      expect(changed?.publicJwk?.kid).not.toBe(first.publicJwk.kid);

      const before = Date.now();
      const when = await backend.scheduleDeletion({ uri: uri(name, "&recovery-window-days=7"), alg: "ES256" }, context);
      const days = (Date.parse(when!) - before) / 86_400_000;
      expect(days).toBeGreaterThan(6.9);
      expect(days).toBeLessThan(7.1);
      expect(await backend.describe({ uri: uri(name), alg: "ES256" }, context)).toEqual({
        reference: { backend: "awssm", id: first.reference.id },
        state: "pending-deletion",
      });
      await expect(backend.create({ uri: uri(name), alg: "ES256" }, context)).rejects.toThrow(/scheduled for deletion: restore it/);
      await expect(backend.sign({ uri: uri(name), alg: "ES256" }, new Uint8Array(1), context)).rejects.toThrow(/scheduled for deletion/);
    });

    test.each(["ES256", "ES384", "ES512", "RS256", "PS256", "EdDSA"])(
      "sign %s: a JWS from the stored key verifies with the public half",
      async (alg) => {
        const name = `jwk/${randomUUID()}`;
        const key = await backend.create({ uri: uri(name), alg }, context);
        const input = `${b64url({ alg, kid: key.publicJwk.kid })}.${b64url({ iss: "client", jti: randomUUID() })}`;
        const signature = await backend.sign({ uri: uri(name), alg }, new TextEncoder().encode(input), context);
        const jws = `${input}.${Buffer.from(signature).toString("base64url")}`;
        const verified = await compactVerify(jws, await importJWK(key.publicJwk, alg));
        expect(verified.protectedHeader.alg).toBe(alg);
      },
    );
  });
