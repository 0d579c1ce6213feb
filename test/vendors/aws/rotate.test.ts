/**
 * `rotationTrigger` on a `Jwk` in AWS custody, against a real moto server (JWK_MOTO_URL, started by
 * scripts/lib/servers.sh; the test fails, not skips, without it):
 *
 * - awssm: a changed trigger is an update writing a new key as the secret's next version (new kid); AWSCURRENT
 *   moves to it and the previous version keeps AWSPREVIOUS; a retried rotation (the engine repeating the update
 *   with the old state), and two rotations from one version at once (the ClientRequestToken), make one version;
 *   the stored key signs and verifies with the new public JWK.
 * - awskms by alias: a new KMS key (tagged with the alias and the key it replaces), the alias moved to it, the
 *   previous key pending deletion after the URI's window and reported so; a retry makes no second key; a key
 *   created by an attempt that died before UpdateAlias is adopted, not made again; KMS signs with the new key.
 * - awskms by key id: refused at preview, naming the fix (alias=).
 *
 * Left out on purpose (moto differs from AWS; the code does not adapt): PS256 verification, Ed25519, DIGEST.
 * Only ES256 is signed here. Whether KMS refuses Sign with the previous key pending deletion is AWS's contract,
 * not checked on moto.
 */
import { randomUUID } from "node:crypto";
import { compactVerify, importJWK } from "jose";
import { beforeAll, describe, expect, test, vi } from "vitest";
import { prepareMoto } from "./moto";
import { CreateKeyCommand, DescribeKeyCommand, KMSClient, ListKeysCommand, ListResourceTagsCommand } from "@aws-sdk/client-kms";
import { ListSecretVersionIdsCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { createJwk, diffJwk, jwkInputFailures, updateJwk, type JwkOutputs } from "../../../provider/resources/jwk/logic";
import { custodyBackend } from "../../../provider/registry/custody";
import { canRotate, canSign } from "../../../provider/custody/types";
import { createKeyInput, parseAwsKmsUri, type AwsKmsKeyAddress } from "../../../provider/vendors/aws/kms-uri";

const MOTO = process.env.JWK_MOTO_URL;
const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A compact JWS signed where the key lives, checked against the published public JWK. */
async function signsAndVerifies(keyUri: string, outs: JwkOutputs): Promise<void> {
  const input = `${b64url({ alg: "ES256", kid: outs.kid })}.${b64url({ sub: "client", jti: randomUUID() })}`;
  const backend = custodyBackend(keyUri);
  if (!canSign(backend)) throw new Error(`${backend.scheme} cannot sign`);
  const signature = await backend.sign({ uri: keyUri, alg: "ES256" }, new TextEncoder().encode(input), {});
  const jws = `${input}.${Buffer.from(signature).toString("base64url")}`;
  await compactVerify(jws, await importJWK(outs.publicJwk, "ES256"));
}

test("awskms: a key named by key-id refuses rotationTrigger at preview, naming alias= as the fix; one named by alias takes it", async () => {
  const reasons = async (keyUri: string) => (await jwkInputFailures({ alg: "ES256", keyUri, rotationTrigger: 1 })).map((f) => f.reason);
  expect(await reasons("awskms:key-id=1234abcd-12ab-34cd-56ef-1234567890ab;region=eu-west-1")).toEqual([
    expect.stringMatching(/^cannot rotate an awskms key named by key-id: .* Name the key by alias= instead/),
  ]);
  expect(await reasons("awskms:alias=jwk-signing;region=eu-west-1")).toEqual([]);
  expect(await reasons("awssm:name=jwk/signing;region=eu-west-1")).toEqual([]);
  expect(canRotate(custodyBackend("awssm:name=a;region=eu-west-1"))).toBe(true);
});

if (!MOTO)
  test("AWS custody rotation against moto", () => {
    throw new Error("JWK_MOTO_URL is unset: run with JWK_SERVERS=moto bash scripts/with-servers.sh npx vitest run " + __filename);
  });
else
  describe(`rotationTrigger in AWS custody against moto at ${MOTO}`, () => {
    beforeAll(async () => {
      await prepareMoto(MOTO);
      return () => vi.unstubAllEnvs();
    });

    test("awssm: a new key as the secret's next version; AWSPREVIOUS keeps the old one; retries make one version", async () => {
      const name = `jwk/rot-${randomUUID()}`;
      const keyUri = `awssm:name=${name};region=eu-west-1?endpoint=${MOTO}`;
      const sm = new SecretsManagerClient({ region: "eu-west-1", endpoint: MOTO });
      const versions = async () => (await sm.send(new ListSecretVersionIdsCommand({ SecretId: name }))).Versions ?? [];

      const first = await createJwk({ alg: "ES256", keyUri, rotationTrigger: "2026-q1" });
      const news = { alg: "ES256", keyUri, rotationTrigger: "2026-q2" };
      expect(await diffJwk(first, news)).toEqual({ changes: true, replaces: [] });
      const reported: string[] = [];
      const rotated = await updateJwk(first, news, Date.now(), (m) => void reported.push(m));
      expect(rotated.kid).not.toBe(first.kid);
      expect(rotated.keyReference).toEqual({ ...first.keyReference, version: expect.any(String) });
      expect(rotated.keyReference?.version).not.toBe(first.keyReference?.version);
      expect("privateJwk" in rotated).toBe(false);
      expect(reported).toEqual([expect.stringMatching(/the previous key: version \S+ of secret jwk\/rot-\S+ stays as AWSPREVIOUS/)]);
      const stages = Object.fromEntries((await versions()).map((v) => [v.VersionId, v.VersionStages]));
      expect(stages).toEqual({ [first.keyReference!.version!]: ["AWSPREVIOUS"], [rotated.keyReference!.version!]: ["AWSCURRENT"] });

      await signsAndVerifies(keyUri, rotated);

      // The engine retries an update whose answer was lost with the old state: the secret is past that version.
      expect((await updateJwk(first, news)).kid).toBe(rotated.kid);
      // Two rotations from one version at once: one ClientRequestToken, so one new version.
      const backend = custodyBackend(keyUri);
      if (!canRotate(backend)) throw new Error(`${backend.scheme} cannot rotate`);
      const both = await Promise.all([1, 2].map(() => backend.rotateKey({ uri: keyUri, alg: "ES256" }, rotated.keyReference!, {})));
      expect(both[0]!.publicJwk.kid).toBe(both[1]!.publicJwk.kid);
      expect(await versions()).toHaveLength(3);
    });

    describe("awskms by alias", () => {
      const kms = new KMSClient({ region: "eu-west-1", endpoint: MOTO });
      const state = async (keyId: string) => (await kms.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
      /** Keys tagged as replacing `arn`. */
      const replacing = async (arn: string) => {
        const found: string[] = [];
        for (const k of (await kms.send(new ListKeysCommand({}))).Keys ?? []) {
          const tags = (await kms.send(new ListResourceTagsCommand({ KeyId: k.KeyId! }))).Tags ?? [];
          if (tags.some((t) => t.TagKey === "pulumi-jwk:replaces" && t.TagValue === arn)) found.push(k.KeyArn!);
        }
        return found;
      };

      test("a new key the alias moves to (new kid, KMS signs with it); the previous key pending deletion, reported; a retry makes no second key", async () => {
        const keyUri = `awskms:alias=jwk-rot-${randomUUID()};region=eu-west-1?endpoint=${MOTO}&pending-window-days=7`;
        const first = await createJwk({ alg: "ES256", keyUri, rotationTrigger: 1 });
        const news = { alg: "ES256", keyUri, rotationTrigger: 2 };
        expect(await diffJwk(first, news)).toEqual({ changes: true, replaces: [] });
        const reported: string[] = [];
        const rotated = await updateJwk(first, news, Date.now(), (m) => void reported.push(m));
        expect(rotated.kid).not.toBe(first.kid);
        expect(rotated.keyReference?.id).toMatch(/^arn:aws:kms:eu-west-1:\d{12}:key\//);
        expect(rotated.keyReference?.id).not.toBe(first.keyReference?.id);
        const old = await state(first.keyReference!.id);
        expect(old.KeyState).toBe("PendingDeletion");
        const days = (old.DeletionDate!.getTime() - Date.now()) / 86_400_000;
        expect(days).toBeGreaterThan(6.9);
        expect(days).toBeLessThan(7.1);
        expect(reported).toEqual([
          expect.stringMatching(
            new RegExp(
              `the previous key: the key ${first.keyReference!.id} is scheduled for deletion on ${old.DeletionDate!.toISOString()}`,
            ),
          ),
        ]);
        await signsAndVerifies(keyUri, rotated);

        // A retry with the old state: the alias names another key already; no second key, the old one stays pending.
        const retried = await updateJwk(first, news);
        expect(retried.kid).toBe(rotated.kid);
        expect(await replacing(first.keyReference!.id)).toEqual([rotated.keyReference!.id]);
        expect((await state(first.keyReference!.id)).DeletionDate).toEqual(old.DeletionDate);
      });

      test("an attempt that died between CreateKey and UpdateAlias is finished: its tagged key is adopted, none created", async () => {
        const keyUri = `awskms:alias=jwk-rot-${randomUUID()};region=eu-west-1?endpoint=${MOTO}&pending-window-days=7`;
        const first = await createJwk({ alg: "ES256", keyUri, rotationTrigger: 1 });
        const address = parseAwsKmsUri(keyUri, "ES256", "keyUri") as AwsKmsKeyAddress;
        const orphan = await kms.send(new CreateKeyCommand(createKeyInput(address, "ES256", first.keyReference!.id) as never));
        const rotated = await updateJwk(first, { alg: "ES256", keyUri, rotationTrigger: 2 });
        expect(rotated.keyReference?.id).toBe(orphan.KeyMetadata!.Arn);
        expect(await replacing(first.keyReference!.id)).toEqual([orphan.KeyMetadata!.Arn]);
        expect((await state(first.keyReference!.id)).KeyState).toBe("PendingDeletion");
      });
    });
  });
