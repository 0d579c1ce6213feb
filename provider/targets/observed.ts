/**
 * The read-only capability: a target this package never writes, only watches (a JWKS URL someone else
 * publishes). For such a target `up` waits until the declared keys are served and `destroy` leaves it alone;
 * refresh reads it like any other target.
 */
import type { KeySetTarget } from "./types";

/** A target whose content someone else writes. */
export interface Observed {
  readonly observed: {
    /** How long `up` may wait for the declared keys to be served, in ms (0: check once). */
    waitMs: number;
  };
}

export function isObserved(target: KeySetTarget): target is KeySetTarget & Observed {
  return typeof (target as Partial<Observed>).observed === "object";
}
