/**
 * Durations as people write them in a program: `"90d"`, `"12h"`, `"1d12h"`, `"30m"`, `"45s"`, `"2w"`, or a
 * number of seconds. Parsed to milliseconds for the lifecycle, and printed back the same way in messages.
 */

const UNIT_MS: Readonly<Record<string, number>> = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000 };
const PATTERN = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/**
 * Milliseconds in `value`, or a reason it is not a duration. Zero is refused: every timing of a rotation must
 * leave verifiers some time.
 *
 * @example
 * parseDuration("1d12h") // { ms: 129600000 }
 * parseDuration(90)      // { ms: 90000 } (seconds)
 */
export function parseDuration(value: unknown): { ms: number } | { reason: string } {
  if (typeof value === "number") {
    if (!Number.isFinite(value) || value <= 0) return { reason: `must be a positive number of seconds, got ${value}` };
    return { ms: Math.round(value * 1000) };
  }
  const text = typeof value === "string" ? value.trim() : "";
  const m = PATTERN.exec(text);
  if (text === "" || !m) {
    return { reason: `must be a duration like "90d", "12h", "1d12h", "30m" or a number of seconds, got ${JSON.stringify(value)}` };
  }
  const ms = ["w", "d", "h", "m", "s"].reduce((sum, unit, i) => sum + Number(m[i + 1] ?? 0) * UNIT_MS[unit], 0);
  return ms > 0 ? { ms } : { reason: `must be longer than zero, got ${JSON.stringify(value)}` };
}

/**
 * A duration for messages, in the two largest units: `3d 4h`, `2h 5m`, `40s`.
 *
 * @example
 * formatDuration(93_600_000) // "1d 2h"
 */
export function formatDuration(ms: number): string {
  if (ms < 1000) return "0s";
  const parts: string[] = [];
  let rest = Math.floor(ms / 1000) * 1000;
  for (const unit of ["d", "h", "m", "s"]) {
    const n = Math.floor(rest / UNIT_MS[unit]);
    rest -= n * UNIT_MS[unit];
    if (n > 0 || parts.length > 0) parts.push(`${n}${unit}`);
    if (parts.length === 2) break;
  }
  return parts.filter((p) => !p.startsWith("0")).join(" ") || "0s";
}
