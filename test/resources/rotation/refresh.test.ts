/**
 * Regression (issue 18, item 9): KeyRotation reads what verifiers fetch on refresh. Before, its schedule had no
 * `read`: refresh kept the stored state whatever the jwksUri served (only the sets reported their targets).
 * Now a published key the jwksUri does not serve (the current one above all) is recorded as drift with a
 * warning, the next up is an update that clears it, and an unreadable URL is a warning, not drift.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import {
  advanceRotation,
  planFor,
  rotationChanges,
  servedDrift,
  servedDriftMessage,
  type RotationInputs,
  type RotationOutputs,
} from "../../../provider/resources/rotation/logic";
import { read } from "../../../provider/resources/rotation/provider";

const MIN = 60_000;
const T0 = Date.parse("2026-01-01T00:00:00Z");
let served: { status: number; kids: string[] } = { status: 200, kids: [] };
let server: Server;
let uri: string;
let inputs: RotationInputs;
/** At T0 + 55 min: a current key and a next key published ahead. */
let outs: RotationOutputs;
let current: string;
let next: string;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.writeHead(served.status, { "content-type": "application/json" });
    res.end(JSON.stringify({ keys: served.kids.map((kid) => outs.publishedKeys.find((k) => k.kid === kid)) }));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  uri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  inputs = { alg: "ES256", rotateEvery: "60m", publishAhead: "10m", retireAfter: "15m", jwksUri: uri };
  outs = await advanceRotation(await advanceRotation(undefined, inputs, T0), inputs, T0 + 55 * MIN, { uri, kids: [] });
  current = outs.currentKid;
  next = outs.schedule.find((k) => k.state === "next")!.kid;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

describe("servedDrift (pure)", () => {
  test("every published key served: no drift; one missing: named with its state", () => {
    expect(servedDrift(outs, { uri, kids: [current, next, "someone-else"] })).toBeUndefined();
    expect(servedDrift(outs, { uri, kids: [next] })).toEqual({ uri, missing: [{ kid: current, state: "current" }] });
    expect(servedDrift(outs, { uri, kids: [] })?.missing.map((k) => k.state)).toEqual(["current", "next"]);
  });
  test("an unreadable URL is not drift", () => {
    expect(servedDrift(outs, { uri, error: "HTTP 503" })).toBeUndefined();
    expect(servedDrift(outs, undefined)).toBeUndefined();
  });
  test("the message names kids and states, what it breaks and what up does; never a query string", () => {
    const m = servedDriftMessage({ uri: `${uri}?token=SECRET`, missing: [{ kid: current, state: "current" }] });
    expect(m).toMatch(/does not serve 1 published key\(s\), the current signing key among them: tokens signed now do not verify/);
    expect(m).toMatch(/the next up re-publishes them/);
    expect(m).toContain(JSON.stringify(current));
    expect(m).not.toContain("SECRET");
  });
});

describe("read (refresh) and the next up", () => {
  test("the current key no longer served: drift recorded and warned; the next up is an update that clears it", async () => {
    served = { status: 200, kids: [next] };
    const warn = vi.spyOn(console, "error").mockImplementation(() => {});
    let r: Awaited<ReturnType<typeof read>>;
    let printed: string;
    try {
      r = await read("rotation:x", outs);
      printed = warn.mock.calls.map((c) => String(c[0])).join("");
    } finally {
      warn.mockRestore();
    }
    expect(printed).toMatch(/drift: .* does not serve 1 published key/);
    const refreshed = r.props as RotationOutputs;
    expect(r.id).toBe("rotation:x");
    expect(refreshed.drift).toEqual({ uri, missing: [{ kid: current, state: "current" }] });
    expect({ ...refreshed, drift: undefined }).toEqual({ ...outs, drift: undefined });

    // nothing is due at this time, yet the up after refresh is an update; it clears the record, keys unchanged
    const at = T0 + 56 * MIN;
    expect(rotationChanges(outs, inputs, planFor(outs, inputs, at).plan)).toBe(false);
    expect(rotationChanges(refreshed, inputs, planFor(refreshed, inputs, at).plan)).toBe(true);
    const repaired = await advanceRotation(refreshed, inputs, at);
    expect(repaired.drift).toBeUndefined();
    expect(repaired.publishedKeys).toEqual(outs.publishedKeys);
    expect(repaired.currentKid).toBe(current);
  });

  test("everything served again: refresh drops an earlier record", async () => {
    served = { status: 200, kids: [current, next] };
    const r = await read("rotation:x", { ...outs, drift: { uri, missing: [{ kid: current, state: "current" }] } });
    expect((r.props as RotationOutputs).drift).toBeUndefined();
  });

  test("an unreadable jwksUri: a warning, nothing recorded", async () => {
    served = { status: 503, kids: [] };
    const warn = vi.spyOn(console, "error").mockImplementation(() => {});
    let printed: string;
    try {
      const r = await read("rotation:x", outs);
      expect((r.props as RotationOutputs).drift).toBeUndefined();
      printed = warn.mock.calls.map((c) => String(c[0])).join("");
    } finally {
      warn.mockRestore();
    }
    expect(printed).toMatch(/could not read the jwksUri on refresh \(.*HTTP 503/);
  });

  test("without a jwksUri, refresh keeps the state as it is", async () => {
    const { jwksUri: _none, ...noUri } = inputs;
    const plain = await advanceRotation(undefined, noUri, T0);
    expect(await read("rotation:y", plain)).toEqual({ id: "rotation:y", props: plain });
  });
});
