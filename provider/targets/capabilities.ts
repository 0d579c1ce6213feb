/**
 * What a key-set target can do beyond listing its keys, one small interface per capability, each with a type
 * guard. An adapter declares the capabilities it implements in its return type (`KeySetTarget & PerKeyWriter &
 * KeyLifecycle`); generic code (apply, withdraw, the JwkSet logic) asks a guard before it uses one, so no caller
 * reaches for a method that may be missing.
 *
 * | capability        | methods                       | who has it                                  |
 * | ----------------- | ----------------------------- | ------------------------------------------- |
 * | WholeSetWriter    | replaceAll                    | file, Janssen (PUT, exclusive mode only)    |
 * | DocumentStore     | document: true + replaceAll   | file: every change is a whole-set write     |
 * | PerKeyWriter      | add, remove                   | Okta, Janssen                               |
 * | InPlaceUpdate     | update                        | Janssen (PATCH)                             |
 * | ExpiringKeys      | expiring, renew               | Janssen (`exp` on every key)                |
 * | KeyLifecycle      | statusOf, setStatus           | Okta (ACTIVE/INACTIVE)                      |
 * | Observed          | observed.waitMs               | url: read-only, someone else publishes      |
 * | DocumentBackup    | backupDocument                | file                                        |
 * | CrossProcessLock  | withLock                      | file                                        |
 * | HasOwnersRecord   | owners                        | file (`<file>.owners.json`), Janssen (`descr`), Okta (`ownersFile`) |
 */
import type { PublicJwk } from "../core/keys/material";
import type { KeySetTarget, KeyStatus } from "./types";

/** Replaces the whole set in one call. */
export interface WholeSetWriter {
  replaceAll(keys: readonly PublicJwk[]): Promise<void>;
}

/** The target is one document: every change is a `replaceAll`, and a live document may fail to parse. */
export interface DocumentStore extends WholeSetWriter {
  readonly document: true;
}

/** Adds and removes single keys, so keys the stack does not own are never touched. */
export interface PerKeyWriter {
  /** `status` only matters on targets with a {@link KeyLifecycle}. */
  add(key: PublicJwk, status?: KeyStatus): Promise<void>;
  remove(key: Record<string, unknown>): Promise<void>;
}

/** Changes a key in place (same kid); without it a change is a removal and an addition. */
export interface InPlaceUpdate {
  update(from: Record<string, unknown>, to: PublicJwk): Promise<void>;
}

/** Keys the target drops on its own once they expire (Janssen: `exp`), and a way to push that out. */
export interface ExpiringKeys {
  /** True when the target will soon drop this live kid on its own, as of the last `list()`. */
  expiring(kid: string): boolean;
  /** Pushes a live key's expiry out again. */
  renew(kid: string): Promise<void>;
}

/** A status per key (Okta: ACTIVE/INACTIVE). */
export interface KeyLifecycle {
  /** Status of a live kid as of the last `list()`. */
  statusOf(kid: string): KeyStatus | undefined;
  setStatus(kid: string, status: KeyStatus): Promise<void>;
}

/**
 * Read-only: a target this package never writes, only watches (a JWKS URL someone else publishes). `up` waits
 * until the declared keys are served and `destroy` leaves it alone; refresh reads it like any other target.
 */
export interface Observed {
  readonly observed: {
    /** How long `up` may wait for the declared keys to be served, in ms (0: check once). */
    waitMs: number;
  };
}

/**
 * A target whose refresh read may be answered from one listing of the server's sets (clients/listed-reads.ts):
 * the same keys as `list()`, with the statuses `statusOf` then gives, fetched with the other sets on the server.
 * Only refresh uses it; a read inside a write always lists the set itself.
 */
export interface ListedRefresh {
  listForRefresh(): Promise<Record<string, unknown>[]>;
}

/**
 * The live document can be copied aside before it is overwritten, so that exclusive mode can replace a document
 * that does not parse without losing what was in it (see document-backup.ts).
 */
export interface DocumentBackup {
  /** Copies the live document next to itself and returns the copy's path. */
  backupDocument(): Promise<string>;
}

/** Read-diff-write cycles must also exclude other processes (a file; see lock.ts). */
export interface CrossProcessLock {
  withLock<T>(fn: () => Promise<T>): Promise<T>;
}

/** kid -> owner ids (sorted, no repeats). */
export type Owners = Map<string, string[]>;

/** Where a target keeps who owns each kid (see file/owners.ts and resources/jwkset/claims.ts). */
export interface OwnersRecord {
  /** Where, for messages (e.g. the sidecar file's path). */
  readonly location: string;
  read(): Promise<Owners>;
  /** Writes `owners`; an empty record removes itself. */
  write(owners: Owners): Promise<void>;
}

/** The target persists who owns each kid (files, Janssen keys' `descr`, a shared record the user names). */
export interface HasOwnersRecord {
  readonly owners: OwnersRecord;
}

/** Whether `target` has a function member under each of `names`. */
function hasMethods(target: object, ...names: string[]): boolean {
  const members = target as Record<string, unknown>;
  return names.every((n) => typeof members[n] === "function");
}

export function canReplaceAll(target: KeySetTarget): target is KeySetTarget & WholeSetWriter {
  return hasMethods(target, "replaceAll");
}

export function isDocument(target: KeySetTarget): target is KeySetTarget & DocumentStore {
  return (target as Partial<DocumentStore>).document === true && canReplaceAll(target);
}

export function canWritePerKey(target: KeySetTarget): target is KeySetTarget & PerKeyWriter {
  return hasMethods(target, "add", "remove");
}

export function canUpdateInPlace(target: KeySetTarget): target is KeySetTarget & InPlaceUpdate {
  return hasMethods(target, "update");
}

export function hasExpiringKeys(target: KeySetTarget): target is KeySetTarget & ExpiringKeys {
  return hasMethods(target, "expiring", "renew");
}

export function hasKeyLifecycle(target: KeySetTarget): target is KeySetTarget & KeyLifecycle {
  return hasMethods(target, "statusOf", "setStatus");
}

export function canListForRefresh(target: KeySetTarget): target is KeySetTarget & ListedRefresh {
  return typeof (target as Partial<ListedRefresh>).listForRefresh === "function";
}

export function isObserved(target: KeySetTarget): target is KeySetTarget & Observed {
  const observed = (target as Partial<Observed>).observed;
  return typeof observed === "object" && observed !== null;
}

export function canBackUp(target: KeySetTarget): target is KeySetTarget & DocumentBackup {
  return hasMethods(target, "backupDocument");
}

export function hasCrossProcessLock(target: KeySetTarget): target is KeySetTarget & CrossProcessLock {
  return hasMethods(target, "withLock");
}

export function hasOwnersRecord(target: KeySetTarget): target is KeySetTarget & HasOwnersRecord {
  const owners = (target as Partial<HasOwnersRecord>).owners;
  return owners !== undefined && typeof owners.read === "function";
}
