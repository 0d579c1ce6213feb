/**
 * Prints a year of rotations as a timeline, from the lifecycle itself (provider/rotation/simulate.ts): an
 * hourly `pulumi up`, keys rotated every 90 days, published 2 days ahead, retired 3 days after they stop
 * signing, and a jwksUri behind a CDN that serves a new key 6 hours after it is published. Not a benchmark:
 * it lives here because bench/ holds the scripts that print.
 *
 *   bash scripts/run.sh dist/bench/rotation-timeline.js [rotateEvery=90d] [publishAhead=2d] [retireAfter=3d] [cdnDelay=6h]
 */
import { parseDuration } from "../provider/core/rotation/duration";
import { simulateRotation, timelineLines } from "../provider/core/rotation/simulate";

const arg = (i: number, fallback: string): number => {
  const d = parseDuration(process.argv[i] ?? fallback);
  if ("reason" in d) throw new TypeError(`argument ${i - 1}: ${d.reason}`);
  return d.ms;
};
const [rotateEveryMs, publishAheadMs, retireAfterMs, servedAfterMs] = [arg(2, "90d"), arg(3, "2d"), arg(4, "3d"), arg(5, "6h")];
const start = Date.parse("2027-01-01T00:00:00Z");
const ups = simulateRotation({
  timings: { rotateEveryMs, publishAheadMs, retireAfterMs },
  start,
  end: start + 365 * 86_400_000,
  upEveryMs: 3_600_000,
  servedAfterMs,
});
console.log(timelineLines(ups).join("\n"));
console.log(`${ups.length} ups changed something out of ${365 * 24 + 1} hourly ups; the others changed nothing.`);
