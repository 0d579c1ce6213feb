/**
 * The narrow interface every key-set target implements: a name and a list of the live keys. What a target can
 * do beyond that (write the whole set, write per key, a key lifecycle, expiring keys, read-only, ...) is a
 * capability declared in capabilities.ts, each with a type guard. A target that stores one document (a JWKS
 * file) writes the whole set; management APIs write per key so keys the stack does not own are never touched,
 * and replace the whole set only where the API has it (used in exclusive mode).
 */

/** Lifecycle state of a key on targets that have one (`statusOf`). */
export type KeyStatus = "ACTIVE" | "INACTIVE";

export interface KeySetTarget {
  /** Human-readable name for messages and errors, e.g. `file /srv/jwks.json`. Never holds a credential. */
  readonly name: string;
  /**
   * What the target writes, normalised (targets/queue.ts `writerKey`): writers sharing it, JwkSets and bindings
   * alike, queue behind each other in this process. Default `name`.
   */
  readonly writer?: string;
  /** The live keys, each normalised to its JWK members (vendor quirks and metadata removed), not validated. */
  list(): Promise<Record<string, unknown>[]>;
}

/** `{ kind: "file", path }`: a JWKS document on disk, as served from a static `/.well-known/jwks.json`. */
export interface FileTargetConfig {
  kind: "file";
  /** Path of the JWKS file; relative paths resolve against the Pulumi program's directory. */
  path: string;
}

/**
 * `{ kind: "url", url }`: a JWKS someone else publishes (`https://idp/.well-known/jwks.json`). Read-only: `up`
 * checks the declared keys are served, waiting for a CDN or cache to catch up; refresh reports drift.
 */
export interface UrlTargetConfig {
  kind: "url";
  /** The JWKS URL: https, or http to a loopback host. */
  url: string;
  /** Timeout of each read of the URL, in ms (default 10000). */
  timeoutMs?: number;
  /** How long `up` waits for the declared keys to be served before failing (default 60; 0 checks once). */
  waitSeconds?: number;
}
