/**
 * The narrow interface every key-set target implements, whatever its API allows. A target that stores one
 * document (a JWKS file) implements `replaceAll`; management APIs with per-key endpoints implement
 * `add`/`remove` so keys the stack does not own are never touched.
 */
import type { PublicJwk } from "../keys/material";

export interface KeySetTarget {
  /** Human-readable name for messages and errors, e.g. `file /srv/jwks.json`. Never holds a credential. */
  readonly name: string;
  /** The live keys, each normalised (vendor quirks removed) but not validated. */
  list(): Promise<Record<string, unknown>[]>;
  /** Replaces the whole set in one step (document targets). */
  replaceAll?(keys: readonly PublicJwk[]): Promise<void>;
  add?(key: PublicJwk): Promise<void>;
  remove?(key: Record<string, unknown>): Promise<void>;
}

/** `{ kind: "file", path }`: a JWKS document on disk, as served from a static `/.well-known/jwks.json`. */
export interface FileTargetConfig {
  kind: "file";
  /** Path of the JWKS file; relative paths resolve against the Pulumi program's directory. */
  path: string;
}

/** Every target kind this package knows, discriminated by `kind`. */
export type TargetConfig = FileTargetConfig;
