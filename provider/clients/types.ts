/**
 * The contract between the `ClientKeyBinding` resource and each client kind's adapter.
 *
 * A binding says "this OAuth client authenticates with (or is encrypted to) these keys". Kinds differ in what
 * their server lets a binding govern:
 * - keys the user declares (`keys` or `jwksUri`, plus the token endpoint auth settings): RFC 7592 registration
 *   management, Keycloak, Hydra, Janssen, Okta;
 * - keys the server generates itself (ReachFive), or a server-side key rotation policy (PingOne): the kind adds
 *   its own optional, typed section to the declared binding and refuses sections that are not its own.
 *
 * Each kind's module exports a `ClientKind` (registered by kind in `registry/clients.ts`); the generic logic in
 * `resources/binding/logic.ts` validates, diffs the declared binding against `read()`, and calls `apply` or
 * `release`. Vendor specifics (endpoints, document shapes, error bodies) never leave the kind's module.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7523 (private_key_jwt)
 * @see https://www.rfc-editor.org/rfc/rfc7592 (registration management)
 */
import type { InputFailure } from "../errors";
import type { PublicJwk } from "../core/keys/material";
import type { SetMode } from "../core/jwks/diff";
import type { OpenContext } from "../targets/kind";

/** What the program declares for one client, after validation. */
export interface DeclaredBinding {
  /** Public keys to bind (`Jwk.publicJwk` outputs). Absent when the kind's keys come from elsewhere. */
  keys?: PublicJwk[];
  /** A JWKS URL the client's keys are fetched from instead of `keys` (where the API has it). */
  jwksUri?: string;
  /** "additive" (default): keys on the client this binding did not bind are left alone. "exclusive": replaced. */
  mode: SetMode;
  /** Token endpoint auth method to set, e.g. "private_key_jwt"; absent leaves the client's as it is. */
  authMethod?: string;
  /** `token_endpoint_auth_signing_alg` to set; absent leaves the client's as it is. */
  signingAlg?: string;
  /** Kind `pingone` only (others refuse it): the key rotation policy the application's tokens are signed with. */
  pingone?: PingOneSigning;
  /** `reachfive` only (refused by every other kind): which server-generated pair signs the client's tokens. */
  reachfive?: ReachFiveKeyPairSection;
}

/**
 * The section of a binding of kind `pingone` (added to the contract for PingOne, whose server generates and rotates
 * the keys: a binding names the policy instead of keys). Declared, and as read back from the application.
 */
export interface PingOneSigning {
  /** The policy's id (`PingOneKeyRotationPolicy.policyId`); read back, the policy the application is on now. */
  keyRotationPolicyId: string;
}

/**
 * The typed section of a `reachfive` binding (added for ReachFive, whose server generates the keys: a binding
 * there declares which pair, not which keys). `keys` and `jwksUri` are refused with it.
 */
export interface ReachFiveKeyPairSection {
  /** "global": synced to the account pair (PUT .../keys). "client-specific": its own pair (POST .../keys). */
  keyPair: "global" | "client-specific";
  /** client-specific only: any value; changing it rotates the client's own pair on the next up (one POST). */
  rotationTrigger?: unknown;
  /** Kids to revoke (DELETE .../jwks/{kid}); the pair signing the client's tokens cannot be revoked. */
  revokeKids?: string[];
}

/** What a ReachFive client has now: which pair signs its tokens, and which of the kids to revoke are still published. */
export interface ReachFiveLiveSection {
  keyPair: "global" | "client-specific";
  /** The kid signing the client's tokens. */
  kid?: string;
  /** Every kid /jwks.json lists (to tell whether a revoked kid is gone). */
  publishedKids: string[];
}

/** What the server holds for the client now, normalised; compared with the declared binding for drift. */
export interface LiveBinding {
  /** Every key registered on the client (public members only, vendor quirks removed). */
  keys: Record<string, unknown>[];
  /** Kids among `keys` the server holds but does not accept for authentication now (Okta INACTIVE keys). */
  inactiveKids?: string[];
  jwksUri?: string;
  /** Kind `pingone`: the policy the application signs with now (PingOne's default one when none was set). */
  pingone?: PingOneSigning;
  authMethod?: string;
  signingAlg?: string;
  /** `reachfive` only: the client's server-generated pair. */
  reachfive?: ReachFiveLiveSection;
}

/** One client, opened for one operation. Never holds a credential in `name`. */
export interface ClientBinder {
  /** For messages, e.g. `keycloak client "app" in realm "demo"`. */
  readonly name: string;
  /** What `apply` and `release` write, normalised (targets/queue.ts `writerKey`): they queue behind every writer of it. */
  readonly writer?: string;
  /** The client's live binding; `undefined` when the client does not exist (deleted on the server). */
  read(): Promise<LiveBinding | undefined>;
  /**
   * Makes the client carry the declared binding. `owned` lists the kids this binding bound before: those may be
   * removed; any other key on the client is someone else's and stays in additive mode. `previous` is what was
   * declared before (absent on create): kinds whose rotations are declared triggers (reachfive) compare with it.
   * Returns the binding as read back after the change.
   */
  apply(declared: DeclaredBinding, owned: readonly string[], previous?: DeclaredBinding): Promise<LiveBinding>;
  /**
   * Removes only the `owned` kids (destroy), and the client's jwksUri when it is still the one this binding set
   * (`jwksUri`; added for bindings by URI, which own no kid); returns what remains on the client. `declared` is the
   * binding as last applied (added for kinds that bind a setting, not keys: `pingone` undoes its policy only
   * when the application is still on it).
   */
  release(owned: readonly string[], jwksUri?: string, declared?: DeclaredBinding): Promise<LiveBinding>;
}

/**
 * Credentials the server replaced during an operation: an RFC 7592 server may issue a new registration access
 * token with every PUT, and an adapter cannot write the environment variable the old one came from. The
 * resource keeps each value as a secret output and hands it back to the next operation, which prefers it.
 * (Added to the contract for `rfc7592`; kinds without rotating credentials ignore it.)
 */
export interface RotatedCredentials {
  /** The newest value recorded for `name` (an environment variable name), if any. */
  get(name: string): string | undefined;
  /** Records the value the server issued in place of the old one. */
  set(name: string, value: string): void;
}

/** Per-operation context of a client kind: the targets' context plus the rotated-credentials store. */
export interface ClientOpenContext extends OpenContext {
  rotated?: RotatedCredentials | undefined;
}

/** The members of a declared binding that only one kind takes (its own typed section). */
export type KindSectionName = "pingone" | "reachfive";

/**
 * What a kind that binds its own section (a policy, server-generated keys) adds to the generic binding logic,
 * so that logic asks the kind instead of naming it. Added for `pingone` and `reachfive`.
 */
export interface KindSection {
  /** The member of `DeclaredBinding` / `LiveBinding` this kind owns, named after the kind; every other kind refuses it. */
  readonly name: KindSectionName;
  /** Why another kind refuses the section (`kind` is that other kind's, as given). */
  foreignReason(kind: unknown): string;
  /** Settings of the section the client no longer has ("pingone.keyRotationPolicyId"), with notes for the CLI
   * when "up sets them again" would not say what happens. `recorded` holds the outputs `record` gave at the last
   * up (absent on create). */
  drift(
    declared: DeclaredBinding,
    live: LiveBinding,
    recorded: Readonly<Record<string, unknown>> | undefined,
  ): { settings: string[]; notes: string[] };
  /** Outputs recorded from the live binding (e.g. the pair that signs the client's tokens). */
  record(live: LiveBinding): Record<string, unknown>;
  /** Outputs of `record` that refresh leaves as recorded: only an up accepts a change of them. */
  readonly keptOnRefresh?: readonly string[];
}

/** What a client kind's module exports to the registry (as `targets/kind.ts` does for key-set targets). */
export interface ClientKind<C> {
  /** Everything wrong with the client reference (`client` input), by property path. */
  configFailures(config: Record<string, unknown>, path: string): InputFailure[];
  /** What this kind cannot bind (an `enc` key for client authentication, an alg it does not support, ...). */
  bindingFailures(declared: DeclaredBinding, path: string): InputFailure[];
  /** The part of the reference that names the client; a change replaces the binding. */
  identity(config: C): unknown;
  open(config: C, context: ClientOpenContext): ClientBinder;
  /** Kinds that bind a section of their own instead of (only) keys. */
  readonly section?: KindSection;
}
