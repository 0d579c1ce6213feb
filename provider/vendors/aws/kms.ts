/**
 * The `awskms` custody backend: signing keys generated inside AWS KMS (never exportable), read, used and deleted
 * there through `@aws-sdk/client-kms`. URIs and their mapping to KMS: kms-uri.ts; DER to JOSE signatures:
 * ecdsa-der.ts.
 *
 * The SDK is a regular dependency loaded lazily (`require` inside the functions below): a program that holds no
 * key in KMS never loads it. Credentials come only from the SDK's default chain (environment, shared config and
 * the URI's `profile`, SSO, web identity, instance or task role), never from the URI.
 *
 * Rotation (`rotationTrigger`) of a key named by alias: a new key the alias moves to, the previous one scheduled
 * for deletion (kms-rotate.ts). Shared helpers (client, metadata, errors): kms-client.ts.
 *
 * Idempotent creation by alias: the alias is looked up first (a retried create finds the key of the first
 * attempt); CreateKey is sent once, without SDK retries (it has no idempotency token, so a retry after a lost
 * answer would make a second key); an unclear CreateAlias failure is followed by a look-up before anything else,
 * and a key that lost the race for the alias is scheduled for deletion (7 days) while the winner is adopted.
 *
 * @see https://docs.aws.amazon.com/kms/latest/APIReference/API_Sign.html
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
 */
import type * as Kms from "@aws-sdk/client-kms";
import type {
  CustodyBackend,
  CustodyContext,
  CustodyKey,
  CustodyRequest,
  DelayedDeletion,
  KeyRotator,
  KeySigner,
  KeyCreator,
  RotationRefusal,
} from "../../custody/types";
import { derToJose } from "../../custody/signature";
import { AwsKmsCreateUnclearError, AwsKmsError } from "./errors";
import { addressOf, call, client, custodyKey, errorName, isClearRefusal, metadata, reasonOf, scheduleKeyDeletion, sdk } from "./kms-client";
import { kmsRotationRefusal, rotateKmsKey } from "./kms-rotate";
import { AWS_KMS_SCHEME, createKeyInput, kmsKeyId, MAX_RAW_MESSAGE_BYTES, parseAwsKmsUri, type AwsKmsKeyAddress } from "./kms-uri";

async function describe(request: CustodyRequest, context: CustodyContext): Promise<CustodyKey | undefined> {
  const address = addressOf(request);
  const meta = await metadata(address);
  if (!meta) return undefined;
  context.log?.(`awskms: ${kmsKeyId(address)} is ${meta.Arn ?? meta.KeyId} (${meta.KeyState})`);
  return custodyKey(address, meta, request.alg);
}

/**
 * Points the alias at a freshly created key. After an unclear failure, or when another creator got there first,
 * the alias is looked up: the key it names wins, and our own key, if it lost, is scheduled for deletion.
 */
async function bindAlias(
  address: AwsKmsKeyAddress,
  alias: string,
  keyId: string,
  update: boolean,
  context: CustodyContext,
): Promise<string> {
  const { CreateAliasCommand, UpdateAliasCommand, ScheduleKeyDeletionCommand } = sdk();
  try {
    await client(address).send(
      update
        ? new UpdateAliasCommand({ AliasName: alias, TargetKeyId: keyId })
        : new CreateAliasCommand({ AliasName: alias, TargetKeyId: keyId }),
    );
    return keyId;
  } catch (e) {
    if (isClearRefusal(e) && errorName(e) !== "AlreadyExistsException") {
      throw new AwsKmsError(
        alias,
        update ? "UpdateAlias" : "CreateAlias",
        `${reasonOf(e)}; key ${keyId} was created without the alias: schedule its deletion`,
        { cause: e },
      );
    }
    const now = await metadata(address);
    if (now?.KeyId === keyId) return keyId;
    if (!now)
      throw new AwsKmsError(
        alias,
        "CreateAlias",
        `${reasonOf(e)}; key ${keyId} was created without the alias: run again (it will be adopted only through the alias)`,
        { cause: e },
      );
    context.log?.(`awskms: ${alias} names ${now.KeyId} (another creator won): scheduling deletion of ${keyId}`);
    await call(address, "ScheduleKeyDeletion", () =>
      client(address).send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: 7 })),
    );
    return now.KeyId as string;
  }
}

async function create(request: CustodyRequest, context: CustodyContext): Promise<CustodyKey> {
  const address = addressOf(request);
  const existing = await metadata(address);
  if (existing && existing.KeyState !== "PendingDeletion") {
    context.log?.(`awskms: adopting ${existing.Arn ?? existing.KeyId} (${kmsKeyId(address)})`);
    return custodyKey(address, existing, request.alg);
  }
  const alias = address.alias;
  if (alias === undefined) {
    throw new AwsKmsError(
      kmsKeyId(address),
      "DescribeKey",
      existing ? "the key is pending deletion" : "KMS has no such key: to create one, name it by alias=<name>",
    );
  }
  const { CreateKeyCommand } = sdk();
  let created: Kms.CreateKeyCommandOutput;
  try {
    created = await client(address, false).send(new CreateKeyCommand(createKeyInput(address, request.alg) as Kms.CreateKeyCommandInput));
  } catch (e) {
    if (isClearRefusal(e)) throw new AwsKmsError(alias, "CreateKey", reasonOf(e), { cause: e });
    throw new AwsKmsCreateUnclearError(alias, { cause: e });
  }
  const keyId = created.KeyMetadata?.KeyId;
  if (!keyId) throw new AwsKmsError(alias, "CreateKey", "the answer names no key");
  context.log?.(`awskms: created ${created.KeyMetadata?.Arn ?? keyId} (${address.keySpec}); ${existing ? "moving" : "creating"} ${alias}`);
  const winner = await bindAlias(address, alias, keyId, existing !== undefined, context);
  const meta = await metadata(address, winner);
  if (!meta) throw new AwsKmsError(winner, "DescribeKey", "the key just created is not found");
  return custodyKey(address, meta, request.alg);
}

async function sign(request: CustodyRequest, data: Uint8Array, _context: CustodyContext): Promise<Uint8Array> {
  const address = addressOf(request);
  const keyId = kmsKeyId(address);
  if (data.length > MAX_RAW_MESSAGE_BYTES) {
    throw new AwsKmsError(
      keyId,
      "Sign",
      `the signing input is ${data.length} bytes; KMS signs at most ${MAX_RAW_MESSAGE_BYTES} bytes as a raw message (this backend never sends a digest instead): make the JWS smaller`,
    );
  }
  const { SignCommand } = sdk();
  const out = await call(address, "Sign", () =>
    client(address).send(
      new SignCommand({
        KeyId: keyId,
        Message: data,
        MessageType: "RAW",
        SigningAlgorithm: address.signingAlgorithm as Kms.SigningAlgorithmSpec,
      }),
    ),
  );
  if (!out.Signature) throw new AwsKmsError(keyId, "Sign", "the answer holds no signature");
  if (address.ecdsaSize === undefined) return out.Signature;
  try {
    return derToJose(out.Signature, address.ecdsaSize);
  } catch (e) {
    throw new AwsKmsError(keyId, "Sign", reasonOf(e), { cause: e });
  }
}

async function scheduleDeletion(request: CustodyRequest, context: CustodyContext): Promise<string | undefined> {
  const address = addressOf(request);
  // A key adopted by its id or ARN was made by someone else: destroy lets go of it and keeps it. Only a key this
  // package creates (by alias) is scheduled for deletion, after the pending window.
  if (address.alias === undefined) {
    context.log?.(`awskms: ${address.keyId ?? "the key"} was adopted by its id, not created here: it is kept`);
    return undefined;
  }
  const meta = await metadata(address);
  // Already gone: nothing waits.
  if (!meta?.KeyId) return new Date().toISOString();
  return scheduleKeyDeletion(address, meta, context);
}

/** The AWS KMS custody backend (scheme `awskms`). */
export const awsKmsBackend: CustodyBackend & KeyCreator & KeySigner & DelayedDeletion & KeyRotator & RotationRefusal = {
  scheme: AWS_KMS_SCHEME,
  requestFailures(request, path) {
    const parsed = parseAwsKmsUri(request.uri, request.alg, path);
    return Array.isArray(parsed) ? parsed : [];
  },
  describe,
  create,
  sign,
  scheduleDeletion,
  rotateKey: rotateKmsKey,
  rotationRefusal: kmsRotationRefusal,
};
