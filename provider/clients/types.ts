/**
 * The contract between the `ClientKeyBinding` resource and each client kind's adapter.
 *
 * A binding says "this OAuth client authenticates with (or is encrypted to) these keys". Kinds differ in what
 * their server lets a binding govern:
 * - keys the user declares (`keys` or `jwksUri`, plus the token endpoint auth settings): most kinds;
 * - keys the server generates itself, or a server-side key rotation policy: the kind adds its own optional,
 *   typed section to the declared binding (`KindSection`, one input property named after the kind), validates
 *   and types it itself, and every other kind refuses it.
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

/**
 * What the program declares for one client, after validation. `S` is the type of the kind's own section (see
 * `KindSection`): `unknown` until the kind's `bindingFailures` accepted it.
 */
export interface DeclaredBinding<S = unknown> {
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
  /** The kind's own section as declared (the input property `KindSection.name`); only kinds with a section get one. */
  section?: S;
}

/** What the server holds for the client now, normalised; compared with the declared binding for drift. */
export interface LiveBinding<L = unknown> {
  /** Every key registered on the client (public members only, vendor quirks removed). */
  keys: Record<string, unknown>[];
  /** Kids among `keys` the server holds but does not accept for authentication now (e.g. INACTIVE keys). */
  inactiveKids?: string[];
  jwksUri?: string;
  authMethod?: string;
  signingAlg?: string;
  /** The kind's own section as read back (a policy, a server-generated pair): what its `KindSection` compares and records. */
  section?: L;
}

/** One client, opened for one operation. Never holds a credential in `name`. `S`, `L`: the kind's section types. */
export interface ClientBinder<S = unknown, L = unknown> {
  /** For messages, e.g. `<kind> client "app" in realm "demo"`. */
  readonly name: string;
  /** What `apply` and `release` write, normalised (targets/queue.ts `writerKey`): they queue behind every writer of it. */
  readonly writer?: string;
  /** The client's live binding; `undefined` when the client does not exist (deleted on the server). */
  read(): Promise<LiveBinding<L> | undefined>;
  /**
   * Makes the client carry the declared binding. `owned` lists the kids this binding bound before: those may be
   * removed; any other key on the client is someone else's and stays in additive mode. `previous` is what was
   * declared before (absent on create): kinds whose rotations are declared triggers compare with it.
   * Returns the binding as read back after the change.
   */
  apply(declared: DeclaredBinding<S>, owned: readonly string[], previous?: DeclaredBinding<S>): Promise<LiveBinding<L>>;
  /**
   * Removes only the `owned` kids (destroy), and the client's jwksUri when it is still the one this binding set
   * (`jwksUri`; added for bindings by URI, which own no kid); returns what remains on the client. `declared` is the
   * binding as last applied (added for kinds that bind a setting, not keys: such a kind undoes its setting only
   * when the client still has it).
   */
  release(owned: readonly string[], jwksUri?: string, declared?: DeclaredBinding<S>): Promise<LiveBinding<L>>;
}

/**
 * Credentials the server replaced during an operation: an RFC 7592 server may issue a new registration access
 * token with every PUT, and an adapter cannot write the environment variable the old one came from. The
 * resource keeps each value as a secret output and hands it back to the next operation, which prefers it.
 * (Added to the contract for `rfc7592`; kinds without rotating credentials ignore it.)
 */
/**
 * A binder whose refresh read may be answered from one listing of the server's clients (listed-reads.ts): the
 * same result as `read()`, fetched with the other bindings on the server. Only refresh uses it.
 */
export interface ListedRead<L = unknown> {
  readListed(): Promise<LiveBinding<L> | undefined>;
}

export function canReadListed<S, L>(binder: ClientBinder<S, L>): binder is ClientBinder<S, L> & ListedRead<L> {
  return typeof (binder as Partial<ListedRead<L>>).readListed === "function";
}

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

/**
 * What a kind that binds its own section (a policy, server-generated keys) adds to the generic binding logic,
 * so that logic asks the kind instead of naming it. The section is one input property of the binding (`name`),
 * carried to the kind as `DeclaredBinding.section`; what the kind reads back comes as `LiveBinding.section`, and
 * `record` turns it into output properties (`outputs`). Each kind exports the types of its section from its folder.
 */
export interface KindSection<S = unknown, L = unknown> {
  /** The binding's input property this kind owns (named after the kind); every other kind refuses it. */
  readonly name: string;
  /** The output properties `record` may set (registered on the resource so they appear on it). */
  readonly outputs: readonly string[];
  /** Why another kind refuses the section (`kind` is that other kind's, as given). */
  foreignReason(kind: unknown): string;
  /** Settings of the section the client no longer has ("<name>.keyRotationPolicyId"), with notes for the CLI
   * when "up sets them again" would not say what happens. `recorded` holds the outputs `record` gave at the last
   * up (absent on create). */
  drift(
    declared: DeclaredBinding<S>,
    live: LiveBinding<L>,
    recorded: Readonly<Record<string, unknown>> | undefined,
  ): { settings: string[]; notes: string[] };
  /** Outputs recorded from the live binding (e.g. the pair that signs the client's tokens). */
  record(live: LiveBinding<L>): Record<string, unknown>;
  /** Outputs of `record` that refresh leaves as recorded: only an up accepts a change of them. */
  readonly keptOnRefresh?: readonly string[];
}

/**
 * What a client kind's module exports to the registry (as `targets/kind.ts` does for key-set targets). `S` and
 * `L` type the kind's own section as declared and as read back (`KindSection`), when it has one.
 */
export interface ClientKind<C, S = unknown, L = unknown> {
  /** Everything wrong with the client reference (`client` input), by property path. */
  configFailures(config: Record<string, unknown>, path: string): InputFailure[];
  /** What this kind cannot bind (an `enc` key for client authentication, an alg it does not support, ...),
   * including everything wrong with its own section, which is `unknown` until this accepts it. */
  bindingFailures(declared: DeclaredBinding, path: string): InputFailure[];
  /** The part of the reference that names the client; a change replaces the binding. */
  identity(config: C): unknown;
  /** The environment variables the kind reads its credentials from (names only, never values): what an error
   * about a refused credential tells the user to fix. */
  credentialVariables?(config: C): string[];
  open(config: C, context: ClientOpenContext): ClientBinder<S, L>;
  /** Kinds that bind a section of their own instead of (only) keys. */
  readonly section?: KindSection<S, L>;
}
