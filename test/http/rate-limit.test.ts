/**
 * The per-server limiter (issue 21 item 4), on a fake clock: calls stop before a vendor's announced window runs
 * out and resume at its reset, concurrent calls reserve in order, Retry-After pauses every call to the server,
 * the configured ceiling spaces calls, and late or stale answers do not loosen the window.
 */
import type { MockAgent } from "undici";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { ceilingFromEnv, RateLimiter } from "../../provider/http/rate-limit";
import { HttpClient } from "../../provider/http/send";
import { oktaRateLimitWindow } from "../../provider/vendors/okta/http";
import { JSON_HEADERS, newAgent, seen } from "./mock-http";

const T0 = Date.UTC(2026, 0, 1);

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

/** Starts `n` acquisitions at once; resolves with the (fake) time each one was let through, relative to T0. */
async function startTimes(limiter: RateLimiter, n: number, runFor: number): Promise<number[]> {
  const times: number[] = [];
  const all = Promise.all(Array.from({ length: n }, () => limiter.acquire().then(() => times.push(Date.now() - T0))));
  await vi.advanceTimersByTimeAsync(runFor);
  await all;
  return times;
}

describe("RateLimiter", () => {
  test("an exhausted window holds every call until its reset, then lets the window's limit through", async () => {
    const limiter = new RateLimiter();
    limiter.observe({ limit: 3, remaining: 2, resetAtMs: T0 + 10_000 }, undefined);
    // 2 left now, then 3 after the reset (and a 100 ms margin for clocks that announce whole seconds).
    const times = await startTimes(limiter, 5, 10_100);
    expect(times).toEqual([0, 0, 10_100, 10_100, 10_100]);
  });

  test("the lowest remaining figure of one window wins (out-of-order answers, other clients); a stale window is ignored", async () => {
    const limiter = new RateLimiter();
    limiter.observe({ limit: 10, remaining: 1, resetAtMs: T0 + 5_000 }, undefined);
    limiter.observe({ limit: 10, remaining: 8, resetAtMs: T0 + 5_000 }, undefined); // answered earlier, arrived later
    limiter.observe({ limit: 10, remaining: 9, resetAtMs: T0 - 1_000 }, undefined); // a window already over
    expect(await startTimes(limiter, 2, 5_100)).toEqual([0, 5_100]);
  });

  test("regression: the window after a reset is paced by what its answers announce (calls stalled forever once it ran out)", async () => {
    const limiter = new RateLimiter();
    limiter.observe({ limit: 2, remaining: 0, resetAtMs: T0 + 1_000 }, undefined);
    expect(await startTimes(limiter, 1, 1_100)).toEqual([1_100]);
    // The call's answer, in the new window: one call left until T0 + 61 s.
    limiter.observe({ limit: 2, remaining: 1, resetAtMs: T0 + 61_000 }, undefined);
    expect(await startTimes(limiter, 2, 60_000)).toEqual([1_100, 61_100]);
  });

  test("regression: calls in flight when the first answer arrives count against its window (20 sets at once drew 19 429s)", async () => {
    const limiter = new RateLimiter();
    expect(await startTimes(limiter, 5, 0)).toEqual([0, 0, 0, 0, 0]); // nothing known yet: all five go
    // The first answer says 4 are left, but the 4 others in flight will take them.
    limiter.observe({ limit: 5, remaining: 4, resetAtMs: T0 + 10_000 }, undefined);
    expect(await startTimes(limiter, 1, 10_100)).toEqual([10_100]);
  });

  test("Retry-After pauses every call to the server", async () => {
    const limiter = new RateLimiter();
    limiter.observe(undefined, 3_000);
    expect(await startTimes(limiter, 3, 3_000)).toEqual([3_000, 3_000, 3_000]);
  });

  test("a ceiling of requests per minute spaces the calls", async () => {
    expect(await startTimes(new RateLimiter(60), 3, 2_000)).toEqual([0, 1_000, 2_000]);
  });

  test("without a window, a pause or a ceiling nothing waits", async () => {
    expect(await startTimes(new RateLimiter(), 50, 0)).toEqual(Array(50).fill(0));
  });
});

describe("ceiling and Okta's headers", () => {
  test("PULUMI_JWK_MAX_REQUESTS_PER_MINUTE: a positive number; anything else names the variable", () => {
    expect(ceilingFromEnv(undefined)).toBeUndefined();
    expect(ceilingFromEnv("120")).toBe(120);
    for (const bad of ["0", "-5", "fast"])
      expect(() => ceilingFromEnv(bad)).toThrow(/PULUMI_JWK_MAX_REQUESTS_PER_MINUTE: must be a positive number of requests per minute/);
  });

  test("oktaRateLimitWindow reads X-Rate-Limit-Limit/-Remaining/-Reset; without them there is no window", () => {
    expect(oktaRateLimitWindow({ "x-rate-limit-limit": "100", "x-rate-limit-remaining": "7", "x-rate-limit-reset": "1767225600" })).toEqual(
      {
        limit: 100,
        remaining: 7,
        resetAtMs: 1767225600_000,
      },
    );
    expect(oktaRateLimitWindow({ "x-rate-limit-remaining": "7" })).toBeUndefined();
    expect(oktaRateLimitWindow({ "x-rate-limit-remaining": "", "x-rate-limit-reset": "1" })).toBeUndefined();
  });
});

describe("HttpClient paced by the server's window", () => {
  let agent: MockAgent;
  beforeEach(() => {
    agent = newAgent();
  });
  afterEach(async () => {
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  test("a response announcing the window's last call makes the next call wait for the reset instead of drawing a 429", async () => {
    const reset = String((T0 + 30_000) / 1000);
    const headers = (remaining: number) => ({
      ...JSON_HEADERS,
      "x-rate-limit-limit": "2",
      "x-rate-limit-remaining": String(remaining),
      "x-rate-limit-reset": reset,
    });
    const api = agent.get("https://org.test");
    api.intercept({ path: "/a", method: "GET" }).reply(200, {}, { headers: headers(1) });
    api.intercept({ path: "/a", method: "GET" }).reply(200, {}, { headers: headers(0) });
    api.intercept({ path: "/a", method: "GET" }).reply(200, {}, { headers: headers(1) });
    // Two clients, as two resources would have: the limiter is per server, not per client.
    const client = () =>
      new HttpClient({ target: "okta", baseUrl: "https://org.test", dispatcher: agent, rateLimitWindow: oktaRateLimitWindow });
    const get = () => client().send({ operation: "read", method: "GET", path: "a", expect: [200] });
    await get();
    await get();
    let third = false;
    const pending = get().then(() => (third = true));
    await vi.advanceTimersByTimeAsync(29_000);
    expect(third).toBe(false);
    expect(seen(agent)).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1_100);
    await pending;
    expect(third).toBe(true);
  });
});
