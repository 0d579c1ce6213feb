import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { compareUuidV1, formatUuidV1, ticksOf, uuidV1Date, uuidV1Ticks } from "../../../provider/core/keys/uuid-v1";

describe("UUIDv1 time", () => {
  test("reads the RFC 9562 example (appendix A.1): 2022-02-22T19:22:22Z", () => {
    expect(uuidV1Ticks("C232AB00-9414-11EC-B3C8-9F6BDECED846")).toBe(0x1ec9414c232ab00n);
    expect(uuidV1Date("c232ab00-9414-11ec-b3c8-9f6bdeced846")?.toISOString()).toBe("2022-02-22T19:22:22.000Z");
  });

  test("refuses what is not a version 1 UUID (v4, v7, wrong variant, garbage)", () => {
    for (const v of [
      "919108f7-52d1-4320-9bac-f847db4148a8",
      "017f22e2-79b0-7cc3-98c4-dc0c0c07398f",
      "c232ab00-9414-11ec-73c8-9f6bdeced846",
      "kid-1",
      "",
    ])
      expect(uuidV1Ticks(v), v).toBeUndefined();
  });

  test("format and parse round-trip any 60-bit time", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 60n) - 1n }), fc.integer({ min: 0, max: 0x3fff }), (ticks, seq) => {
        expect(uuidV1Ticks(formatUuidV1(ticks, seq, "0123456789ab"))).toBe(ticks);
      }),
    );
  });

  test("orders by time, not by text: a later key whose time_low wrapped sorts after", () => {
    const t = ticksOf(Date.parse("2026-11-24T10:00:00Z"));
    const wrap = (t | 0xffffffffn) + 1n; // the next tick after time_low's maximum: time_low is 00000000
    const earlier = formatUuidV1(wrap - 1n, 1, "aaaaaaaaaaaa");
    const later = formatUuidV1(wrap, 1, "aaaaaaaaaaaa");
    expect(later < earlier).toBe(true); // as text, the later one sorts first
    expect([later, earlier].sort(compareUuidV1)).toEqual([earlier, later]);
  });

  test("compareUuidV1 agrees with the times for any two", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 60n) - 1n }), fc.bigInt({ min: 0n, max: (1n << 60n) - 1n }), (a, b) => {
        const sign = Math.sign(compareUuidV1(formatUuidV1(a, 7, "0123456789ab"), formatUuidV1(b, 7, "0123456789ab")));
        expect(sign).toBe(a < b ? -1 : a > b ? 1 : 0);
      }),
    );
  });
});
