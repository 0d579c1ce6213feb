/**
 * The `PingOneKeyRotationPolicy` resource's behaviour as functions over a `PolicyClient` (no engine needed to test
 * them): input validation, replace-or-update decisions, and outputs built from the policy and its JWKS.
 *
 * Rotation: PingOne has no "rotate now" call; it rotates a policy's keys on its schedule (`rotationPeriod`). A
 * declared rotation (`rotationTrigger` changed) therefore replaces the policy: a new one (new CURRENT and NEXT
 * keys) is created first, bindings that name the policy's id move to it, then the old one is deleted.
 */
import { isDeepStrictEqual } from "node:util";
import { type InputFailure, isHttpError, isTargetGone } from "../../../errors";
import { PolicyCreateIncompleteError, PolicyCreateUnclearError } from "../errors";
import { unknownMemberFailures } from "../../../targets/kind";
import { CONNECTION_MEMBERS, connectionFailures, hostsOf, type PingOneConnection } from "../connection";
import type { PolicyKey } from "../policy-jwks";
import { POLICY_DEFAULTS, policyFieldFailures, type LivePolicy, type PolicyClient, type PolicyFields } from "../policy-api";
import { containsUnknown } from "../../../pulumi/values";

/** The inputs, as the provider receives them. */
export interface PolicyInputs extends PingOneConnection, Partial<PolicyFields> {
  name: string;
  dn: string;
  /** Any value; changing it replaces the policy with a new one (new keys). */
  rotationTrigger?: unknown;
}

/** The outputs (also the state): the declared inputs, the fields as PingOne holds them, and the keys. */
export interface PolicyOutputs extends PingOneConnection {
  rotationTrigger?: unknown;
  policyId: string;
  /** The policy's fields as last read from PingOne: a difference from the inputs is drift, repaired by `up`. */
  fields: PolicyFields;
  /** The fields as declared at the last up (defaults applied), which refresh compares PingOne's with. */
  declared: PolicyFields;
  /** Fields PingOne holds with another value than declared (changed in the console); empty when none. */
  drift: string[];
  /** The resource's URN, for diagnostics filed under it (engine-log.ts). */
  __urn?: string;
  currentKid: string;
  nextKid: string;
  /** The public JWK signing now, and the one the next rotation promotes. */
  currentKey: Record<string, unknown>;
  nextKey: Record<string, unknown>;
  /** Every key the policy publishes, oldest first, with its role and the time its UUIDv1 kid carries. */
  keys: PolicyKey[];
  rotatedAt?: string;
}

const FIELD_NAMES = [
  "name",
  "dn",
  "algorithm",
  "keyLength",
  "signatureAlgorithm",
  "usageType",
  "rotationPeriod",
  "validityPeriod",
] as const;
const KNOWN = [...CONNECTION_MEMBERS, ...FIELD_NAMES, "rotationTrigger"];

/** The fields to send: declared values, the spec's defaults for the rest. */
export function declaredFields(inputs: PolicyInputs): PolicyFields {
  return {
    ...POLICY_DEFAULTS,
    ...Object.fromEntries(FIELD_NAMES.filter((m) => inputs[m] !== undefined).map((m) => [m, inputs[m]])),
  } as PolicyFields;
}

/** Every problem with the inputs, by property; a value still unknown at preview is checked at up. */
export function policyInputFailures(inputs: PolicyInputs): InputFailure[] {
  const { __provider: _stub, __urn: _urn, ...raw } = inputs as unknown as Record<string, unknown>;
  const f = [
    ...unknownMemberFailures(raw, KNOWN, "").map((x) => ({ ...x, property: x.property.slice(1) })),
    ...connectionFailures(raw, ""),
    ...policyFieldFailures(declaredFields(inputs) as unknown as Record<string, unknown>),
  ];
  return f.filter((x) => !containsUnknown(raw[x.property.split(".")[0]]));
}

/** What names the policy's home: a change creates the policy anew elsewhere. */
const home = (c: PingOneConnection) => ({ environmentId: c.environmentId, api: hostsOf(c).api });
const member = (c: PingOneConnection, m: string): unknown => (c as unknown as Record<string, unknown>)[m];

/** Replace on a new environment or host, or a new rotation trigger; update when a field differs from PingOne's. */
export function diffPolicy(olds: PolicyOutputs, news: PolicyInputs): { changes: boolean; replaces: string[] } {
  const replaces: string[] = [];
  if (!isDeepStrictEqual(home(olds), home(news)))
    replaces.push(...["environmentId", "region", "apiUrl"].filter((m) => !isDeepStrictEqual(member(olds, m), member(news, m))));
  if (!isDeepStrictEqual(olds.rotationTrigger, news.rotationTrigger)) replaces.push("rotationTrigger");
  const connectionChanged = CONNECTION_MEMBERS.some((m) => !isDeepStrictEqual(member(olds, m), member(news, m)));
  const changes = replaces.length > 0 || connectionChanged || !isDeepStrictEqual(olds.fields, declaredFields(news));
  return { changes, replaces };
}

const connectionOf = (c: PingOneConnection): PingOneConnection =>
  Object.fromEntries(
    CONNECTION_MEMBERS.filter((m) => member(c, m) !== undefined).map((m) => [m, member(c, m)]),
  ) as unknown as PingOneConnection;

async function outputsOf(
  inputs: PolicyInputs | PolicyOutputs,
  declared: PolicyFields,
  live: LivePolicy,
  client: PolicyClient,
): Promise<PolicyOutputs> {
  const { keys, current, next } = await client.jwks(live.id);
  const { id, currentKeyId: _c, nextKeyId: _n, rotatedAt, ...fields } = live;
  const urn = (inputs as { __urn?: unknown }).__urn;
  return {
    ...connectionOf(inputs),
    ...(typeof urn === "string" ? { __urn: urn } : {}),
    ...(inputs.rotationTrigger !== undefined ? { rotationTrigger: inputs.rotationTrigger } : {}),
    policyId: id,
    fields,
    declared,
    drift: FIELD_NAMES.filter((m) => !isDeepStrictEqual(fields[m], declared[m])),
    currentKid: current.kid,
    nextKid: next.kid,
    currentKey: current.jwk,
    nextKey: next.jwk,
    keys,
    ...(rotatedAt ? { rotatedAt } : {}),
  };
}

/** Creates the policy and reads its keys; if the keys cannot be read, deletes it again so nothing is left behind. */
export async function createPolicy(inputs: PolicyInputs, client: PolicyClient): Promise<PolicyOutputs> {
  const fields = declaredFields(inputs);
  const live = await client.create(fields).catch((e: unknown) => {
    if (!(isHttpError(e) && e.unclear)) throw e;
    throw new PolicyCreateUnclearError(
      `${(e as Error).message}; PingOne may have created the policy ${JSON.stringify(fields.name)} anyway: ` +
        `look for it under Key Rotation Policies and delete the duplicate before running up again`,
      e,
    );
  });
  try {
    return await outputsOf(inputs, declaredFields(inputs), live, client);
  } catch (e) {
    const undo = await client.delete(live.id).then(
      () => `it was deleted again`,
      (d: unknown) => `deleting it failed too (${(d as Error).message}): delete policy ${live.id} in PingOne`,
    );
    throw new PolicyCreateIncompleteError(
      `${client.target}: policy ${live.id} was created but its keys could not be read (${(e as Error).message}); ${undo}`,
      e,
    );
  }
}

/** The policy as PingOne holds it now; undefined when it was deleted there. */
export async function readPolicy(olds: PolicyOutputs, client: PolicyClient): Promise<PolicyOutputs | undefined> {
  try {
    // State written before `declared` existed: the fields as last read are what was declared.
    return await outputsOf(olds, olds.declared ?? olds.fields, await client.read(olds.policyId), client);
  } catch (e) {
    if (isTargetGone(e)) return undefined;
    throw e;
  }
}

/** Puts the declared fields back (or newly declared ones) in place; keys already generated keep their size. */
export async function updatePolicy(olds: PolicyOutputs, news: PolicyInputs, client: PolicyClient): Promise<PolicyOutputs> {
  return outputsOf(news, declaredFields(news), await client.update(olds.policyId, declaredFields(news)), client);
}
