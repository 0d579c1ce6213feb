/**
 * Rehearses a rotation without keys or servers: runs the lifecycle (lifecycle.ts) as a scheduled job would,
 * one up every `upEvery`, and lists what each up did. The README's year-of-rotations timeline is printed from
 * this (bench/rotation-timeline.ts), so the text is what the code does.
 */
import { applyRotation, planRotation } from "./lifecycle";
import { iso, type Rotation, type RotationTimings, type Step } from "./types";

/** One up that did something. */
export interface SimulatedUp {
  at: string;
  steps: Step[];
  /** Kid of the key published by a `publish` step. */
  published?: string;
  /** The kids published after this up, by state. */
  next?: string;
  current: string;
  retiring: string[];
}

export interface SimulationOptions {
  timings: RotationTimings;
  start: number;
  end: number;
  /** How often `pulumi up` runs (e.g. an hourly CI job). */
  upEveryMs: number;
  /** How long after publishing the jwksUri starts serving a key (CDN delay); absent: no jwksUri. */
  servedAfterMs?: number;
}

/**
 * Every up between `start` and `end` that changed something (the others change nothing by construction).
 *
 * @example
 * simulateRotation({ timings, start: Date.parse("2026-01-01"), end: Date.parse("2027-01-01"), upEveryMs: 3_600_000 })
 */
export function simulateRotation(o: SimulationOptions): SimulatedUp[] {
  let rotation: Rotation = { keys: [] };
  let counter = 0;
  const ups: SimulatedUp[] = [];
  for (let t = o.start; t <= o.end; t += o.upEveryMs) {
    const served = rotation.keys
      .filter((k) => o.servedAfterMs === undefined || Date.parse(k.publishedAt) + o.servedAfterMs <= t)
      .map((k) => k.kid);
    const observation = o.servedAfterMs === undefined ? undefined : { uri: "https://example.test/jwks.json", kids: served };
    const plan = planRotation(rotation, o.timings, undefined, t, observation);
    if (plan.steps.length === 0) continue;
    const minted = plan.steps.some((s) => s.action === "publish") ? { kid: `key-${++counter}`, alg: "ES256" } : undefined;
    rotation = applyRotation(rotation, plan, o.timings, t, minted);
    const by = (state: string) => rotation.keys.filter((k) => k.state === state).map((k) => k.kid);
    ups.push({
      at: iso(t),
      steps: plan.steps,
      ...(minted ? { published: minted.kid } : {}),
      ...(by("next")[0] ? { next: by("next")[0] } : {}),
      current: by("current")[0],
      retiring: by("retiring"),
    });
  }
  return ups;
}

/** One line per up, for people. */
export function timelineLines(ups: readonly SimulatedUp[]): string[] {
  return ups.map((u) => {
    const did = u.steps.map((s) =>
      s.action === "publish"
        ? `publish ${u.published} as ${s.as}`
        : s.action === "promote"
          ? `promote ${s.kid} (${s.retires} retiring)`
          : `remove ${s.kid}`,
    );
    return `${u.at.slice(0, 16).replace("T", " ")}  ${did.join(", ")}`;
  });
}
