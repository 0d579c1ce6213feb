/**
 * The `Jwk` resource's behaviour as pure functions (no engine needed to test them): input validation,
 * replace-or-update decisions, and building outputs from key material.
 */
import { isDeepStrictEqual } from "node:util";
import type { JWK } from "jose";
import { JwkInputError, type InputFailure } from "../../errors";
import {
  algorithmSpec,
  MAX_RSA_BITS,
  MIN_RSA_BITS,
  SUPPORTED_ALGORITHMS,
  type AlgorithmSpec,
  type Curve,
  type KeyUse,
} from "../../core/keys/algorithms";
import { assertKeyFitsAlg, parsePrivateKey } from "../../core/keys/import";
import { bareKey, describeKey, generateKey, rsaModulusBits, type PublicJwk } from "../../core/keys/material";
import { jwkThumbprint } from "../../core/keys/thumbprint";
import { certificateChanges, certificateFailures, certificateFor, type CertificateInput } from "./certificate";
import { containsUnknown, UNKNOWN } from "../../pulumi/values";
import type { KeyReference } from "../../custody/types";
import {
  canMoveInto,
  canRotateAt,
  createCustodyJwk,
  custodyInputFailures,
  custodyOutputs,
  moveIntoCustody,
  rotateCustodyJwk,
  type RotationReport,
} from "./custody";
import { progress } from "../../pulumi/progress";

/** The inputs of a `Jwk`, as the provider receives them (secrets unwrapped). */
export interface JwkInputs {
  alg: string;
  crv?: string;
  modulusLength?: number;
  use?: string;
  keyOps?: string[];
  kid?: string;
  privateKeyPem?: string;
  privateJwk?: Record<string, unknown>;
  rotationTrigger?: unknown;
  /** A self-signed certificate for the key (jwk-certificate.ts). */
  certificate?: CertificateInput;
  /** The imported key's own chain (base64 DER, the key's certificate first). */
  x5c?: string[];
  /** Where the private half lives when not in state (custody.ts), e.g. `vault-transit:name=...`. */
  keyUri?: string;
}

/**
 * The outputs of a `Jwk`, which are also its state: only what cannot be derived. `privateJwk` is stored as a
 * secret; the thumbprint, kty and both PEMs follow from the JWKs and are derived in the program (jwk.ts,
 * pem.ts), so they cost no state. (State written by 0.1 also holds those: it is ignored.) `crv` and
 * `modulusLength` stay: they are input names too, and the SDK resolves an input's property from the outputs.
 */
export interface JwkOutputs {
  kid: string;
  alg: string;
  crv?: string;
  modulusLength?: number;
  use: KeyUse;
  keyOps?: string[];
  /** Whether the key was imported (privateKeyPem / privateJwk) rather than generated. */
  imported: boolean;
  rotationTrigger?: unknown;
  /** The certificate input it was made from; the certificate itself is only in publicJwk (x5c, x5t#S256). */
  certificate?: CertificateInput;
  publicJwk: PublicJwk;
  /** Secret. Absent for a key in custody (`keyUri`): its private half never enters state. */
  privateJwk?: JWK;
  /** Where the private half lives (a key in custody), as given. */
  keyUri?: string;
  /** The key in its custody backend, resolved: backend, the backend's id for the key, its version. No credential. */
  keyReference?: KeyReference;
}

const is = <T>(v: T | undefined): v is T => v !== undefined && v !== UNKNOWN;

/**
 * Every problem with `inputs`, by property. Key material problems (malformed PEM, a key that does not fit
 * the alg) are found here too, so `pulumi preview` fails before anything is created.
 */
export async function jwkInputFailures(inputs: JwkInputs): Promise<InputFailure[]> {
  const f: InputFailure[] = [];
  const spec = typeof inputs.alg === "string" ? algorithmSpec(inputs.alg) : undefined;
  if (inputs.alg === UNKNOWN) return f;
  if (!spec) return [{ property: "alg", reason: `must be one of ${SUPPORTED_ALGORITHMS.join(", ")}; got ${JSON.stringify(inputs.alg)}` }];
  if (is(inputs.crv) && !spec.curves.includes(inputs.crv as Curve)) {
    f.push({
      property: "crv",
      reason:
        spec.curves.length === 0
          ? `alg ${spec.alg} takes no curve`
          : `alg ${spec.alg} needs crv ${spec.curves.join(" or ")}, not ${JSON.stringify(inputs.crv)}`,
    });
  }
  if (is(inputs.modulusLength)) {
    const n = inputs.modulusLength;
    if (spec.kty !== "RSA") f.push({ property: "modulusLength", reason: `only RSA keys have a modulus; alg ${spec.alg} is ${spec.kty}` });
    else if (!Number.isInteger(n) || n < MIN_RSA_BITS || n > MAX_RSA_BITS || n % 8 !== 0) {
      f.push({
        property: "modulusLength",
        reason: `RSA keys need a modulus of ${MIN_RSA_BITS} to ${MAX_RSA_BITS} bits, a multiple of 8; got ${JSON.stringify(n)}`,
      });
    }
  }
  if (is(inputs.use) && inputs.use !== spec.use) {
    f.push({
      property: "use",
      reason: `alg ${spec.alg} is a ${spec.use === "sig" ? "signing" : "key-management (encryption)"} algorithm, so use must be "${spec.use}", not ${JSON.stringify(inputs.use)}`,
    });
  }
  if (is(inputs.keyOps) && !containsUnknown(inputs.keyOps)) {
    const allowed = [...spec.privateOps, ...spec.publicOps];
    if (!Array.isArray(inputs.keyOps)) f.push({ property: "keyOps", reason: "must be an array of strings" });
    else {
      const ops = inputs.keyOps;
      ops.forEach((op, i) => {
        if (!allowed.includes(op))
          f.push({
            property: `keyOps[${i}]`,
            reason: `${JSON.stringify(op)} is not an operation of alg ${spec.alg} (allowed: ${allowed.join(", ")})`,
          });
      });
      for (const op of new Set(ops.filter((op, i) => ops.indexOf(op) !== i)))
        f.push({ property: "keyOps", reason: `${JSON.stringify(op)} is listed more than once; RFC 7517 section 4.3 forbids duplicates` });
      if (ops.every((op) => allowed.includes(op))) f.push(...unusableHalfFailures(ops, spec));
    }
  }
  if (is(inputs.kid) && (typeof inputs.kid !== "string" || inputs.kid.length === 0))
    f.push({ property: "kid", reason: "must be a non-empty string" });
  if (is(inputs.privateKeyPem) && is(inputs.privateJwk))
    f.push({ property: "privateKeyPem", reason: "give privateKeyPem or privateJwk, not both" });
  const imported = given(inputs.privateKeyPem) ? "privateKeyPem" : given(inputs.privateJwk) ? "privateJwk" : undefined;
  if (imported && given(inputs.rotationTrigger)) {
    f.push({
      property: "rotationTrigger",
      reason: `an imported key (${imported}) keeps its material whatever the trigger, so it cannot be rotated: import the new key in ${imported} instead (a new key replaces the Jwk), or remove rotationTrigger`,
    });
  }
  if (given(inputs.keyUri)) {
    f.push(...custodyInputFailures(inputs));
    return f;
  }
  if (f.length === 0) f.push(...certificateFailures(inputs));
  const source = importSource(inputs);
  if (source && f.length === 0 && !containsUnknown(source)) {
    try {
      const key = parsePrivateKey(source);
      await assertKeyFitsAlg(key, spec.alg);
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- parsePrivateKey returns RSA keys with n
      const bits = key.kty === "RSA" ? rsaModulusBits(key.n!) : undefined;
      if (bits !== undefined && bits < MIN_RSA_BITS) {
        f.push({
          property: source.pem !== undefined ? "privateKeyPem" : "privateJwk",
          reason: `RSA modulus is ${bits} bits; at least ${MIN_RSA_BITS} are required`,
        });
      }
      if (is(inputs.modulusLength) && bits !== undefined && bits !== inputs.modulusLength) {
        f.push({ property: "modulusLength", reason: `the imported key has ${bits} bits, not ${inputs.modulusLength}` });
      }
      if (is(inputs.crv) && key.crv !== inputs.crv)
        f.push({ property: "crv", reason: `the imported key is on ${String(key.crv)}, not ${inputs.crv}` });
    } catch (e) {
      f.push({ property: source.pem !== undefined ? "privateKeyPem" : "privateJwk", reason: (e as Error).message });
    }
  }
  return f;
}

/** Given at all, even if not known until apply time. */
const given = (v: unknown) => v !== undefined && v !== null;

/**
 * keyOps that would leave a half unusable for its alg: each half carries the operations of keyOps that are its
 * own (describeKey), and JOSE libraries refuse a key whose key_ops lack the operation they perform with it.
 */
function unusableHalfFailures(ops: readonly string[], spec: AlgorithmSpec): InputFailure[] {
  const halves = [
    { name: "private", own: spec.privateOps, needed: spec.joseOps.private },
    { name: "public", own: spec.publicOps, needed: spec.joseOps.public },
  ];
  return halves.flatMap((h) => {
    const carried = ops.filter((op) => h.own.includes(op));
    const missing = h.needed.filter((op) => !ops.includes(op));
    if (carried.length === 0 || missing.length === 0) return [];
    return [
      {
        property: "keyOps",
        reason: `the ${h.name} half would carry key_ops [${carried.join(", ")}], but alg ${spec.alg} needs ${h.needed.map((op) => `"${op}"`).join(" and ")} on it (jose and WebCrypto refuse the key otherwise); add ${missing.map((op) => `"${op}"`).join(" and ")}`,
      },
    ];
  });
}

function importSource(inputs: JwkInputs): { pem?: string; jwk?: unknown } | undefined {
  if (is(inputs.privateKeyPem)) return { pem: inputs.privateKeyPem };
  if (is(inputs.privateJwk)) return { jwk: inputs.privateJwk };
  return undefined;
}

/** Creates the key: generates it, or imports the given one, and describes it (a certificate is valid from `now`). */
export async function createJwk(inputs: JwkInputs, now: number = Date.now()): Promise<JwkOutputs> {
  const failures = await jwkInputFailures(inputs);
  if (failures.length > 0) throw new JwkInputError(failures);
  const source = importSource(inputs);
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- jwkInputFailures rejected an unknown alg
  const spec = algorithmSpec(inputs.alg)!;
  if (inputs.keyUri !== undefined) return createCustodyJwk(inputs, spec.use, { log: progress });
  const key = source
    ? parsePrivateKey(source)
    : await generateKey({ alg: inputs.alg, crv: inputs.crv as Curve | undefined, modulusLength: inputs.modulusLength });
  return outputsFor(key, inputs, spec.use, source !== undefined, now);
}

/**
 * Re-describes existing key material with new metadata (alg within its family, use, keyOps, kid, certificate);
 * a certificate due for renewal at `now` (epoch ms) is made again. A key in custody whose `rotationTrigger`
 * changed is rotated; what became of its previous key goes to `report`.
 */
export async function updateJwk(
  olds: JwkOutputs,
  inputs: JwkInputs,
  now: number = Date.now(),
  report?: RotationReport,
): Promise<JwkOutputs> {
  const failures = await jwkInputFailures(inputs);
  if (failures.length > 0) throw new JwkInputError(failures);
  if (olds.keyUri !== undefined && olds.keyReference !== undefined) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- jwkInputFailures rejected an unknown alg
    const use = algorithmSpec(inputs.alg)!.use;
    // A changed trigger on a backend that versions keys (diffJwk made it an update): a new version of the key.
    if (!isDeepStrictEqual(inputs.rotationTrigger, olds.rotationTrigger))
      return rotateCustodyJwk(olds, inputs, use, { log: progress }, report);
    // Same key (diff replaces on a new keyUri): the public half re-described with the new metadata.
    const key = { publicJwk: olds.publicJwk, reference: olds.keyReference, state: "enabled" as const };
    return custodyOutputs(key, inputs, use);
  }
  if (!olds.privateJwk) throw new JwkInputError([{ property: "keyUri", reason: "the stored key has no private half here" }]);
  if (inputs.keyUri !== undefined)
    // A key kept in state moving into a secret store (diffJwk decided it is the same key): written there, dropped from state.
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- jwkInputFailures rejected an unknown alg
    return moveIntoCustody(bareKey(olds.privateJwk), inputs, algorithmSpec(inputs.alg)!.use, { log: progress });
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- jwkInputFailures rejected an unknown alg
  return outputsFor(olds.privateJwk, inputs, algorithmSpec(inputs.alg)!.use, olds.imported, now, olds);
}

async function outputsFor(
  key: JWK,
  inputs: JwkInputs,
  use: KeyUse,
  imported: boolean,
  now: number,
  olds?: JwkOutputs,
): Promise<JwkOutputs> {
  const { kid, crv, modulusLength, publicJwk, privateJwk } = await describeKey(bareKey(key), {
    alg: inputs.alg,
    use,
    keyOps: inputs.keyOps,
    kid: inputs.kid,
  });
  const certificate = await certificateFor(inputs, privateJwk, kid, olds, now);
  return {
    kid,
    ...(crv !== undefined ? { crv } : {}),
    ...(modulusLength !== undefined ? { modulusLength } : {}),
    publicJwk: { ...publicJwk, ...certificate },
    alg: inputs.alg,
    use,
    ...(inputs.keyOps ? { keyOps: inputs.keyOps } : {}),
    imported,
    ...(inputs.rotationTrigger !== undefined ? { rotationTrigger: inputs.rotationTrigger } : {}),
    ...(inputs.certificate !== undefined ? { certificate: inputs.certificate } : {}),
    privateJwk,
  };
}

/**
 * Inputs that ask for a key of another shape than `key`: a curve or a modulus length. For an imported key only
 * what is given counts (nothing was asked of it); a generated key was made with the defaults.
 */
function shapeChanges(key: JWK, imported: boolean, news: JwkInputs, spec: AlgorithmSpec): string[] {
  const out: string[] = [];
  const crv = news.crv ?? (imported ? key.crv : spec.curves[0]);
  if (crv !== key.crv) out.push("crv");
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- an RSA private JWK in state has n
  const bits = key.kty === "RSA" ? rsaModulusBits(key.n!) : undefined;
  if (spec.kty === "RSA" && (news.modulusLength ?? (imported ? bits : 2048)) !== bits) out.push("modulusLength");
  return out;
}

/** What a change of inputs does to an existing key. */
export interface JwkDiff {
  changes: boolean;
  /** Inputs whose change needs a new key. */
  replaces: string[];
}

/**
 * Decides update versus replace. New key material is needed when the key type, size, curve or algorithm
 * family changes (reusing a key across algorithm families is unsafe), when `rotationTrigger` changes, or
 * when the imported key changes; kid, use, keyOps and an alg within the same family update in place, as does a
 * certificate that changes or, with `certificate.renewBefore`, is due for renewal at `now` (epoch ms).
 *
 * @example
 * await diffJwk(olds, { ...inputs, alg: "EdDSA" }) // { changes: true, replaces: ["alg"] } for an ES256 key
 */
export async function diffJwk(olds: JwkOutputs, news: JwkInputs, now: number = Date.now()): Promise<JwkDiff> {
  const replaces: string[] = [];
  const changed: string[] = [];
  const thumbprint = jwkThumbprint(olds.privateJwk ?? olds.publicJwk);
  const oldSpec = algorithmSpec(olds.alg);
  const newSpec = news.alg === UNKNOWN ? undefined : algorithmSpec(news.alg);
  if (!newSpec || !oldSpec || newSpec.family !== oldSpec.family) replaces.push("alg");
  else if (news.alg !== olds.alg) changed.push("alg");
  const source = importSource(news);
  if (news.keyUri !== olds.keyUri) {
    // A key kept in state moves into a secret store in place (same key, same kid); any other change of custody
    // is another key.
    if (olds.keyUri === undefined && olds.privateJwk && canMoveInto(news.keyUri) && newSpec && !replaces.includes("alg")) {
      changed.push("keyUri");
      replaces.push(...shapeChanges(olds.privateJwk, olds.imported, news, newSpec));
    } else replaces.push("keyUri");
  } else if (olds.keyUri !== undefined) {
    if (newSpec && !replaces.includes("alg") && news.modulusLength !== undefined && news.modulusLength !== olds.modulusLength)
      replaces.push("modulusLength");
  } else if (!olds.privateJwk) {
    replaces.push("privateJwk");
  } else if (news.privateKeyPem === UNKNOWN || (news.privateJwk as unknown) === UNKNOWN) {
    replaces.push(news.privateKeyPem === UNKNOWN ? "privateKeyPem" : "privateJwk"); // known only at apply time
  } else if (source) {
    if (containsUnknown(source) || jwkThumbprint(parsePrivateKey(source)) !== thumbprint) {
      replaces.push(source.pem !== undefined ? "privateKeyPem" : "privateJwk");
    }
  } else if (olds.imported) {
    replaces.push("privateJwk"); // the import was removed: a generated key replaces it
  } else if (newSpec && !replaces.includes("alg")) {
    replaces.push(...shapeChanges(olds.privateJwk, false, news, newSpec));
  }
  if (!isDeepStrictEqual(news.rotationTrigger, olds.rotationTrigger)) {
    // A key in custody whose backend versions keys rotates in place: same key, a new version (and kid).
    const versioned = olds.keyUri !== undefined && news.keyUri === olds.keyUri && canRotateAt(olds.keyUri);
    (versioned ? changed : replaces).push("rotationTrigger");
  }
  if ((news.kid ?? thumbprint) !== olds.kid) changed.push("kid");
  if (news.use !== undefined && news.use !== olds.use) changed.push("use");
  if (!isDeepStrictEqual(news.keyOps, olds.keyOps)) changed.push("keyOps");
  changed.push(...certificateChanges(olds, news, now));
  return { changes: replaces.length + changed.length > 0, replaces };
}
