/**
 * A destroy whose removal got no clear answer says so: the key may be gone after all, so "not removed" alone would
 * be untrue (guarantee 6: no change left unreported).
 */
import { expect, test } from "vitest";
import type { PublicJwk } from "../../provider/core/keys/material";
import { JwksHttpError } from "../../provider/errors";
import type { PerKeyWriter } from "../../provider/targets/capabilities";
import type { KeySetTarget } from "../../provider/targets/types";
import { withdrawOwnedKeys } from "../../provider/targets/withdraw";

const key = (kid: string): PublicJwk => ({ kty: "EC", crv: "P-256", kid, x: `x-${kid}`, y: `y-${kid}` });

// Found by the fault-injection suite (seed 1, op 123): a DELETE that timed out was carried out late by the server,
// while the destroy's error said "Not removed" for that key.
test("regression: a removal without a clear answer is reported as outcome unknown, not as not removed", async () => {
  const live = [key("a"), key("b")];
  const target: KeySetTarget & PerKeyWriter = {
    name: "janssen https://jans.test/jans-config-api",
    list: async () => live.map((k) => ({ ...k })),
    add: async () => {},
    remove: async (k) => {
      if (k.kid === "a") {
        // The server got the DELETE and removes the key; its answer never arrives.
        throw new JwksHttpError({ target: "janssen", operation: "remove key a", detail: "no response (timeout)", unclear: true });
      }
    },
  };
  const err = (await withdrawOwnedKeys(target, live, ["a", "b"]).catch((e: unknown) => e)) as Error & { refused: { reason: string }[] };
  expect(err.message).toContain("Not removed: key a: outcome unknown (no clear answer, the server may have applied it): ");
  expect(err.refused[0]!.reason).toMatch(/^outcome unknown/);
});
