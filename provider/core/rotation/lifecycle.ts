/**
 * The lifecycle, pure: what one `pulumi up` at `now` may do, and the state after it does it. Each up advances
 * by what time allows and never further, so an up when nothing is due plans no step (an hourly CI run changes
 * nothing), and a late up does one rotation, not the ones it missed.
 *
 * Order of an up: retiring keys whose window ended are removed; a next key that was published `publishAhead`
 * ago (and, with a jwksUri, is served there) is promoted, the current key becoming retiring; with no next key,
 * one is published once the current key is `publishAhead` from its `rotateAt`, or when the trigger changed.
 */
import { isDeepStrictEqual } from "node:util";
import { formatDuration } from "./duration";
import { RotationRetireWindowError } from "../../errors/rotation";
import { assertTransition } from "./guardrails";
import { iso, ms, type Observation, type Plan, type Rotation, type RotationTimings, type ScheduledKey, type Step } from "./types";

/** Retired keys kept in the schedule (history only: they hold nothing and are on no target). */
export const RETIRED_KEPT = 5;

/**
 * The keys with due times recomputed from `timings`. A retiring key keeps the window it was promised when it
 * stopped signing (the tokens it signed were issued under the old timings): shortening `retireAfter` so that
 * a key would go before that window ends is refused, with the time left.
 */
export function reschedule(keys: readonly ScheduledKey[], timings: RotationTimings, now: number): ScheduledKey[] {
  const current = keys.find((k) => k.state === "current");
  const rotateAt = current && timings.rotateEveryMs !== undefined ? ms(current.since) + timings.rotateEveryMs : undefined;
  return keys.map((k): ScheduledKey => {
    const { promoteAt: _p, rotateAt: _r, removeAt: _x, ...bare } = k;
    if (k.state === "current") return rotateAt === undefined ? bare : { ...bare, rotateAt: iso(rotateAt) };
    if (k.state === "next") return { ...bare, promoteAt: iso(Math.max(ms(k.publishedAt) + timings.publishAheadMs, rotateAt ?? 0)) };
    if (k.state !== "retiring") return bare;
    const promised = ms(k.removeAt);
    const wanted = ms(k.since) + timings.retireAfterMs;
    if (wanted >= promised || promised <= now) return { ...bare, removeAt: iso(Math.max(wanted, promised)) };
    throw new RotationRetireWindowError(
      k.kid,
      promised - now,
      `retireAfter: ${formatDuration(timings.retireAfterMs)} would remove key ${JSON.stringify(k.kid)} at ${iso(wanted)}, inside ` +
        `the retirement window it was given when it stopped signing (until ${k.removeAt}, ${formatDuration(promised - now)} left): ` +
        `tokens it signed may still be in use. Keep retireAfter at ${formatDuration(promised - ms(k.since))} or more until ${k.removeAt}, then shorten it.`,
    );
  });
}

const seen = (o: Observation | undefined, kid: string) => o === undefined || (o.kids?.includes(kid) ?? false);

/**
 * What an up at `now` does. `observation` is what the jwksUri served (absent without a jwksUri).
 *
 * @example
 * planRotation({ keys: [] }, { publishAheadMs: 6e5, retireAfterMs: 6e5 }, undefined, Date.now()).steps
 * // [{ action: "publish", as: "current" }]
 */
export function planRotation(rotation: Rotation, timings: RotationTimings, trigger: unknown, now: number, observation?: Observation): Plan {
  const keys = reschedule(rotation.keys, timings, now);
  const current = keys.find((k) => k.state === "current");
  const recorded = { ...(trigger !== undefined ? { trigger } : {}) };
  if (!current) return { steps: [{ action: "publish", as: "current" }], keys, ...recorded };
  const steps: Step[] = keys
    .filter((k) => k.state === "retiring" && ms(k.removeAt) <= now)
    .map((k): Step => ({ action: "remove", kid: k.kid }));
  const next = keys.find((k) => k.state === "next");
  let blocked: Plan["blocked"];
  if (next && ms(next.promoteAt) <= now) {
    if (observation === undefined || seen(observation, next.kid)) steps.push({ action: "promote", kid: next.kid, retires: current.kid });
    else blocked = { kid: next.kid, reason: notSeen(next, observation, now) };
  } else if (!next) {
    const scheduled = current.rotateAt !== undefined && ms(current.rotateAt) - timings.publishAheadMs <= now;
    const triggered = trigger !== undefined && !isDeepStrictEqual(trigger, rotation.trigger);
    if (scheduled || triggered) steps.push({ action: "publish", as: "next" });
  }
  return { steps, keys, ...(blocked ? { blocked } : {}), ...recorded };
}

function notSeen(next: ScheduledKey, o: Observation, now: number): string {
  const served = o.kids
    ? `it serves ${o.kids.length === 0 ? "no keys" : `kids ${o.kids.map((k) => JSON.stringify(k)).join(", ")}`}`
    : `fetching it failed: ${o.error}`;
  return (
    `next key ${JSON.stringify(next.kid)} is due for promotion since ${next.promoteAt} (${formatDuration(now - ms(next.promoteAt))} ago) ` +
    `but ${o.uri} does not serve it yet (${served}); promotion waits until it does, and the current key keeps signing`
  );
}

/**
 * The state after `plan`'s steps. `minted` is the key generated for a `publish` step (the caller generates it
 * only when the plan has one). Checks every guardrail on the way (guardrails.ts) and throws before returning
 * a state that breaks one.
 */
export function applyRotation(
  rotation: Rotation,
  plan: Plan,
  timings: RotationTimings,
  now: number,
  minted?: { kid: string; alg: string },
): Rotation {
  const at = iso(now);
  let keys = plan.keys.map((k) => ({ ...k }));
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a plan's steps name only kids of plan.keys
  const byKid = (kid: string) => keys.find((k) => k.kid === kid)!;
  const rotateAt = timings.rotateEveryMs !== undefined ? { rotateAt: iso(now + timings.rotateEveryMs) } : {};
  for (const step of plan.steps) {
    if (step.action === "remove") {
      const { removeAt: _r, ...k } = byKid(step.kid);
      keys = keys.map((x) => (x.kid === step.kid ? { ...k, state: "retired", since: at } : x));
    } else if (step.action === "promote") {
      const { promoteAt: _p, ...next } = byKid(step.kid);
      const { rotateAt: _r, ...old } = byKid(step.retires);
      const promoted = { ...next, state: "current" as const, since: at, ...rotateAt };
      const retiring = { ...old, state: "retiring" as const, since: at, removeAt: iso(now + timings.retireAfterMs) };
      keys = keys.map((x) => (x.kid === step.kid ? promoted : x.kid === step.retires ? retiring : x));
    } else {
      if (!minted) throw new TypeError("applyRotation: a publish step needs the minted key");
      if (keys.some((k) => k.kid === minted.kid)) throw new TypeError(`applyRotation: kid ${minted.kid} is already in the schedule`);
      const current = keys.find((k) => k.state === "current");
      const fresh = { kid: minted.kid, alg: minted.alg, since: at, publishedAt: at };
      keys.push(
        step.as === "current"
          ? { ...fresh, state: "current", ...rotateAt }
          : {
              ...fresh,
              state: "next",
              promoteAt: iso(Math.max(now + timings.publishAheadMs, current?.rotateAt ? ms(current.rotateAt) : 0)),
            },
      );
    }
  }
  const retired = keys.filter((k) => k.state === "retired");
  const dropped = new Set(retired.slice(0, Math.max(0, retired.length - RETIRED_KEPT)).map((k) => k.kid));
  const after: Rotation = {
    keys: keys.filter((k) => !dropped.has(k.kid)),
    ...(plan.trigger !== undefined ? { trigger: plan.trigger } : {}),
  };
  assertTransition(rotation, after, timings, now);
  return after;
}

/** The kids each state holds. */
export function kidsIn(rotation: Rotation, ...states: ScheduledKey["state"][]): string[] {
  return rotation.keys.filter((k) => states.includes(k.state)).map((k) => k.kid);
}
