/**
 * stub.ts registers our resources with stack capture off (the SDK's per-property leak traces were most of a
 * program's CPU beyond a no-op resource), restores the process's limit afterwards, and keeps the traces when
 * PULUMI_DEBUG_PROMISE_LEAKS asks for them. Driven through the SDK's real registration under its mocks.
 */
import * as pulumi from "@pulumi/pulumi";
import { afterEach, beforeAll, expect, test } from "vitest";
import { Jwk } from "../../provider/resources/jwk/jwk";

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    { newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs },
    "project",
    "stack",
    true,
  );
});
afterEach(() => {
  delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
});

/** The number of frames of each stack trace captured while `build` runs. */
function tracesCaptured(build: () => void): number[] {
  const frames: number[] = [];
  const original = Error.prepareStackTrace;
  Error.prepareStackTrace = (error, sites) => (frames.push(sites.length), original ? original(error, sites) : String(error));
  try {
    build();
  } finally {
    Error.prepareStackTrace = original;
  }
  return frames.filter((n) => n > 0);
}

test("registration captures no stack frames, and the process's limit is restored", () => {
  Error.stackTraceLimit = 17;
  // One trace with frames is left: the SDK's source position of the resource (Resource.callsites).
  expect(tracesCaptured(() => new Jwk("k", { alg: "ES256" }))).toHaveLength(1);
  expect(Error.stackTraceLimit).toBe(17);
  expect(new Error().stack!.split("\n").length).toBeGreaterThan(1);
});

test("the limit is restored when registration throws", () => {
  Error.stackTraceLimit = 12;
  expect(() => new Jwk("bad", { alg: "ES256" }, { parent: {} as pulumi.Resource })).toThrow();
  expect(Error.stackTraceLimit).toBe(12);
});

test("PULUMI_DEBUG_PROMISE_LEAKS keeps the traces", () => {
  process.env.PULUMI_DEBUG_PROMISE_LEAKS = "1";
  // Four per registered property, and more for the registration's own promises.
  expect(tracesCaptured(() => new Jwk("k2", { alg: "ES256" })).length).toBeGreaterThan(8);
});
