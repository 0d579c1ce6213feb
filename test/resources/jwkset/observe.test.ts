/**
 * A JwkSet on a read-only `url` target: up writes nothing and waits (with backoff, a progress line per wait)
 * until the declared keys are served; it fails naming the missing kids when they never are; destroy leaves the
 * URL alone; refresh reports drift. Against a real HTTP server on 127.0.0.1, with a virtual clock for the waits.
 */
import { jwkSetInputFailures } from "../../../provider/resources/jwkset/check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { describeKey, generateKey, type PublicJwk } from "../../../provider/core/keys/material";
import { awaitServed, unservedProblem, type ObserveClock } from "../../../provider/resources/jwkset/observe";
import { driftOf } from "../../../provider/core/jwks/drift";
import { publishKeySet, refreshKeySet, withdrawKeySet } from "../../../provider/resources/jwkset/logic";
import { urlTarget } from "../../../provider/targets/url/url";
import { startJwksServer, type JwksServer } from "../../servers/jwks-server";

let k1: PublicJwk;
let k2: PublicJwk;
let server: JwksServer;

beforeAll(async () => {
  const make = async (kid: string) => (await describeKey(await generateKey({ alg: "ES256" }), { alg: "ES256", use: "sig", kid })).publicJwk;
  [k1, k2] = await Promise.all([make("k1"), make("k2")]);
  server = await startJwksServer();
});
afterAll(() => server.close());

/** Virtual time: each sleep advances the clock; `onSleep` lets the test change what is served meanwhile. */
function virtualClock(onSleep: (slept: number[]) => void = () => {}): ObserveClock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
      onSleep(slept);
    },
  };
}

describe("awaitServed", () => {
  test("waits with backoff for a key that appears late, logging each wait", async () => {
    server.serve("/late", { body: { keys: [k1] } });
    const clock = virtualClock((slept) => {
      if (slept.length === 3) server.serve("/late", { body: { keys: [k1, k2] } });
    });
    const lines: string[] = [];
    const target = urlTarget({ kind: "url", url: server.url("/late"), waitSeconds: 60 });
    const live = await awaitServed(
      target,
      (l) => driftOf([k1, k2], l, "additive").drift,
      (m) => lines.push(m),
      clock,
    );
    expect(live.map((k) => k.kid)).toEqual(["k1", "k2"]);
    expect(clock.slept).toEqual([1000, 2000, 4000]);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/declared key\(s\) "k2" not served; checking again in 1 s \(waited 0 of 60 s\)/);
  });

  test("gives up at the deadline, naming the missing kids", async () => {
    server.serve("/never", { body: { keys: [k1] } });
    const clock = virtualClock();
    const target = urlTarget({ kind: "url", url: server.url("/never"), waitSeconds: 20 });
    const e = await awaitServed(target, (l) => driftOf([k1, k2], l, "additive").drift, undefined, clock).catch((err: Error) => err);
    expect((e as { code?: string }).code).toBe("ERR_JWKS_NOT_SERVED");
    expect((e as Error).message).toMatch(/declared key\(s\) "k2" not served, after waiting 20 s/);
    expect(clock.slept).toEqual([1000, 2000, 4000, 8000, 5000]);
  });

  test("a 404 is waited out (a CDN without the file yet); a policy refusal is not", async () => {
    const clock = virtualClock((slept) => {
      if (slept.length === 1) server.serve("/cdn", { body: { keys: [k1] } });
    });
    const target = urlTarget({ kind: "url", url: server.url("/cdn"), waitSeconds: 10 });
    await expect(awaitServed(target, (l) => driftOf([k1], l, "additive").drift, undefined, clock)).resolves.toHaveLength(1);
    server.serve("/away", { status: 302, headers: { location: "http://localhost:9/x" } });
    const away = urlTarget({ kind: "url", url: server.url("/away"), waitSeconds: 10 });
    const e = await awaitServed(away, (l) => driftOf([k1], l, "additive").drift, undefined, virtualClock()).catch((err) => err);
    expect(e.code).toBe("ERR_JWKS_FETCH");
    expect(e.reason).toBe("redirect-refused");
  });

  test("exclusive mode also waits for undeclared keys to go", () => {
    expect(unservedProblem(driftOf([k1], [k1, k2], "exclusive").drift)).toBe('undeclared key(s) "k2" served (exclusive mode)');
    expect(unservedProblem(driftOf([k1], [k1, k2], "additive").drift)).toBeUndefined();
    expect(unservedProblem(driftOf([k1], [{ ...k1, use: "enc" }], "additive").drift)).toBe('key(s) "k1" served with other content');
  });
});

describe("JwkSet on a url target", () => {
  test("up reads only (GET), destroy sends nothing, refresh reports drift", async () => {
    server.serve("/set", { body: { keys: [k1, k2] } });
    const config = { kind: "url" as const, url: server.url("/set"), waitSeconds: 0 };
    expect(await jwkSetInputFailures({ target: config, keys: [k1] })).toEqual([]);
    const before = server.requests.length;
    const outs = await publishKeySet({ target: config, keys: [k1], mode: "additive" }, [], urlTarget(config));
    expect(outs.drift).toEqual({ missing: [], changed: [], unexpected: [] });
    expect(outs.foreignKids).toEqual(["k2"]);
    await withdrawKeySet(outs, urlTarget(config));
    expect(server.requests.length - before).toBe(1);
    server.serve("/set", { body: { keys: [k2] } });
    const refreshed = await refreshKeySet(outs, urlTarget(config));
    expect(refreshed?.drift.missing).toEqual(["k1"]);
  });

  test("configuration failures name the property", async () => {
    const failures = await jwkSetInputFailures({
      target: { kind: "url", url: "http://example.com/jwks", waitSeconds: -1, token: "x" } as never,
      keys: [k1],
    });
    expect(failures.map((f) => f.property).sort()).toEqual(["target.token", "target.url", "target.waitSeconds"]);
  });
});
