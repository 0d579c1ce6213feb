/**
 * `up` on a read-only target (the Observed capability, targets/capabilities.ts): nothing is written; the declared keys must be served (all of
 * them, and in exclusive mode nothing else). A CDN or cache may lag behind the publisher, so the set is read
 * again with backoff until it matches or the target's wait runs out, with a progress line before each wait.
 */
import { hasCode, JwksFetchError, JwksNotServedError } from "../../errors";
import type { Observed } from "../../targets/capabilities";
import type { KeySetTarget } from "../../targets/types";
import type { Drift } from "../../core/jwks/drift";

/** What still keeps the live set from matching, in words naming the kids; undefined when it matches. */
export function unservedProblem(drift: Drift): string | undefined {
  const parts: string[] = [];
  const list = (kids: string[]) => kids.map((k) => `"${k}"`).join(", ");
  if (drift.missing.length > 0) parts.push(`declared key(s) ${list(drift.missing)} not served`);
  if (drift.changed.length > 0) parts.push(`key(s) ${list(drift.changed)} served with other content`);
  if (drift.unexpected.length > 0) parts.push(`undeclared key(s) ${list(drift.unexpected)} served (exclusive mode)`);
  return parts.length > 0 ? parts.join("; ") : undefined;
}

/** Fetch failures worth waiting out (a CDN that 404s until it has the file, a server restarting). */
const TRANSIENT = new Set(["status", "network", "timeout", "not-jwks", "content-type"]);

export interface ObserveClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

const realClock: ObserveClock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

/**
 * Reads `target` until `driftIn(live)` finds no drift, waiting 1, 2, 4... s (at most 15 s) between reads.
 * Returns the matching live set; throws {@link JwksNotServedError} naming the kids when the wait runs out.
 */
export async function awaitServed(
  target: KeySetTarget & Observed,
  driftIn: (live: readonly Record<string, unknown>[]) => Drift,
  log?: (message: string) => void,
  clock: ObserveClock = realClock,
): Promise<Record<string, unknown>[]> {
  const started = clock.now();
  const waitMs = target.observed.waitMs;
  for (let attempt = 0; ; attempt++) {
    let problem: string;
    let drift: Drift | undefined;
    let cause: unknown;
    try {
      const live = await target.list();
      drift = driftIn(live);
      const unserved = unservedProblem(drift);
      if (unserved === undefined) return live;
      problem = unserved;
    } catch (e) {
      if (!hasCode(e, JwksFetchError) || !TRANSIENT.has(e.reason)) throw e;
      problem = e.message;
      cause = e;
    }
    const waited = clock.now() - started;
    const next = Math.min(1000 * 2 ** attempt, 15_000, waitMs - waited);
    if (next <= 0) throw new JwksNotServedError(target.name, waited, problem, drift, { cause });
    log?.(
      `${target.name}: ${problem}; checking again in ${Math.ceil(next / 1000)} s (waited ${Math.round(waited / 1000)} of ${waitMs / 1000} s)`,
    );
    await clock.sleep(next);
  }
}
