import { describe, expect, test } from "vitest";
import { now } from "../../../provider/core/rotation/clock";
import { RotationClockError } from "../../../provider/errors";
import { formatDuration, parseDuration } from "../../../provider/core/rotation/duration";
import { servedKids } from "../../../provider/core/rotation/observe";
import { rotationTimings } from "../../../provider/core/rotation/policy";

describe("rotationTimings", () => {
  const base = { rotateEvery: "30d", publishAhead: "2d", retireAfter: "3d" };
  test("parses the timings", () => {
    expect(rotationTimings(base)).toEqual({
      timings: { rotateEveryMs: 30 * 86_400_000, publishAheadMs: 2 * 86_400_000, retireAfterMs: 3 * 86_400_000 },
      failures: [],
    });
  });
  test("retireAfter must cover tokenLifetime + jwksCacheTtl, publishAhead the cache time", () => {
    const { failures } = rotationTimings({ ...base, tokenLifetime: "2d", jwksCacheTtl: "3d" });
    expect(failures.map((f) => f.property)).toEqual(["retireAfter", "publishAhead"]);
    expect(failures[0]!.reason).toMatch(/must cover tokenLifetime \+ jwksCacheTtl \(5d\).*got 3d/);
    expect(rotationTimings({ ...base, tokenLifetime: "1d", jwksCacheTtl: "1d" }).failures).toEqual([]);
  });
  test("names each bad input", () => {
    const { failures, timings } = rotationTimings({
      rotateEvery: "1h",
      publishAhead: "2h",
      retireAfter: "soon",
      jwksUri: "http://id.example.com/jwks",
    });
    expect(timings).toBeUndefined();
    expect(failures.map((f) => f.property).sort()).toEqual(["jwksUri", "retireAfter", "rotateEvery"]);
    expect(rotationTimings({ publishAhead: "1h", retireAfter: "1h" }).failures[0]).toMatchObject({
      property: "rotateEvery",
      reason: expect.stringMatching(/or rotationTrigger/),
    });
    expect(rotationTimings({ ...base, jwksUri: "http://127.0.0.1:8080/jwks.json" }).failures).toEqual([]);
  });
});

test("durations", () => {
  expect(parseDuration("1d12h")).toEqual({ ms: 36 * 3_600_000 });
  expect(parseDuration(90)).toEqual({ ms: 90_000 });
  expect(parseDuration("0s")).toHaveProperty("reason");
  expect(parseDuration("3 days")).toHaveProperty("reason");
  expect(formatDuration(93_600_000)).toBe("1d 2h");
  expect(formatDuration(13 * 60_000)).toBe("13m");
  expect(formatDuration(86_400_000 + 30_000)).toBe("1d");
});

test("the clock: PULUMI_JWK_NOW pins it, as ISO time or epoch ms", () => {
  expect(now({ PULUMI_JWK_NOW: "2026-01-01T00:00:00Z" })).toBe(Date.parse("2026-01-01T00:00:00Z"));
  expect(now({ PULUMI_JWK_NOW: "1767225600000" })).toBe(1767225600000);
  expect(Math.abs(now({}) - Date.now())).toBeLessThan(1000);
  expect(() => now({ PULUMI_JWK_NOW: "tomorrow" })).toThrow(expect.objectContaining({ code: RotationClockError.code }));
});

test("servedKids reads a JWK Set and nothing else", () => {
  expect(servedKids({ keys: [{ kid: "a" }, { kty: "EC" }, { kid: "b" }] })).toEqual(["a", "b"]);
  expect(servedKids({ keys: "no" })).toBeUndefined();
  expect(servedKids(null)).toBeUndefined();
});
