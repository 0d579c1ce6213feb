/**
 * What the awskms backend's operations share (kms.ts: describe, create, sign, destroy; kms-rotate.ts: rotation):
 * the lazily loaded SDK, one client per region, endpoint, profile and retry policy, the URI's address, KMS errors
 * as AwsKmsError, and a key's metadata and public half read as a CustodyKey.
 */
import { createPublicKey } from "node:crypto";
import type * as Kms from "@aws-sdk/client-kms";
import { JwkInputError } from "../../errors";
import type { PublicJwk } from "../../core/keys/material";
import { jwkThumbprint } from "../../core/keys/thumbprint";
import type { CustodyContext, CustodyKey, CustodyRequest } from "../../custody/types";
import { AwsKmsError } from "./errors";
import { AWS_KMS_SCHEME, jwkMatches, kmsKeyId, parseAwsKmsUri, type AwsKmsKeyAddress } from "./kms-uri";

export const sdk = (): typeof Kms => require("@aws-sdk/client-kms") as typeof Kms;

/** Clients by region, endpoint, profile and retry policy: one per combination per process. */
const clients = new Map<string, Kms.KMSClient>();

export function client(address: AwsKmsKeyAddress, retries = true): Kms.KMSClient {
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
export function addressOf(request: CustodyRequest): AwsKmsKeyAddress {
  const parsed = parseAwsKmsUri(request.uri, request.alg, "keyUri");
  if (Array.isArray(parsed)) throw new JwkInputError(parsed);
  return parsed;
}

export const errorName = (e: unknown): string | undefined => (e instanceof Error ? e.name : undefined);

/** Whether KMS answered clearly (a 4xx service error: the request was refused, nothing changed). */
export function isClearRefusal(e: unknown): boolean {
  const fault = (e as { $fault?: unknown } | null)?.$fault;
  return fault === "client";
}

export const reasonOf = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

export async function call<T>(address: AwsKmsKeyAddress, operation: string, run: () => Promise<T>): Promise<T> {
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
export async function metadata(address: AwsKmsKeyAddress, keyId = kmsKeyId(address)): Promise<Kms.KeyMetadata | undefined> {
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
export async function custodyKey(address: AwsKmsKeyAddress, meta: Kms.KeyMetadata, alg: string): Promise<CustodyKey> {
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

/**
 * ScheduleKeyDeletion of the key `meta` describes, after the URI's pending window; a key already pending deletion
 * keeps its date. Returns when the key will be gone.
 */
export async function scheduleKeyDeletion(
  address: AwsKmsKeyAddress,
  meta: Kms.KeyMetadata,
  context: CustodyContext,
): Promise<string | undefined> {
  if (meta.KeyState === "PendingDeletion" && meta.DeletionDate) return meta.DeletionDate.toISOString();
  const { ScheduleKeyDeletionCommand } = sdk();
  // ScheduleKeyDeletion takes a key id or ARN, not an alias.
  const keyId = meta.KeyId as string;
  const out = await call(address, "ScheduleKeyDeletion", () =>
    client(address).send(new ScheduleKeyDeletionCommand({ KeyId: keyId, PendingWindowInDays: address.pendingWindowDays })),
  );
  const date = out.DeletionDate?.toISOString();
  context.log?.(`awskms: ${meta.Arn ?? keyId} will be deleted on ${date ?? "(no date given)"}`);
  return date;
}
