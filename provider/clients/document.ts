/**
 * Binding for client kinds whose keys live in one client document (RFC 7592 registration, a `jwks` member, or
 * a JWKS serialised in a client attribute): read the document, merge the declared keys into its key set by kid
 * and thumbprint (jwks/diff.ts), write the whole document back in one call, read it back. The kind supplies
 * only a {@link ClientDocumentStore}; the merge is pure and shared.
 *
 * Keys the binding does not own are written back exactly as they were read (deep-equal), never as the binding
 * sees them (normalised, without private members): kinds parse a document's keys with {@link readDocumentKeys},
 * which remembers each key as read, and every write puts those back. Where the server would refuse such a key
 * as it is (`ClientDocumentStore.refuses`), the write is refused before anything is sent, naming the kid and why
 * ({@link ForeignKeyUnwritableError}).
 *
 * @see https://www.rfc-editor.org/rfc/rfc7591#section-2 (`jwks` and `jwks_uri` are mutually exclusive)
 */
import { isDeepStrictEqual } from "node:util";
import { diffKeySets } from "../core/jwks/diff";
import { normaliseKey } from "../core/jwks/document";
import { PRIVATE_JWK_MEMBERS } from "../core/keys/redact";
import { isRecord } from "../core/is-record";
import {
  BindingCollisionError,
  ClientNotFoundError,
  ClientResponseError,
  ForeignKeysInTheWayError,
  ForeignKeyUnwritableError,
} from "../errors";
import type { ClientBinder, DeclaredBinding, LiveBinding } from "./types";

const kidOf = (k: Record<string, unknown>) => (typeof k.kid === "string" ? k.kid : "(no kid)");

// Each key as a binding sees it (readDocumentKeys) -> the key as the server sent it: what a write puts back.
const asRead = new WeakMap<Record<string, unknown>, Record<string, unknown>>();

/**
 * The keys of a client document's JWK Set as a binding sees them: objects only, empty members dropped
 * (normaliseKey), private members removed (they never reach state or messages). Each is remembered as read, so
 * that a write puts back exactly what the server holds for keys the binding does not own.
 */
export function readDocumentKeys(entries: readonly unknown[]): Record<string, unknown>[] {
  return entries.filter(isRecord).map((original) => {
    const key = normaliseKey(original);
    for (const m of PRIVATE_JWK_MEMBERS) delete key[m];
    asRead.set(key, structuredClone(original));
    return key;
  });
}

/** The private members of a key, by name. Pure. */
export function privateMembersOf(key: Record<string, unknown>): string[] {
  return PRIVATE_JWK_MEMBERS.filter((m) => key[m] !== undefined);
}

/**
 * `next` with every key it keeps from the live document that the binding does not own (not in `mine`) put back as
 * read. Pure but for the lookup of what was read.
 *
 * @throws ForeignKeyUnwritableError when `refuses` says the server would refuse one of them as read
 */
export function withForeignKeysAsRead(
  client: string,
  next: LiveBinding,
  mine: ReadonlySet<string>,
  refuses?: (key: Record<string, unknown>) => string | undefined,
): LiveBinding {
  const refused: { kid: string; reason: string }[] = [];
  const keys = next.keys.map((key) => {
    const original = asRead.get(key);
    if (original === undefined || mine.has(kidOf(key))) return key;
    const reason = refuses?.(original);
    if (reason !== undefined) refused.push({ kid: kidOf(key), reason });
    return structuredClone(original);
  });
  if (refused.length > 0) throw new ForeignKeyUnwritableError(client, refused);
  return { ...next, keys };
}

/** One client document, as a kind reads and writes it (normalised to a {@link LiveBinding}). */
export interface ClientDocumentStore {
  /** For messages; never holds a credential. */
  readonly name: string;
  /** What a write writes, normalised (targets/queue.ts `writerKey`); see `ClientBinder.writer`. */
  readonly writer?: string;
  /** The client's binding now; `undefined` when the client does not exist. */
  read(): Promise<LiveBinding | undefined>;
  /**
   * Replaces the client's keys, jwksUri and auth settings in one call (the kind keeps its other fields).
   * Resolves to `{ rotatedCredential: true }` when the server answered with a new credential (RFC 7592
   * registration token) that replaces the one this write used.
   */
  write(next: LiveBinding): Promise<WriteOutcome | void>;
  /** Where a warning goes (progress lines); see `documentBinder` on a read back that fails after a rotation. */
  log?: ((message: string) => void) | undefined;
  /** Why the server would refuse this key (as read) in a write, if it would (e.g. private members); see withForeignKeysAsRead. */
  refuses?(key: Record<string, unknown>): string | undefined;
}

/** What a write reports beyond success. */
export interface WriteOutcome {
  rotatedCredential?: boolean;
}

/** The members a client document names the binding's settings with; RFC 7591's by default. */
export interface ClientSettingMembers {
  jwksUri: string;
  authMethod: string;
  signingAlg: string;
}

/** RFC 7591 client metadata names (RFC 7592, and servers that keep them). */
export const RFC7591_MEMBERS: ClientSettingMembers = {
  jwksUri: "jwks_uri",
  authMethod: "token_endpoint_auth_method",
  signingAlg: "token_endpoint_auth_signing_alg",
};

/** The live binding of a client document: `keys` as the kind parsed them, plus its settings (an empty string is absent). */
export function liveSettings(
  document: Record<string, unknown>,
  keys: Record<string, unknown>[],
  members: ClientSettingMembers = RFC7591_MEMBERS,
): LiveBinding {
  const live: LiveBinding = { keys };
  for (const setting of ["jwksUri", "authMethod", "signingAlg"] as const) {
    const value = document[members[setting]];
    if (typeof value === "string" && value.length > 0) live[setting] = value;
  }
  return live;
}

/**
 * The client's binding after merging the declared one into `live`. Pure. Additive mode keeps every key it does
 * not own, in place; exclusive mode keeps only declared keys. Auth settings not declared stay as they are.
 *
 * @param owned kids this binding bound before (empty on create)
 * @throws BindingCollisionError when a declared key would overwrite or duplicate a key it does not own
 * @example
 * mergeClientKeys({ keys: [k1], mode: "additive" }, live, []) // live's keys plus k1
 */
export function mergeClientKeys(client: string, declared: DeclaredBinding, live: LiveBinding, owned: readonly string[]): LiveBinding {
  const settings = {
    ...((declared.authMethod ?? live.authMethod) ? { authMethod: declared.authMethod ?? live.authMethod } : {}),
    ...((declared.signingAlg ?? live.signingAlg) ? { signingAlg: declared.signingAlg ?? live.signingAlg } : {}),
  };
  if (declared.jwksUri !== undefined) {
    const foreign = live.keys.filter((k) => !owned.includes(kidOf(k))).map(kidOf);
    if (declared.mode === "additive" && foreign.length > 0) throw new ForeignKeysInTheWayError(client, foreign);
    return { keys: [], jwksUri: declared.jwksUri, ...settings };
  }
  const diff = diffKeySets(declared.keys ?? [], live.keys, { mode: declared.mode, owned });
  if (diff.collision.length > 0)
    throw new BindingCollisionError(
      client,
      diff.collision.map((c) => c.desired.kid),
    );
  const replaced = new Map<Record<string, unknown>, Record<string, unknown>>();
  for (const { from, to } of [...diff.change, ...diff.relabel]) replaced.set(from, to);
  const removed = new Set(diff.remove);
  const keys = live.keys.filter((k) => !removed.has(k)).map((k) => replaced.get(k) ?? k);
  keys.push(...diff.add);
  // A client with inline keys has no jwks_uri (RFC 7591): binding keys replaces a URI someone set.
  return { keys, ...settings };
}

/** The client's binding with the `owned` kids (and the jwksUri this binding set) removed. Pure. */
export function releaseClientKeys(live: LiveBinding, owned: readonly string[], jwksUri?: string): LiveBinding {
  const { jwksUri: liveUri, ...rest } = live;
  const keepUri = liveUri !== undefined && liveUri !== jwksUri;
  return { ...rest, keys: live.keys.filter((k) => !owned.includes(kidOf(k))), ...(keepUri ? { jwksUri: liveUri } : {}) };
}

/**
 * A {@link ClientBinder} over one client document: every change is one write of the merged document, skipped
 * when nothing changes (a write may rotate the client's registration token), and followed by a read back.
 */
export function documentBinder(store: ClientDocumentStore): ClientBinder {
  const mustRead = async (operation: string) => {
    const live = await store.read();
    if (live === undefined) throw new ClientNotFoundError(store.name, `the server has no such client to ${operation}`);
    return live;
  };
  // `mine`: the kids this binding owns or declares; every other key kept from `live` goes back as read.
  const writeIfChanged = async (live: LiveBinding, next: LiveBinding, mine: readonly string[], operation: string) => {
    if (isDeepStrictEqual(next, live)) return live;
    const written = withForeignKeysAsRead(store.name, next, new Set(mine), store.refuses?.bind(store));
    const outcome = await store.write(written);
    if (!outcome?.rotatedCredential) return mustRead(`read back after ${operation}`);
    // The write was applied and handed out a new credential, which only a completed operation stores (a dynamic
    // provider cannot return state with an error). A failed read back must not throw it away: the outputs are
    // what the server accepted, and the next refresh reads the client again.
    try {
      return await mustRead(`read back after ${operation}`);
    } catch (e) {
      store.log?.(
        `${store.name}: the update was applied (and the registration token rotated, now kept in state) but reading the ` +
          `client back failed: ${e instanceof Error ? e.message : String(e)}; the outputs are what was written; run pulumi refresh to confirm`,
      );
      return written;
    }
  };
  return {
    name: store.name,
    ...(store.writer !== undefined ? { writer: store.writer } : {}),
    read: () => store.read(),
    async apply(declared, owned) {
      const live = await mustRead("bind keys");
      const mine = [...owned, ...(declared.keys ?? []).map((k) => k.kid)];
      return writeIfChanged(live, mergeClientKeys(store.name, declared, live, owned), mine, "binding keys");
    },
    async release(owned, jwksUri) {
      const live = await mustRead("release keys");
      return writeIfChanged(live, releaseClientKeys(live, owned, jwksUri), owned, "releasing keys");
    },
  };
}

/** How a kind that PUTs back the whole client document it read talks to its server. */
export interface WholeDocumentIo {
  /** What the PUT writes, normalised (`ClientBinder.writer`). */
  readonly writer?: string;
  /** GETs the client: the document as read and its live binding; `undefined` when the client does not exist. */
  get(): Promise<{ document: Record<string, unknown>; live: LiveBinding } | undefined>;
  /** PUTs `document` (as last read) with `next`'s keys and settings set; see {@link ClientDocumentStore.write}. */
  put(document: Record<string, unknown>, next: LiveBinding): Promise<WriteOutcome | void>;
  /** See {@link ClientDocumentStore.log}. */
  log?: ((message: string) => void) | undefined;
  /** See {@link ClientDocumentStore.refuses}. */
  refuses?(key: Record<string, unknown>): string | undefined;
}

/** A binder for kinds whose update replaces the whole client: the last document read is what the PUT builds on. */
export function wholeDocumentBinder(name: string, io: WholeDocumentIo): ClientBinder {
  let document: Record<string, unknown> | undefined;
  return documentBinder({
    name,
    ...(io.writer !== undefined ? { writer: io.writer } : {}),
    async read() {
      const found = await io.get();
      document = found?.document;
      return found?.live;
    },
    async write(next) {
      if (!document) throw new ClientResponseError(name, "update the client", "the client was not read first");
      return io.put(document, next);
    },
    ...(io.refuses ? { refuses: io.refuses.bind(io) } : {}),
    ...(io.log ? { log: io.log } : {}),
  });
}
