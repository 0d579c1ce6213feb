/**
 * The rotation lifecycle's data: plain JSON, stored in state as the `schedule` output. Times are ISO 8601
 * strings (readable in `pulumi stack output`); the lifecycle computes in epoch milliseconds.
 *
 * A key goes `next` (published, not signing) -> `current` (signs) -> `retiring` (published, no longer signs)
 * -> `retired` (removed from every target). The first key of a rotation starts as `current`: there is no
 * older key a verifier could fall back on, so waiting would only leave nothing to sign with.
 */

export type KeyState = "next" | "current" | "retiring" | "retired";

/** One key of the schedule. Holds no key material. */
export interface ScheduledKey {
  kid: string;
  alg: string;
  state: KeyState;
  /** When the key entered its state. */
  since: string;
  /** When the key was first published (its creation). */
  publishedAt: string;
  /** `next`: the earliest promotion (publishAhead after publishing, and not before the current key's rotateAt). */
  promoteAt?: string;
  /** `current` with `rotateEvery`: when it should stop signing; its successor is published `publishAhead` earlier. */
  rotateAt?: string;
  /** `retiring`: the end of its retirement window, when it is removed. */
  removeAt?: string;
}

/** The timings, in milliseconds. */
export interface RotationTimings {
  /** How long a key signs; absent: rotations happen only when `rotationTrigger` changes. */
  rotateEveryMs?: number | undefined;
  /** Minimum time a key is published before it signs. */
  publishAheadMs: number;
  /** How long a replaced key stays published. */
  retireAfterMs: number;
}

/** The lifecycle's state: the keys (oldest first) and the manual trigger as last applied. */
export interface Rotation {
  keys: ScheduledKey[];
  trigger?: unknown;
}

/** What the jwksUri served, when one is observed. */
export interface Observation {
  uri: string;
  /** Kids served; absent when the fetch failed. */
  kids?: string[];
  /** Why the fetch failed (status, timeout, not a JWK Set). */
  error?: string;
}

/** One step of an up. `publish` generates a key; `promote` makes the next key current and the current one retiring. */
export type Step =
  { action: "publish"; as: "current" | "next" } | { action: "promote"; kid: string; retires: string } | { action: "remove"; kid: string };

/** A due promotion that waits for the jwksUri to serve the key. */
export interface Blocked {
  kid: string;
  reason: string;
}

/** What an up at a given moment does: the steps, and the keys with their due times under the current timings. */
export interface Plan {
  steps: Step[];
  /** The keys before the steps, due times recomputed from the (possibly changed) timings. */
  keys: ScheduledKey[];
  blocked?: Blocked;
  /** The trigger to record. */
  trigger?: unknown;
}

export const iso = (ms: number): string => new Date(ms).toISOString();
/** Epoch ms of an ISO time; NaN when absent (a time a state does not carry compares false with every instant). */
export const ms = (time: string | undefined): number => (time === undefined ? NaN : Date.parse(time));
