/**
 * Seeded fault injection for the emulators: each request gets, with probability `rate`, one of four faults (a 429
 * with the vendor's rate-limit headers, a 500/502/503, a delay past the client's timeout, a connection reset),
 * drawn from one seeded generator, so a run is reproducible from its seed as long as requests arrive in the same
 * order (the drivers send one request at a time). The seed comes from JWK_FAULT_SEED when set.
 */
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { mersenne } from "pure-rand/generator/mersenne";
import type { Fault, FaultPolicy } from "../emulators/server";

export const FAULT_KINDS = ["429", "5xx", "timeout", "reset"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The seed of this run: JWK_FAULT_SEED if set (an integer), else a fresh one to print. */
export function faultSeed(env: NodeJS.ProcessEnv = process.env): number {
  const given = env.JWK_FAULT_SEED;
  if (given === undefined || given === "") return Math.floor(Math.random() * 2 ** 31);
  const seed = Number(given);
  if (!Number.isSafeInteger(seed)) throw new TypeError(`JWK_FAULT_SEED must be an integer, not ${JSON.stringify(given)}`);
  return seed;
}

export interface FaultInjector {
  /** The policy for one emulator; `vendor` chooses the 429's headers. All policies share one generator. */
  policy(vendor: "okta" | "janssen"): FaultPolicy;
  /** Requests seen and faults injected, by kind. */
  readonly counts: { requests: number; injected: Record<FaultKind, number> };
  /** Pauses or resumes injection (counts keep what was seen). */
  enabled: boolean;
  /** Resolves once every delayed request has been handled by its emulator (its late write is in). */
  settle(): Promise<void>;
}

/**
 * @param timeoutMs the clients' per-attempt timeout: a "timeout" fault delays the answer to twice that, so the
 *   client gives up first and the emulator still carries the request out afterwards (as a slow server does).
 */
export function seededFaults(options: { seed: number; rate: number; timeoutMs: number }): FaultInjector {
  const rng = mersenne(options.seed);
  const counts = { requests: 0, injected: { "429": 0, "5xx": 0, timeout: 0, reset: 0 } as Record<FaultKind, number> };
  let lateUntil = 0;
  const injector: FaultInjector = {
    counts,
    enabled: true,
    policy: (vendor) => () => {
      counts.requests++;
      if (!injector.enabled || uniformFloat64(rng) >= options.rate) return undefined;
      const kind = FAULT_KINDS[uniformInt(rng, 0, FAULT_KINDS.length - 1)]!;
      counts.injected[kind]++;
      return faultOf(kind, vendor, uniformInt(rng, 0, 2));
    },
    async settle() {
      const wait = lateUntil - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait + 50));
    },
  };
  function faultOf(kind: FaultKind, vendor: "okta" | "janssen", pick: number): Fault {
    switch (kind) {
      case "429":
        // Okta says when its rate-limit window resets (epoch seconds); Janssen's proxies send Retry-After.
        return vendor === "okta"
          ? { status: 429, headers: { "X-Rate-Limit-Reset": String(Math.ceil(Date.now() / 1000)) } }
          : { status: 429, headers: { "Retry-After": "1" } };
      case "5xx":
        return { status: [500, 502, 503][pick]! };
      case "timeout": {
        const ms = options.timeoutMs * 2;
        lateUntil = Math.max(lateUntil, Date.now() + ms);
        return { kind: "delay", ms };
      }
      case "reset":
        return { kind: "reset" };
    }
  }
  return injector;
}
