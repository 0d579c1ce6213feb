/**
 * The awskms custody backend against a real moto server (scripts/ensure-moto.sh; scripts/lib/servers.sh starts it
 * and exports JWK_MOTO_URL, which scripts/test.sh does for every run): create by alias twice gives one key,
 * adoption by ARN, describe, JWS signatures made in KMS (ES256/384/512 converted from DER, RS256) verified by jose
 * with the published JWK, the 4 KiB RAW limit, deletion scheduled with a 7-day window and then reported by describe.
 *
 * Left out on purpose, because moto differs from AWS there and the code must not adapt to it: PS256 (moto's
 * RSASSA-PSS uses the maximum salt length, so an RFC 7518 PS256 signature from it does not verify), MessageType
 * DIGEST (moto hashes again; this backend never sends it), Ed25519 keys (moto has none), messages over 4,096
 * bytes (moto signs them; AWS refuses, and so does this backend before sending), and GetPublicKey's KeySpec
 * (moto returns only the deprecated CustomerMasterKeySpec; this backend reads the key kind from the key itself).
 */
import { randomUUID } from "node:crypto";
import { compactVerify, importJWK } from "jose";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import { prepareMoto } from "./moto";
import { KMSClient } from "@aws-sdk/client-kms";
import { awsKmsBackend } from "../../../provider/vendors/aws/kms";

const MOTO = process.env.JWK_MOTO_URL;
const context = {};

const b64url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A compact JWS signed inside KMS, as the CLI's signing path builds one. */
async function jwsSignedInKms(uri: string, alg: string, kid: string): Promise<string> {
  const input = `${b64url({ alg, kid, typ: "JWT" })}.${b64url({ iss: "client", sub: "client", aud: "https://as.example/token", jti: randomUUID() })}`;
  const signature = await awsKmsBackend.sign({ uri, alg }, new TextEncoder().encode(input), context);
  return `${input}.${Buffer.from(signature).toString("base64url")}`;
}

describe.skipIf(!MOTO)(
  `awskms against moto ${MOTO ? `at ${MOTO}` : "(SKIPPED: JWK_MOTO_URL is unset; run with JWK_SERVERS=moto bash scripts/with-servers.sh npx vitest run test/vendors/aws)"}`,
  () => {
    const uri = (alias: string, extra = "") => `awskms:alias=${alias};region=eu-west-1?endpoint=${MOTO}${extra}`;

    beforeAll(async () => {
      await prepareMoto(MOTO!);
    });
    afterAll(() => vi.unstubAllEnvs());

    test("create by alias twice gives the same key; describe and adoption by ARN read it", async () => {
      const alias = `jwk-test-${randomUUID()}`;
      expect(await awsKmsBackend.describe({ uri: uri(alias), alg: "ES256" }, context)).toBeUndefined();
      const first = await awsKmsBackend.create({ uri: uri(alias), alg: "ES256" }, context);
      const second = await awsKmsBackend.create({ uri: uri(alias), alg: "ES256" }, context);
      expect(second).toEqual(first);
      expect(first.state).toBe("enabled");
      expect(first.reference).toEqual({
        backend: "awskms",
        id: expect.stringMatching(/^arn:aws:kms:eu-west-1:\d{12}:key\/[0-9a-f-]{36}$/),
      });
      expect(first.publicJwk).toEqual({
        kty: "EC",
        crv: "P-256",
        x: expect.any(String),
        y: expect.any(String),
        kid: expect.any(String),
        alg: "ES256",
      });
      expect(Object.keys(first.publicJwk)).not.toContain("d");
      expect(await awsKmsBackend.describe({ uri: uri(alias), alg: "ES256" }, context)).toEqual(first);
      const byArn = `awskms:key-id=${first.reference.id}?endpoint=${MOTO}`;
      expect(await awsKmsBackend.describe({ uri: byArn, alg: "ES256" }, context)).toEqual(first);
      // Adopted by its id, the key is someone else's: destroy keeps it.
      expect(await awsKmsBackend.scheduleDeletion({ uri: byArn, alg: "ES256" }, context)).toBeUndefined();
      expect((await awsKmsBackend.describe({ uri: byArn, alg: "ES256" }, context))?.state).toBe("enabled");
      // The same key under another algorithm's kind is refused, not published.
      await expect(awsKmsBackend.describe({ uri: uri(alias), alg: "ES384" }, context)).rejects.toThrow(
        /the key is an EC P-256 key, which cannot sign ES384/,
      );
    });

    test.each([
      ["ES256", ""],
      ["ES384", ""],
      ["ES512", ""],
      ["RS256", ""],
      ["RS256", "&key-spec=RSA_3072"],
    ])("%s%s: a JWS signed in KMS verifies with jose against the published JWK", async (alg, extra) => {
      const alias = `jwk-test-${randomUUID()}`;
      const created = await awsKmsBackend.create({ uri: uri(alias, extra), alg }, context);
      if (extra.includes("RSA_3072")) expect(Buffer.from(created.publicJwk.n!, "base64url").length * 8).toBe(3072);
      // Several signatures: ECDSA DER integers vary in length (a short r or s must still convert).
      for (let i = 0; i < 8; i++) {
        const jws = await jwsSignedInKms(uri(alias, extra), alg, created.publicJwk.kid);
        const { protectedHeader } = await compactVerify(jws, await importJWK(created.publicJwk, alg));
        expect(protectedHeader.alg).toBe(alg);
      }
    });

    test("a create that loses the race for its alias adopts the winner's key and schedules its own for deletion", async () => {
      const alias = `jwk-test-${randomUUID()}`;
      const winner = await awsKmsBackend.create({ uri: uri(alias), alg: "ES256" }, context);
      // The loser's first look-up ran before the winner's alias existed: it finds nothing, then creates its own key.
      const send = KMSClient.prototype.send;
      let lookups = 0;
      let loserKeyId: string | undefined;
      const spy = vi.spyOn(KMSClient.prototype, "send").mockImplementation(async function (this: KMSClient, command: any, ...rest: any[]) {
        const name = command.constructor.name;
        if (name === "DescribeKeyCommand" && lookups++ === 0)
          throw Object.assign(new Error("Alias not found"), { name: "NotFoundException", $fault: "client" });
        const out = await (send as any).call(this, command, ...rest);
        if (name === "CreateKeyCommand") loserKeyId = out.KeyMetadata.KeyId;
        return out;
      } as any);
      try {
        const adopted = await awsKmsBackend.create({ uri: uri(alias), alg: "ES256" }, context);
        expect(adopted).toEqual(winner);
      } finally {
        spy.mockRestore();
      }
      expect(loserKeyId).toBeDefined();
      const loser = await awsKmsBackend.describe(
        { uri: `awskms:key-id=${loserKeyId};region=eu-west-1?endpoint=${MOTO}`, alg: "ES256" },
        context,
      );
      expect(loser?.state).toBe("pending-deletion");
      expect(loser?.reference.id).not.toBe(winner.reference.id);
    });

    test("a signing input over 4,096 bytes is refused before anything is sent (never signed as a digest)", async () => {
      const alias = `jwk-test-${randomUUID()}`;
      await awsKmsBackend.create({ uri: uri(alias), alg: "ES256" }, context);
      await expect(awsKmsBackend.sign({ uri: uri(alias), alg: "ES256" }, new Uint8Array(4097), context)).rejects.toThrow(
        /the signing input is 4097 bytes; KMS signs at most 4096 bytes as a raw message/,
      );
      expect((await awsKmsBackend.sign({ uri: uri(alias), alg: "ES256" }, new Uint8Array(4096), context)).length).toBe(64);
    });

    test("deletion with a 7-day window reports the date, and describe then says pending-deletion", async () => {
      const alias = `jwk-test-${randomUUID()}`;
      const key = await awsKmsBackend.create({ uri: uri(alias, "&pending-window-days=7"), alg: "ES256" }, context);
      const before = Date.now();
      const date = await awsKmsBackend.scheduleDeletion({ uri: uri(alias, "&pending-window-days=7"), alg: "ES256" }, context);
      expect(date).toBeDefined();
      const days = (Date.parse(date!) - before) / 86_400_000;
      expect(days).toBeGreaterThan(6.9);
      expect(days).toBeLessThan(7.1);
      const described = await awsKmsBackend.describe({ uri: uri(alias), alg: "ES256" }, context);
      expect(described).toMatchObject({ state: "pending-deletion", deletionDate: date, reference: key.reference });
      // Scheduling again reports the same date (KMS refuses a second ScheduleKeyDeletion; nothing is sent).
      expect(await awsKmsBackend.scheduleDeletion({ uri: uri(alias, "&pending-window-days=7"), alg: "ES256" }, context)).toBe(date);
      // A later create under the same alias makes a new key and moves the alias to it.
      const again = await awsKmsBackend.create({ uri: uri(alias), alg: "ES256" }, context);
      expect(again.state).toBe("enabled");
      expect(again.reference.id).not.toBe(key.reference.id);
      expect(await awsKmsBackend.describe({ uri: uri(alias), alg: "ES256" }, context)).toEqual(again);
    });
  },
);
