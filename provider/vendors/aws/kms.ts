/**
 * The `awskms` custody backend: signing keys generated inside AWS KMS (never exportable), read, used and deleted
 * there through `@aws-sdk/client-kms`. URIs and their mapping to KMS: kms-uri.ts; DER to JOSE signatures:
 * ecdsa-der.ts.
 *
 * The SDK is a regular dependency loaded lazily (`require` inside the functions below): a program that holds no
 * key in KMS never loads it. Credentials come only from the SDK's default chain (environment, shared config and
 * the URI's `profile`, SSO, web identity, instance or task role), never from the URI.
 *
 * Idempotent creation by alias: the alias is looked up first (a retried create finds the key of the first
 * attempt); CreateKey is sent once, without SDK retries (it has no idempotency token, so a retry after a lost
 * answer would make a second key); an unclear CreateAlias failure is followed by a look-up before anything else,
 * and a key that lost the race for the alias is scheduled for deletion (7 days) while the winner is adopted.
 *
 * @see https://docs.aws.amazon.com/kms/latest/APIReference/API_Sign.html
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/key-state.html
 */
import { createPublicKey } from "node:crypto";
import type * as Kms from "@aws-sdk/client-kms";
import { JwkInputError } from "../../errors";
import type { PublicJwk } from "../../core/keys/material";
import { jwkThumbprint } from "../../core/keys/thumbprint";
import type {
  CustodyBackend,
  CustodyContext,
  CustodyKey,
  CustodyRequest,
  DelayedDeletion,
  KeySigner,
  KeyCreator,
} from "../../custody/types";
import { derToJose } from "../../custody/signature";
import { AwsKmsCreateUnclearError, AwsKmsError } from "./errors";
import {
  AWS_KMS_SCHEME,
  createKeyInput,
  jwkMatches,
  kmsKeyId,
  MAX_RAW_MESSAGE_BYTES,
  parseAwsKmsUri,
  type AwsKmsKeyAddress,
} from "./kms-uri";

const sdk = (): typeof Kms => require("@aws-sdk/client-kms") as typeof Kms;

/** Clients by region, endpoint, profile and retry policy: one per combination per process. */
const clients = new Map<string, Kms.KMSClient>();

function client(address: AwsKmsKeyAddress, retries = true): Kms.KMSClient {
  const key = JSON.stringify([address.region, address.endpoint, address.profile, retries]);
  let c = clients.get(key);
  if (!c) {
    const config: Kms.KMSClientConfig = { region: address.region };
    if (address.endpoint !== undefined) config.endpoint = address.endpoint;
    if (address.profile !== undefined) config.profile = address.profile;
    if (!retries) config.maxAttempts = 1;
    c = new (sdk().KMSClient)(config);
    clients.set(key, c);
  }
  return c;
}

/** The address a request names, or the input error listing everything wrong with its URI. */
function addressOf(request: CustodyRequest): AwsKmsKeyAddress {
  const parsed = parseAwsKmsUri(request.uri, request.alg, "keyUri");
  if (Array.isArray(parsed)) throw new JwkInputError(parsed);
  return parsed;
}

const errorName = (e: unknown): string | undefined => (e instanceof Error ? e.name : undefined);

/** Whether KMS answered clearly (a 4xx service error: the request was refused, nothing changed). */
function isClearRefusal(e: unknown): boolean {
  const fault = (e as { $fault?: unknown } | null)?.$fault;
  return fault === "client";
}

const reasonOf = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

async function call<T>(address: AwsKmsKeyAddress, operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw new AwsKmsError(kmsKeyId(address), operation, reasonOf(e), { cause: e });
  }
}

const STATES: Record<string, CustodyKey["state"]> = {
  Enabled: "enabled",
  PendingDeletion: "pending-deletion",
  PendingReplicaDeletion: "pending-deletion",
};

/** DescribeKey: the key's metadata, or undefined when KMS has no such key or alias. */
async function metadata(address: AwsKmsKeyAddress, keyId = kmsKeyId(address)): Promise<Kms.KeyMetadata | undefined> {
  const { DescribeKeyCommand } = sdk();
  try {
    const out = await client(address).send(new DescribeKeyCommand({ KeyId: keyId }));
    return out.KeyMetadata;
  } catch (e) {
    if (errorName(e) === "NotFoundException") return undefined;
    throw new AwsKmsError(keyId, "DescribeKey", reasonOf(e), { cause: e });
  }
}

/** The public JWK of a KMS key (GetPublicKey's DER SPKI), checked against the algorithm. */
async function publicJwk(address: AwsKmsKeyAddress, keyId: string, alg: string): Promise<PublicJwk> {
  const { GetPublicKeyCommand } = sdk();
  const out = await call(address, "GetPublicKey", () => client(address).send(new GetPublicKeyCommand({ KeyId: keyId })));
  if (!out.PublicKey) throw new AwsKmsError(keyId, "GetPublicKey", "the answer holds no public key");
  const jwk = createPublicKey({ key: Buffer.from(out.PublicKey), format: "der", type: "spki" }).export({ format: "jwk" });
  if (!jwkMatches(jwk, alg)) {
    const kind = jwk.kty === "EC" ? `an EC ${String(jwk.crv)} key` : `a ${String(jwk.kty)} key`;
    throw new AwsKmsError(keyId, "GetPublicKey", `the key is ${kind}, which cannot sign ${alg}: name a key of that kind, or change alg`);
  }
  const members = jwk.kty === "EC" ? { kty: "EC", crv: jwk.crv, x: jwk.x, y: jwk.y } : { kty: "RSA", n: jwk.n, e: jwk.e };
  // kid: the RFC 7638 thumbprint (the resource may publish another kid it was given).
  return { ...members, kid: jwkThumbprint(members), alg };
}

/** The key as CustodyKey, from its metadata. */
async function custodyKey(address: AwsKmsKeyAddress, meta: Kms.KeyMetadata, alg: string): Promise<CustodyKey> {
  const id = meta.Arn ?? meta.KeyId;
  if (!id) throw new AwsKmsError(kmsKeyId(address), "DescribeKey", "the answer names no key");
  if (meta.KeyUsage !== undefined && meta.KeyUsage !== "SIGN_VERIFY") {
    throw new AwsKmsError(id, "DescribeKey", `the key's usage is ${meta.KeyUsage}, not SIGN_VERIFY: it cannot sign`);
  }
  const state = STATES[meta.KeyState ?? ""] ?? "disabled";
  let jwk: PublicJwk;
  try {
    jwk = await publicJwk(address, id, alg);
  } catch (e) {
    // AWS refuses GetPublicKey for a disabled key or one pending deletion (moto serves it): say which state.
    if (state === "enabled") throw e;
    const when = meta.DeletionDate ? `, to be deleted on ${meta.DeletionDate.toISOString()}` : "";
    throw new AwsKmsError(
      id,
      "GetPublicKey",
      `the key is ${meta.KeyState ?? "not enabled"}${when}, and KMS gives no public key in that state`,
      { cause: e },
    );
  }
  const key: CustodyKey = { publicJwk: jwk, reference: { backend: AWS_KMS_SCHEME, id }, state };
  if (meta.DeletionDate) key.deletionDate = meta.DeletionDate.toISOString();
  return key;
}

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
  if (meta.KeyState === "PendingDeletion" && meta.DeletionDate) return meta.DeletionDate.toISOString();
  const { ScheduleKeyDeletionCommand } = sdk();
  // ScheduleKeyDeletion takes a key id or ARN, not an alias.
  const keyId = meta.KeyId;
  const out = await call(address, "ScheduleKeyDeletion", () =>
    client(address).send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: address.pendingWindowDays })),
  );
  const date = out.DeletionDate?.toISOString();
  context.log?.(`awskms: ${meta.Arn ?? keyId} will be deleted on ${date ?? "(no date given)"}`);
  return date;
}

/** The AWS KMS custody backend (scheme `awskms`). */
export const awsKmsBackend: CustodyBackend & KeyCreator & KeySigner & DelayedDeletion = {
  scheme: AWS_KMS_SCHEME,
  requestFailures(request, path) {
    const parsed = parseAwsKmsUri(request.uri, request.alg, path);
    return Array.isArray(parsed) ? parsed : [];
  },
  describe,
  create,
  sign,
  scheduleDeletion,
};
