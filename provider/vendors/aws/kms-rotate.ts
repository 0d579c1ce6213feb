/**
 * `rotationTrigger` on an `awskms:` key named by alias: KMS does not rotate asymmetric keys, so a rotation makes a
 * new key (tagged like the first, plus `pulumi-jwk:replaces=<ARN of the key it replaces>`), moves the alias to it
 * (UpdateAlias), and schedules the previous key's deletion after the URI's pending window, as destroy does for a
 * key named by alias. A key named by key id or ARN cannot rotate in place: an id cannot be pointed at another key.
 *
 * Retries never make two keys: when the alias already names another key than the one in state, that key is the
 * rotated one (a retry after the alias moved, or a rotation by hand); otherwise a key tagged as replacing the one
 * in state is looked for (ListKeys, ListResourceTags) before CreateKey is sent, once, without SDK retries, so an
 * attempt that died between CreateKey and UpdateAlias is finished, not repeated. The search reads the tags of
 * every key in the region: rotation is rare, and no other KMS call finds a key by tag.
 *
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html (asymmetric keys: manual rotation)
 * @see https://docs.aws.amazon.com/kms/latest/APIReference/API_UpdateAlias.html
 */
import type * as Kms from "@aws-sdk/client-kms";
import { JwkInputError } from "../../errors";
import type { CustodyContext, CustodyRequest, KeyReference, RotatedKey } from "../../custody/types";
import { parseKeyUri } from "../../custody/uri";
import { AwsKmsCreateUnclearError, AwsKmsError } from "./errors";
import { addressOf, call, client, custodyKey, errorName, isClearRefusal, metadata, reasonOf, scheduleKeyDeletion, sdk } from "./kms-client";
import { createKeyInput, REPLACES_TAG, type AwsKmsKeyAddress } from "./kms-uri";

/** Why the key a URI names cannot be rotated in place: one named by key id or ARN. */
export function kmsRotationRefusal(uri: string): string | undefined {
  const parsed = parseKeyUri(uri);
  if ("reason" in parsed || parsed.path["key-id"] === undefined) return undefined;
  return (
    "cannot rotate an awskms key named by key-id: a key id or ARN always names the same key, and KMS does not rotate " +
    "asymmetric keys. Name the key by alias= instead (rotationTrigger then creates a new key and moves the alias to it; " +
    "going from key-id to alias is a new keyUri, which replaces the Jwk), name a new key in keyUri, or use a KeyRotation " +
    "with keyUriTemplate"
  );
}

const sameKey = (meta: Kms.KeyMetadata, id: string): boolean => meta.Arn === id || meta.KeyId === id;

/** The tags of a key, or undefined when it is gone meanwhile. */
async function tagsOf(address: AwsKmsKeyAddress, keyId: string): Promise<Map<string, string> | undefined> {
  const { ListResourceTagsCommand } = sdk();
  try {
    const out = await client(address).send(new ListResourceTagsCommand({ KeyId: keyId, Limit: 50 }));
    return new Map((out.Tags ?? []).map((t) => [t.TagKey ?? "", t.TagValue ?? ""]));
  } catch (e) {
    if (errorName(e) === "NotFoundException") return undefined;
    throw new AwsKmsError(keyId, "ListResourceTags", reasonOf(e), { cause: e });
  }
}

/** A usable key an earlier attempt created to replace `replaces` under `alias`, if there is one. */
async function findReplacement(address: AwsKmsKeyAddress, alias: string, replaces: string): Promise<Kms.KeyMetadata | undefined> {
  const { ListKeysCommand } = sdk();
  let marker: string | undefined;
  do {
    const page = await call(address, "ListKeys", () => client(address).send(new ListKeysCommand({ Limit: 1000, Marker: marker })));
    for (const { KeyId: keyId } of page.Keys ?? []) {
      if (keyId === undefined) continue;
      const tags = await tagsOf(address, keyId);
      if (tags?.get(REPLACES_TAG) !== replaces || tags.get("pulumi-jwk:alias") !== alias) continue;
      const meta = await metadata(address, keyId);
      if (meta && meta.KeyState !== "PendingDeletion") return meta;
    }
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);
  return undefined;
}

/** CreateKey for the replacement, sent once (no idempotency token: a retry after a lost answer could make two keys). */
async function createReplacement(
  address: AwsKmsKeyAddress,
  alias: string,
  alg: string,
  replaces: string,
  context: CustodyContext,
): Promise<Kms.KeyMetadata> {
  const { CreateKeyCommand } = sdk();
  let created: Kms.CreateKeyCommandOutput;
  try {
    created = await client(address, false).send(new CreateKeyCommand(createKeyInput(address, alg, replaces) as Kms.CreateKeyCommandInput));
  } catch (e) {
    if (isClearRefusal(e)) throw new AwsKmsError(alias, "CreateKey", reasonOf(e), { cause: e });
    throw new AwsKmsCreateUnclearError(alias, { cause: e }, replaces);
  }
  const meta = created.KeyMetadata;
  if (!meta?.KeyId) throw new AwsKmsError(alias, "CreateKey", "the answer names no key");
  context.log?.(`awskms: created ${meta.Arn ?? meta.KeyId} (${address.keySpec}) to replace ${replaces}`);
  return meta;
}

/** The previous key after a rotation: scheduled for deletion as destroy does; says when, and how to undo. */
async function retire(address: AwsKmsKeyAddress, previous: string, context: CustodyContext): Promise<string> {
  const meta = await metadata(address, previous);
  if (!meta?.KeyId) return `the key ${previous} is gone from KMS already`;
  const when = await scheduleKeyDeletion(address, meta, context);
  return `the key ${meta.Arn ?? previous} is scheduled for deletion on ${when ?? "(no date given)"} (until then: aws kms cancel-key-deletion --key-id ${meta.Arn ?? previous})`;
}

/** Rotates the key an alias names (see the module comment); `known` is the key in state. */
export async function rotateKmsKey(request: CustodyRequest, known: KeyReference, context: CustodyContext): Promise<RotatedKey> {
  const address = addressOf(request);
  const alias = address.alias;
  if (alias === undefined) throw new JwkInputError([{ property: "rotationTrigger", reason: kmsRotationRefusal(request.uri) ?? "" }]);
  const current = await metadata(address);
  if (!current)
    throw new JwkInputError([{ property: "keyUri", reason: `${alias} names no key; nothing to rotate (refresh, then up creates one)` }]);
  let next = current;
  if (sameKey(current, known.id)) {
    next = (await findReplacement(address, alias, known.id)) ?? (await createReplacement(address, alias, request.alg, known.id, context));
    const { UpdateAliasCommand } = sdk();
    const target = next.KeyId as string;
    await call(address, "UpdateAlias", () => client(address).send(new UpdateAliasCommand({ AliasName: alias, TargetKeyId: target })));
    context.log?.(`awskms: ${alias} now names ${next.Arn ?? target}`);
  }
  const key = await custodyKey(address, next, request.alg);
  return { ...key, previous: await retire(address, known.id, context) };
}
