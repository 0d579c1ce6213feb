/**
 * withdrawOwnedKeys (destroy) against an in-memory per-key target: every key the server lets go is removed even
 * when others are refused (regression: the first refusal used to stop the run with "nothing was applied"), the
 * error lists removed / refused (status, vendor code) / not attempted and the ways out, credentials refused stop
 * the run, and a document target still gets one whole write.
 */
import { describe, expect, test } from "vitest";
import type { PublicJwk } from "../../provider/core/keys/material";
import { JwksHttpError } from "../../provider/errors";
import type { DocumentStore, PerKeyWriter } from "../../provider/targets/capabilities";
import type { KeySetTarget } from "../../provider/targets/types";
import { withdrawOwnedKeys } from "../../provider/targets/withdraw";

const key = (kid: string): PublicJwk => ({ kty: "EC", crv: "P-256", kid, x: `x-${kid}`, y: `y-${kid}` });
const SECRET_BODY = "server-body-text-never-shown";

/** A per-key target; `refuse` maps a kid to the HTTP status (and vendor code) its removal gets. */
function fakeTarget(live: PublicJwk[], refuse: Record<string, [number, string?]> = {}) {
  let keys = [...live];
  const calls: string[] = [];
  const target: KeySetTarget & PerKeyWriter = {
    name: "okta https://acme.okta.test app 0oa1",
    list: async () => keys.map((k) => ({ ...k })),
    add: async (k) => {
      keys.push(k);
    },
    remove: async (k) => {
      calls.push(`remove ${String(k.kid)}`);
      const r = refuse[String(k.kid)];
      if (r) {
        throw new JwksHttpError({
          target: "okta https://acme.okta.test app 0oa1",
          operation: `deactivate key ${String(k.kid)}`,
          status: r[0],
          vendorCode: r[1],
          detail: "Api validation failed",
          response: { status: r[0], headers: {}, body: SECRET_BODY },
        });
      }
      keys = keys.filter((x) => x.kid !== k.kid);
    },
  };
  return { target, calls, kids: () => keys.map((k) => k.kid) };
}

describe("withdrawOwnedKeys", () => {
  const [a, b, c, d, foreign] = ["a", "b", "c", "d", "foreign"].map(key) as [PublicJwk, PublicJwk, PublicJwk, PublicJwk, PublicJwk];

  test("regression: a refused key no longer stops the others; the error says exactly what happened and how to proceed", async () => {
    const fake = fakeTarget([a, b, c, d, foreign], { b: [400, "E0000001"] });
    const log: string[] = [];
    const err = await withdrawOwnedKeys(fake.target, await fake.target.list(), ["a", "b", "c", "d"], (m) => log.push(m)).then(
      () => undefined,
      (e: Error & Record<string, unknown>) => e,
    );
    expect(fake.calls).toEqual(["remove a", "remove b", "remove c", "remove d"]);
    expect(fake.kids()).toEqual(["b", "foreign"]);
    expect(err?.code).toBe("ERR_JWKS_WITHDRAW_INCOMPLETE");
    expect(err?.removed).toEqual(["remove key a", "remove key c", "remove key d"]);
    expect(err?.refused).toEqual([{ step: "remove key b", reason: "deactivate key b failed: HTTP 400 E0000001 Api validation failed" }]);
    expect(err?.notAttempted).toEqual([]);
    expect(err?.message).toBe(
      [
        "okta https://acme.okta.test app 0oa1: destroy removed 3 of the 4 keys this resource published (key a, key c, key d).",
        "Not removed: key b: deactivate key b failed: HTTP 400 E0000001 Api validation failed",
        "The resource stays in the stack, owning these keys. Either fix what the server objects to and run `pulumi destroy` again (it reads the live set first and removes only what is still there), or abandon the keys (they stay published, owned by no stack) with `pulumi state delete '<URN>'`: the URN ends in `::<type>::<resource name>` (`pulumi stack --show-urns` lists it).",
      ].join("\n"),
    );
    expect(err?.message).not.toContain("nothing was applied");
    expect(err?.message).not.toContain(SECRET_BODY);
    expect(log).toContain("okta https://acme.okta.test app 0oa1: remove key b refused; going on with the other keys");
  });

  test("a re-run after the cause is fixed resumes: only the refused key is left to remove", async () => {
    const fake = fakeTarget([a, b, foreign], { b: [400, "E0000001"] });
    await expect(withdrawOwnedKeys(fake.target, await fake.target.list(), ["a", "b"])).rejects.toMatchObject({
      code: "ERR_JWKS_WITHDRAW_INCOMPLETE",
    });
    const fixed = fakeTarget(fake.kids().map(key));
    expect(await withdrawOwnedKeys(fixed.target, await fixed.target.list(), ["a", "b"])).toEqual(["remove key b"]);
    expect(fixed.kids()).toEqual(["foreign"]);
  });

  test.each([
    [401, "credentials refused"],
    [403, "permission denied"],
    [429, "rate limit still exceeded after retries"],
  ])("HTTP %i (%s) stops the run: the rest would fail the same way", async (status) => {
    const fake = fakeTarget([a, b, c], { b: [status] });
    const err = await withdrawOwnedKeys(fake.target, await fake.target.list(), ["a", "b", "c"]).then(
      () => undefined,
      (e: Error & Record<string, unknown>) => e,
    );
    expect(fake.calls).toEqual(["remove a", "remove b"]);
    expect(err?.removed).toEqual(["remove key a"]);
    expect(err?.notAttempted).toEqual(["remove key c"]);
    expect(err?.message).toContain("destroy removed 1 of the 3 keys this resource published (key a).");
    expect(err?.message).toContain("Not attempted: key c (stopped: the failure above would repeat for every key).");
  });

  test("a 5xx on one key (after the client's retries) does not stop the others", async () => {
    const fake = fakeTarget([a, b, c], { a: [503] });
    await expect(withdrawOwnedKeys(fake.target, await fake.target.list(), ["a", "b", "c"])).rejects.toMatchObject({
      removed: ["remove key b", "remove key c"],
      refused: [{ step: "remove key a" }],
    });
    expect(fake.kids()).toEqual(["a"]);
  });

  test("nothing refused: the steps taken; keys not owned stay", async () => {
    const fake = fakeTarget([a, b, foreign]);
    expect(await withdrawOwnedKeys(fake.target, await fake.target.list(), ["a", "b", "gone-already"])).toEqual([
      "remove key a",
      "remove key b",
    ]);
    expect(fake.kids()).toEqual(["foreign"]);
  });

  test("a document target is written once, whole", async () => {
    let written: readonly PublicJwk[] | undefined;
    const doc: KeySetTarget & DocumentStore = {
      name: "file /tmp/x.json",
      document: true,
      list: async () => [a, foreign],
      replaceAll: async (keys) => {
        written = keys;
      },
    };
    expect(await withdrawOwnedKeys(doc, [a, foreign], ["a"])).toEqual(["replace the whole set (1 keys)"]);
    expect(written?.map((k) => k.kid)).toEqual(["foreign"]);
  });
});
