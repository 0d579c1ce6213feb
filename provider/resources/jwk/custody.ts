/**
 * A `Jwk` whose private half lives in a custody backend (issue 19): `keyUri` names the key (e.g.
 * `vault-transit:name=jwk-signing?address=...`), create asks the backend to create it or adopts the one it
 * already holds, and state keeps the public JWK and a `KeyReference` only, never a private member.
 *
 * Decisions (docs/custody.md): `privateKeyPem`, `privateJwk`, `x5c` and `certificate` are refused with
 * `keyUri` (the first three would put a key or its chain in state beside one that is not there; a self-signed
 * certificate needs the private key here). A changed `rotationTrigger` makes a new key under the same URI where
 * the backend can (`KeyRotator`: transit's rotate, a secret's next version, a new KMS key the alias moves to), an
 * update in place whose kid changes, the previous key's fate reported as destroy reports it; elsewhere (PKCS#11,
 * a KMS key named by id) it is refused at preview, saying how to rotate (`RotationRefusal`). Destroy
 * keeps the key unless the backend has a delayed deletion; refresh reports a key gone, disabled, pending
 * deletion or with another public half.
 */
import type { InputFailure } from "../../errors";
import { algorithmSpec, type KeyUse } from "../../core/keys/algorithms";
import { publicKeyMembers, type PublicJwk } from "../../core/keys/material";
import { jwkThumbprint } from "../../core/keys/thumbprint";
import type { JWK } from "jose";
import {
  canCreate,
  canDeleteIfAsked,
  canImport,
  canRotate,
  canScheduleDeletion,
  refusesRotation,
  type CustodyContext,
  type CustodyKey,
  type CustodyRequest,
} from "../../custody/types";
import { custodyBackend, custodyBackends, custodyFailures } from "../../registry/custody";
import { carriesSecret } from "../../custody/uri";
import { JwkInputError } from "../../errors";
import { UNKNOWN } from "../../pulumi/values";
import type { JwkInputs, JwkOutputs } from "./logic";

const given = (v: unknown) => v !== undefined && v !== null;

/** The custody request of a Jwk's inputs. */
export function custodyRequest(inputs: Pick<JwkInputs, "keyUri" | "alg" | "modulusLength" | "crv">): CustodyRequest {
  return { uri: inputs.keyUri as string, alg: inputs.alg, modulusLength: inputs.modulusLength, crv: inputs.crv };
}

/** What is wrong with a Jwk's inputs when `keyUri` is given (nothing when it is not). */
export function custodyInputFailures(inputs: JwkInputs): InputFailure[] {
  if (!given(inputs.keyUri)) return [];
  const f: InputFailure[] = [];
  for (const name of ["privateKeyPem", "privateJwk", "x5c"] as const)
    if (given(inputs[name]))
      f.push({
        property: name,
        reason: `a key in custody (keyUri) never has its private half or chain given here; remove ${name} or keyUri`,
      });
  if (given(inputs.certificate))
    f.push({ property: "certificate", reason: "a self-signed certificate needs the private key here; not supported with keyUri yet" });
  const refusal = given(inputs.rotationTrigger) ? rotationRefusalAt(inputs.keyUri) : undefined;
  if (refusal) f.push({ property: "rotationTrigger", reason: refusal });
  if (inputs.keyUri !== UNKNOWN && inputs.alg !== UNKNOWN) f.push(...custodyFailures(custodyRequest(inputs), "keyUri"));
  return carriesSecret(inputs.keyUri) ? f.map(unnamed) : f;
}

/** Whether the key `keyUri` names can be rotated in place (an unknown or malformed URI: yes, check reports the URI itself). */
export function canRotateAt(keyUri: unknown): boolean {
  return rotationRefusalAt(keyUri) === undefined;
}

/** Why the key `keyUri` names cannot be rotated in place, or undefined when it can (or the URI is not known yet). */
function rotationRefusalAt(keyUri: unknown): string | undefined {
  if (typeof keyUri !== "string" || keyUri === UNKNOWN) return undefined;
  let backend;
  try {
    backend = custodyBackend(keyUri);
  } catch {
    return undefined; // check reports the URI itself
  }
  const own = refusesRotation(backend) ? backend.rotationRefusal(keyUri) : undefined;
  if (own !== undefined || canRotate(backend)) return own;
  return `cannot rotate a ${backend.scheme} key in place (only ${ROTATING_SCHEMES()} keys can): rotate by naming a new key in keyUri (a changed keyUri replaces the Jwk with the new key), or use a KeyRotation with keyUriTemplate`;
}

const ROTATING_SCHEMES = () =>
  custodyBackends()
    .filter(canRotate)
    .map((b) => `${b.scheme}:`)
    .join(", ");

/**
 * The engine prints the value of the property a check failure names ("property keyUri value {...}"): a URI
 * holding a pasted token is named in the reason instead, so its value is never shown.
 */
const unnamed = (x: InputFailure): InputFailure => (x.property === "keyUri" ? { property: "", reason: `keyUri: ${x.reason}` } : x);

/** The stored outputs for a key the backend holds, described with the Jwk's metadata. */
export function custodyOutputs(key: CustodyKey, inputs: JwkInputs, use: KeyUse): JwkOutputs {
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- inputs were checked
  const spec = algorithmSpec(inputs.alg)!;
  const bare = publicKeyMembers(key.publicJwk) as PublicJwk;
  const kid = inputs.kid ?? jwkThumbprint(bare);
  const publicOps = inputs.keyOps?.filter((op) => spec.publicOps.includes(op));
  const publicJwk: PublicJwk = {
    ...bare,
    kid,
    alg: inputs.alg,
    use,
    ...(publicOps && publicOps.length > 0 ? { key_ops: publicOps } : {}),
  };
  return {
    kid,
    ...(bare.crv !== undefined ? { crv: bare.crv } : {}),
    ...(bare.kty === "RSA" && bare.n ? { modulusLength: Buffer.from(bare.n, "base64url").length * 8 } : {}),
    publicJwk,
    alg: inputs.alg,
    use,
    ...(inputs.keyOps ? { keyOps: inputs.keyOps } : {}),
    imported: false,
    ...(inputs.rotationTrigger !== undefined ? { rotationTrigger: inputs.rotationTrigger } : {}),
    keyUri: inputs.keyUri,
    keyReference: key.reference,
  };
}

/** Creates the key in its backend, or adopts the one the URI names. */
export async function createCustodyJwk(inputs: JwkInputs, use: KeyUse, context: CustodyContext): Promise<JwkOutputs> {
  const request = custodyRequest(inputs);
  const backend = custodyBackend(request.uri);
  const key = canCreate(backend) ? await backend.create(request, context) : await backend.describe(request, context);
  if (!key?.publicJwk)
    throw new JwkInputError([
      { property: "keyUri", reason: `the ${backend.scheme} backend cannot create keys, and no key exists at this URI` },
    ]);
  return custodyOutputs(key, inputs, use);
}

/** What refresh found: the outputs to store (undefined: the key is gone) and what to tell the user. */
export interface CustodyRefresh {
  outs: JwkOutputs | undefined;
  warnings: string[];
}

/** Reads the key again: gone, disabled, pending deletion, or another public half are reported. */
export async function refreshCustodyJwk(olds: JwkOutputs, context: CustodyContext): Promise<CustodyRefresh> {
  const request = custodyRequest({ keyUri: olds.keyUri, alg: olds.alg, modulusLength: olds.modulusLength });
  const found = await custodyBackend(request.uri).describe(request, context);
  if (!found) return { outs: undefined, warnings: [`the key ${olds.keyUri} is gone from its backend; the next up creates a new one`] };
  const warnings: string[] = [];
  if (found.state !== "enabled")
    warnings.push(
      `the key ${olds.keyUri} is ${found.state}${found.deletionDate ? ` (gone on ${found.deletionDate})` : ""}; it cannot sign`,
    );
  // A key the backend holds but will not show in its state (a secret scheduled for deletion): the public half
  // last seen stays.
  const key: CustodyKey = found.publicJwk ? found : { ...found, publicJwk: olds.publicJwk };
  const before = jwkThumbprint(olds.publicJwk);
  const after = jwkThumbprint(key.publicJwk);
  if (before !== after) warnings.push(`the key ${olds.keyUri} has another public half now (thumbprint ${before} -> ${after})`);
  const inputs: JwkInputs = {
    alg: olds.alg,
    use: olds.use,
    ...(olds.keyOps ? { keyOps: olds.keyOps } : {}),
    ...(olds.kid !== before ? { kid: olds.kid } : {}),
    ...(olds.rotationTrigger !== undefined ? { rotationTrigger: olds.rotationTrigger } : {}),
    keyUri: olds.keyUri,
  };
  return { outs: custodyOutputs(key, inputs, olds.use), warnings };
}

/** Receives what a rotation did with the previous key, to say it as destroy says what it did (an info diagnostic). */
export type RotationReport = (message: string) => void | Promise<void>;

/**
 * A changed `rotationTrigger` on a key whose backend can rotate it: a new key or version (a retried rotation
 * finds the one the first attempt made), described with the new inputs. What became of the previous key (kept,
 * or scheduled for deletion as destroy would) goes to `report`.
 */
export async function rotateCustodyJwk(
  olds: JwkOutputs,
  inputs: JwkInputs,
  use: KeyUse,
  context: CustodyContext,
  report?: RotationReport,
): Promise<JwkOutputs> {
  const request = custodyRequest(inputs);
  const backend = custodyBackend(request.uri);
  if (!canRotate(backend) || !olds.keyReference)
    throw new JwkInputError([{ property: "rotationTrigger", reason: `the ${backend.scheme} backend cannot rotate this key in place` }]);
  const { previous, ...key } = await backend.rotateKey(request, olds.keyReference, context);
  const from = olds.keyReference.version ?? olds.keyReference.id;
  const to = key.reference.version ?? key.reference.id;
  const message = `rotated ${olds.keyUri as string} from ${from} to ${to}; the previous key: ${previous}`;
  context.log?.(`${backend.scheme}: ${message}`);
  await report?.(message);
  return custodyOutputs(key, inputs, use);
}

/** Destroys a Jwk in custody: schedules deletion where the backend delays it, else keeps the key. Returns what to say. */
export async function destroyCustodyJwk(olds: JwkOutputs, context: CustodyContext): Promise<string> {
  return releaseCustodyKey(olds.keyUri as string, olds.alg, context);
}

/**
 * What destroying a key in custody does, for a `Jwk` destroyed or a `KeyRotation` key retired: the backend's
 * opt-in deletion, else its delayed deletion, else the key is kept. Returns what to say.
 */
export async function releaseCustodyKey(keyUri: string, alg: string, context: CustodyContext): Promise<string> {
  const request = custodyRequest({ keyUri, alg });
  const backend = custodyBackend(request.uri);
  if (canDeleteIfAsked(backend)) return await backend.deleteIfAsked(request, context);
  if (canScheduleDeletion(backend)) {
    const when = await backend.scheduleDeletion(request, context);
    if (when) return `the key ${keyUri} is scheduled for deletion on ${when}`;
  }
  return `the key ${keyUri} is kept in its ${backend.scheme} backend (destroy deletes custody keys only where the backend delays deletion and the key was created here)`;
}

/** Whether a Jwk's key, now in state, can move to `keyUri` without changing: the backend holds written keys. */
export function canMoveInto(keyUri: unknown): boolean {
  if (typeof keyUri !== "string" || keyUri === UNKNOWN) return false;
  try {
    return canImport(custodyBackend(keyUri));
  } catch {
    return false; // an unknown scheme or a malformed URI: check reports it
  }
}

/**
 * Moves a key kept in state into the secret store `inputs.keyUri` names: the same key written there (or found
 * there already, after a retry), so the kid and public JWK do not change; the outputs no longer hold its private
 * half. Another key already at the URI is refused (CustodyKeyConflictError).
 */
export async function moveIntoCustody(privateJwk: JWK, inputs: JwkInputs, use: KeyUse, context: CustodyContext): Promise<JwkOutputs> {
  const request = custodyRequest(inputs);
  const backend = custodyBackend(request.uri);
  if (!canImport(backend))
    throw new JwkInputError([{ property: "keyUri", reason: `the ${backend.scheme} backend cannot hold a key written into it` }]);
  const key = await backend.importKey(request, privateJwk, context);
  return custodyOutputs(key, inputs, use);
}
