/**
 * The guarantees of a rotation, checked on every transition before anything is applied (lifecycle.ts calls
 * `assertTransition`): the current signing key is never removed, the set never becomes empty of signing keys,
 * no key is promoted before `publishAhead` nor removed before its retirement window ends. The lifecycle is
 * built to keep them; this is the independent check that refuses a state breaking one (a bug), with nothing
 * applied.
 */
import { RotationInvariantError } from "../../errors/rotation";
import { ms, type Rotation, type RotationTimings, type ScheduledKey } from "./types";

/** Problems with one state on its own (empty list: none). */
export function stateProblems(rotation: Rotation): string[] {
  const problems: string[] = [];
  const count = (state: ScheduledKey["state"]) => rotation.keys.filter((k) => k.state === state).length;
  if (count("current") !== 1) problems.push(`${count("current")} current keys (exactly one signs)`);
  if (count("next") > 1) problems.push(`${count("next")} next keys (at most one)`);
  const kids = rotation.keys.map((k) => k.kid);
  const twice = kids.filter((kid, i) => kids.indexOf(kid) !== i);
  if (twice.length > 0) problems.push(`kids listed twice: ${twice.join(", ")}`);
  return problems;
}

/** Throws {@link RotationInvariantError} when going from `before` to `after` at `now` breaks a guarantee. */
export function assertTransition(before: Rotation, after: Rotation, timings: RotationTimings, now: number): void {
  const problems = stateProblems(after);
  const old = new Map(before.keys.map((k) => [k.kid, k]));
  const state = (kid: string) => after.keys.find((k) => k.kid === kid)?.state;
  for (const k of before.keys) {
    const to = state(k.kid);
    if (k.state === "current" && to !== "current" && to !== "retiring")
      problems.push(`current key ${k.kid} would become ${to ?? "removed"}`);
    if (k.state === "retiring" && to !== "retiring") {
      const windowEnd = Math.max(ms(k.removeAt), ms(k.since) + timings.retireAfterMs);
      if (now < windowEnd)
        problems.push(`retiring key ${k.kid} would be removed before its window ends (${new Date(windowEnd).toISOString()})`);
    }
    if (k.state === "next" && to === "current" && now < ms(k.publishedAt) + timings.publishAheadMs) {
      problems.push(`next key ${k.kid} would sign before it was published for publishAhead`);
    }
    if (k.state === "next" && to !== "next" && to !== "current") problems.push(`next key ${k.kid} would become ${to ?? "removed"}`);
  }
  for (const k of after.keys) {
    if (!old.has(k.kid) && k.state !== "next" && !(k.state === "current" && before.keys.length === 0)) {
      problems.push(`new key ${k.kid} would start as ${k.state} (only the first key of a rotation starts as current)`);
    }
  }
  if (problems.length > 0) throw new RotationInvariantError(problems.join("; "));
}
