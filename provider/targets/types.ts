/**
 * The narrow interface every key-set target implements, as far as its API allows. A target that stores one
 * document (a JWKS file) implements `replaceAll`; management APIs implement per-key calls so keys the stack
 * does not own are never touched, and `replaceAll` only where the API has it (used in exclusive mode).
 */
import type { PublicJwk } from "../core/keys/material";

/** Lifecycle state of a key on targets that have one (`statusOf`). */
export type KeyStatus = "ACTIVE" | "INACTIVE";

export interface KeySetTarget {
  /** Human-readable name for messages and errors, e.g. `file /srv/jwks.json`. Never holds a credential. */
  readonly name: string;
  /** True when the target is one document: every change is a `replaceAll`. */
  readonly document?: boolean;
  /** The live keys, each normalised to its JWK members (vendor quirks and metadata removed), not validated. */
  list(): Promise<Record<string, unknown>[]>;
  /** Replaces the whole set in one call. */
  replaceAll?(keys: readonly PublicJwk[]): Promise<void>;
  add?(key: PublicJwk, status?: KeyStatus): Promise<void>;
  /** Changes a key in place (same kid); without it a change is a removal and an addition. */
  update?(from: Record<string, unknown>, to: PublicJwk): Promise<void>;
  remove?(key: Record<string, unknown>): Promise<void>;
  /** True when the target will soon drop this live kid on its own (e.g. its `exp` is near), as of the last `list()`. */
  expiring?(kid: string): boolean;
  /** Pushes a live key's expiry out again. */
  renew?(kid: string): Promise<void>;
  /** Status of a live kid as of the last `list()`; only on targets with a key lifecycle. */
  statusOf?(kid: string): KeyStatus | undefined;
  setStatus?(kid: string, status: KeyStatus): Promise<void>;
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

// Every target kind this package knows, discriminated by `kind`: assembled in the registry, where each kind's
// module is named (a vendor's config type lives in its folder).
export type { TargetConfig } from "../registry/targets";
