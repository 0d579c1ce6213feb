/**
 * Key custody: where the private half of a managed key lives when it must not live in Pulumi state. A custody
 * backend is chosen by the scheme of the key URI (`awskms:`, `vault-transit:`, `pkcs11:`, ...; the style of
 * smallstep's go.step.sm/crypto/kms URIs and RFC 7512 for PKCS#11) and offers small capabilities, each with a
 * type guard, so the resources ask what a backend can do instead of calling optional methods:
 *
 * - every backend: parse and check its URI, and read the public half of the key a URI names (`describe`);
 * - `KeyCreator`: create the key inside the backend (never exportable), idempotently (a retried create finds
 *   the key made by the first attempt: aliases, names, client request tokens);
 * - `KeySigner`: sign bytes with the key where it lives (JOSE signature bytes: ECDSA r||s, not DER);
 * - `DelayedDeletion`: schedule the key's destruction after a window, or report that the backend keeps it;
 * - `KeyImporter`: hold key material written into it (a secret store: the provider generates the key, or moves
 *   one out of state), never overwriting another key;
 * - `OptInDeletion`: delete the key on destroy only when the URI asks for it, and say what was done;
 * - `KeyRotator`: give the key the URI names a new key for a `Jwk`'s `rotationTrigger`: a new version where the
 *   backend versions keys (transit, a secret's next version), a new key the URI's name moves to elsewhere (a KMS
 *   alias), saying what became of the previous one;
 * - `RotationRefusal`: why the key a URI names cannot be rotated in place, and how to rotate it instead.
 *
 * The state of a custody key holds only what `KeyReference` holds: public bytes and names, never a credential
 * (credentials come from the SDK's default chain or from environment variables and files the URI names).
 *
 * Backends live in their vendor's folder (provider/vendors/<vendor>/custody.ts) or, for a standard such as
 * PKCS#11, in provider/custody/<standard>/; the registry (provider/registry/custody.ts) maps schemes to them.
 */
import type { JWK } from "jose";
import type { InputFailure } from "../errors";
import type { PublicJwk } from "../core/keys/material";
import type { CallContext } from "../http/send";

/** What is being asked of a backend: the key's algorithm (JWA name, e.g. ES256) and the URI naming it. */
export interface CustodyRequest {
  /** The key URI as the user wrote it, e.g. `awskms:alias=jwk-signing;region=eu-west-1`. */
  uri: string;
  /** The JWA algorithm the key serves (ES256, ES384, RS256, PS256, EdDSA, ...). */
  alg: string;
  /** RSA modulus in bits for a key to create (default 2048); ignored for other key types. */
  modulusLength?: number | undefined;
  /** The curve of a key to create (default: the algorithm's first); for backends that generate keys in software. */
  crv?: string | undefined;
}

/**
 * Where a custody key is, resolved: what state records besides the public JWK. No credential, no private
 * member. E.g. `{ backend: "awskms", id: "arn:aws:kms:...:key/1234", version: undefined }`.
 */
export interface KeyReference {
  /** The backend's scheme, e.g. `awskms`. */
  backend: string;
  /** The backend's own name for the key (ARN, transit key name, PKCS#11 object label and id, secret name). */
  id: string;
  /** The key version where the backend versions keys (transit), else absent. */
  version?: string;
}

/** A key as the backend holds it: its public half and where it is. */
export interface CustodyKey {
  publicJwk: PublicJwk;
  reference: KeyReference;
  /** Whether the backend reports the key usable now (not disabled, not pending deletion). */
  state: "enabled" | "disabled" | "pending-deletion";
  /** When a key pending deletion will be gone (ISO 8601), where the backend says. */
  deletionDate?: string;
}

/**
 * A key the backend still holds but will not show while it is unusable (a secret scheduled for deletion or
 * soft-deleted cannot be read): refresh keeps the public half it knew and reports the state.
 */
export interface UnreadableKey {
  publicJwk?: undefined;
  reference: KeyReference;
  state: "disabled" | "pending-deletion";
  deletionDate?: string;
}

/**
 * Per-operation context: a progress logger and, for backends reached over HTTP, the undici dispatcher (tests
 * pass a MockAgent) and the retry cap. The HTTP and SDK clients are built by each backend.
 */
export type CustodyContext = CallContext;

/** What every backend does: check a URI and read the key it names. */
export interface CustodyBackend {
  /** The URI scheme this backend serves, e.g. `awskms`. */
  readonly scheme: string;
  /**
   * Everything wrong with a request before anything is sent, by property path (`path` names the input, e.g.
   * `keyUri`): a malformed URI, a PIN or token value in it, an algorithm the backend cannot hold (naming those
   * it supports).
   */
  requestFailures(request: CustodyRequest, path: string): InputFailure[];
  /**
   * The key the URI names, or undefined when there is none (nothing created yet, or deleted); an
   * `UnreadableKey` when it is there but its public half cannot be read in its state.
   */
  describe(request: CustodyRequest, context: CustodyContext): Promise<CustodyKey | UnreadableKey | undefined>;
}

/** A backend that can generate a key inside itself. */
export interface KeyCreator {
  /** Creates the key the URI names, or returns the one a previous attempt created (idempotent). */
  create(request: CustodyRequest, context: CustodyContext): Promise<CustodyKey>;
}

/** A backend that signs where the key lives. */
export interface KeySigner {
  /** The JWS signature of `data` (the signing input) with the key, as JOSE expects it (ECDSA r||s). */
  sign(request: CustodyRequest, data: Uint8Array, context: CustodyContext): Promise<Uint8Array>;
}

/** A backend that destroys a key only after a waiting period. */
export interface DelayedDeletion {
  /** Schedules deletion; returns when the key will be gone (ISO 8601), or undefined if the backend keeps it. */
  scheduleDeletion(request: CustodyRequest, context: CustodyContext): Promise<string | undefined>;
}

/** A backend that holds key material written into it (a secret store). */
export interface KeyImporter {
  /**
   * Writes `privateJwk` (bare members) at the URI, or returns the key already there when it is the same key
   * (a retried write). Another key at the URI is never overwritten: that is an error.
   */
  importKey(request: CustodyRequest, privateJwk: JWK, context: CustodyContext): Promise<CustodyKey>;
}

/** A backend that deletes a key on destroy only when its URI opts in. */
export interface OptInDeletion {
  /** Deletes the key if the URI asks for it, else keeps it; returns a sentence saying which, and how to undo. */
  deleteIfAsked(request: CustodyRequest, context: CustodyContext): Promise<string>;
}

/** A rotated key: the new key, and what became of the previous one. */
export interface RotatedKey extends CustodyKey {
  /**
   * What became of the previous key or version, as destroy says it (kept where, or scheduled for deletion on
   * which date, and how to undo): e.g. "version 1 stays in transit key jwk-signing".
   */
  previous: string;
}

/**
 * A backend that gives the key a URI names a new public half: a new version (transit, a secret's next version),
 * or a new key the URI's name is moved to (a KMS alias).
 */
export interface KeyRotator {
  /**
   * Makes the new key and returns it, unless the key is already past `known` (the key or version the caller last
   * saw: a retried rotation, or one made by hand), in which case the current key is returned: a retry never
   * makes two. The previous key's fate follows the backend's destroy semantics (`RotatedKey.previous`).
   */
  rotateKey(request: CustodyRequest, known: KeyReference, context: CustodyContext): Promise<RotatedKey>;
}

/** A backend that cannot rotate (some of) its keys in place, and says how to rotate them instead. */
export interface RotationRefusal {
  /** Why the key `uri` names cannot be rotated in place, naming what to do instead; undefined when it can be. */
  rotationRefusal(uri: string): string | undefined;
}

const has = (backend: CustodyBackend, member: string): boolean =>
  typeof (backend as unknown as Record<string, unknown>)[member] === "function";

export const canCreate = (b: CustodyBackend): b is CustodyBackend & KeyCreator => has(b, "create");
export const canSign = (b: CustodyBackend): b is CustodyBackend & KeySigner => has(b, "sign");
export const canScheduleDeletion = (b: CustodyBackend): b is CustodyBackend & DelayedDeletion => has(b, "scheduleDeletion");
export const canImport = (b: CustodyBackend): b is CustodyBackend & KeyImporter => has(b, "importKey");
export const canDeleteIfAsked = (b: CustodyBackend): b is CustodyBackend & OptInDeletion => has(b, "deleteIfAsked");
export const canRotate = (b: CustodyBackend): b is CustodyBackend & KeyRotator => has(b, "rotateKey");
export const refusesRotation = (b: CustodyBackend): b is CustodyBackend & RotationRefusal => has(b, "rotationRefusal");
