/**
 * The one clock of the rotation lifecycle and of certificate renewal (`Jwk` `certificate.renewBefore`).
 * Everything else takes "now" as a parameter; only the provider glue asks this module. `PULUMI_JWK_NOW` (an ISO 8601 time such as `2026-11-24T10:00:00Z`, or epoch milliseconds)
 * pins it, so tests (and a rehearsal of a schedule) can run `pulumi up` at any moment of a rotation. The engine
 * passes its environment to provider processes, so setting it for the `pulumi` command is enough.
 */
import { RotationClockError } from "../../errors/rotation";

/** The variable that pins the clock. */
export const CLOCK_ENV = "PULUMI_JWK_NOW";

/**
 * Now, in epoch milliseconds: `PULUMI_JWK_NOW` when set, else the system clock.
 *
 * @example
 * process.env.PULUMI_JWK_NOW = "2026-01-01T00:00:00Z"; now() // 1767225600000
 */
export function now(env: NodeJS.ProcessEnv = process.env): number {
  const pinned = env[CLOCK_ENV]?.trim();
  if (!pinned) return Date.now();
  const ms = /^\d+$/.test(pinned) ? Number(pinned) : Date.parse(pinned);
  if (!Number.isFinite(ms)) throw new RotationClockError(CLOCK_ENV, pinned);
  return ms;
}
