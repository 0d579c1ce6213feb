/**
 * What comes next in a rotation and when, for preview messages and the `nextStep` output; and one line per
 * planned step, for the message of an up that does something.
 */
import { formatDuration } from "./duration";
import { ms, type Plan, type Rotation, type RotationTimings } from "./types";

/** The next step of a rotation and when it becomes due (absent `dueAt`: nothing is scheduled). */
export interface NextStep {
  action: "publish-next" | "promote" | "remove" | "none";
  kid?: string;
  dueAt?: string;
  /** One sentence for people. */
  description: string;
}

/**
 * The earliest step ahead of `rotation` (as it is after this up).
 *
 * @example
 * nextStep(rotation, timings, "https://id.example.com/jwks.json").description
 * // 'promote "k2" to current at 2026-03-01T00:00:00.000Z, once https://... serves it'
 */
export function nextStep(rotation: Rotation, timings: RotationTimings, jwksUri: string | undefined): NextStep {
  const candidates: NextStep[] = [];
  // Absolute times only: this text is stored as an output and read long after `now`.
  const when = (at: string | undefined) => at;
  for (const k of rotation.keys) {
    if (k.state === "retiring") {
      candidates.push({
        action: "remove",
        kid: k.kid,
        dueAt: k.removeAt,
        description: `remove retiring key "${k.kid}" at ${when(k.removeAt)}`,
      });
    } else if (k.state === "next") {
      const seen = jwksUri ? `, once ${jwksUri} serves it` : "";
      candidates.push({
        action: "promote",
        kid: k.kid,
        dueAt: k.promoteAt,
        description: `promote "${k.kid}" to current at ${when(k.promoteAt)}${seen}`,
      });
    }
  }
  const current = rotation.keys.find((k) => k.state === "current");
  const hasNext = rotation.keys.some((k) => k.state === "next");
  if (current?.rotateAt && !hasNext) {
    const at = new Date(ms(current.rotateAt) - timings.publishAheadMs).toISOString();
    candidates.push({
      action: "publish-next",
      dueAt: at,
      description: `publish the next key at ${when(at)}, ahead of the rotation of "${current.kid}"`,
    });
  }
  candidates.sort((a, b) => ms(a.dueAt) - ms(b.dueAt));
  return candidates[0] ?? { action: "none", description: "nothing scheduled: change rotationTrigger (or set rotateEvery) to rotate" };
}

/** When `step` becomes due, relative to `now`: "due now" or "in 3h 20m". */
export function dueIn(step: NextStep, now: number): string {
  if (step.dueAt === undefined) return "not scheduled";
  const left = ms(step.dueAt) - now;
  return left <= 0 ? "due now" : `in ${formatDuration(left)}`;
}

/** One line per step of `plan`, for people. */
export function describeSteps(plan: Plan, timings: RotationTimings, now: number): string[] {
  return plan.steps.map((s) => {
    if (s.action === "remove") return `remove retiring key "${s.kid}" (its retirement window ended)`;
    if (s.action === "promote") {
      const until = new Date(now + timings.retireAfterMs).toISOString();
      return `promote "${s.kid}" to current; "${s.retires}" stops signing and stays published until ${until}`;
    }
    return s.as === "current"
      ? "generate and publish the first signing key"
      : "generate and publish the next key (it signs after publishAhead)";
  });
}
