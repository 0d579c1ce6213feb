/**
 * The narrow interface every key-set target implements, as far as its API allows. A target that stores one
 * document (a JWKS file) implements `replaceAll`; management APIs implement per-key calls so keys the stack
 * does not own are never touched, and `replaceAll` only where the API has it (used in exclusive mode).
 */
import type { PublicJwk } from "../core/keys/material";

/** Lifecycle state of a key on targets that have one (Okta). */
export type KeyStatus = "ACTIVE" | "INACTIVE";

export interface KeySetTarget {
  /** Human-readable name for messages and errors, e.g. `file /srv/jwks.json`. Never holds a credential. */
  readonly name: string;
  /**
   * What the target writes, normalised (targets/queue.ts `writerKey`): writers sharing it, JwkSets and bindings
   * alike, queue behind each other in this process. Default `name`.
   */
  readonly writer?: string;
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
  /** True when the target will soon drop this live kid on its own (Janssen: its `exp` is near), as of the last `list()`. */
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
 * Janssen config-api (`/api/v1/config/jwks`). Credentials: OAuth client credentials, the client secret
 * read from the environment (never stored in state).
 */
export interface JanssenTargetConfig {
  kind: "janssen";
  /** Base URL of the config-api, e.g. `https://jans.example.com/jans-config-api`. */
  url: string;
  /** Token endpoint, e.g. `https://jans.example.com/jans-auth/restv1/token`. */
  tokenUrl: string;
  /** Client id (not secret); default: environment variable JANS_CLIENT_ID. */
  clientId?: string;
  /** Environment variable holding the client secret (default JANS_CLIENT_SECRET). */
  clientSecretEnv?: string;
  /** Janssen requires `exp` on every key: keys we add expire this many days later (default 365). */
  keyLifetimeDays?: number;
  timeoutMs?: number;
}

/** Okta app JWKS (`/api/v1/apps/{appId}/credentials/jwks`). Credentials: an API token from the environment. */
export interface OktaTargetConfig {
  kind: "okta";
  /** Org URL, e.g. `https://acme.okta.com`. */
  orgUrl: string;
  appId: string;
  /** "ssws" (API token, default) or "bearer" (OAuth access token with okta.apps.read/manage). */
  auth?: "ssws" | "bearer";
  /** Environment variable holding the token (default OKTA_API_TOKEN). */
  tokenEnv?: string;
  timeoutMs?: number;
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

/** Every target kind this package knows, discriminated by `kind`. */
export type TargetConfig = FileTargetConfig | JanssenTargetConfig | OktaTargetConfig | UrlTargetConfig;
