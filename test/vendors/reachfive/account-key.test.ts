/**
 * ReachFiveAccountKey logic against the ReachFive emulator over real HTTP: adopt without rotating, rotate exactly
 * once on a trigger change, console rotation as drift, input and credential errors.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  accountKeyInputFailures,
  adoptAccountKey,
  diffAccountKey,
  readAccountKey,
  updateAccountKey,
} from "../../../provider/vendors/reachfive/account-key/logic";
import { JwksHttpError } from "../../../provider/errors";
import { openReachFive } from "../../../provider/vendors/reachfive/api";
import { startReachFiveEmulator, type ReachFiveEmulator } from "../../emulators/reachfive";

let r5: ReachFiveEmulator;
beforeAll(async () => {
  r5 = await startReachFiveEmulator();
  process.env.REACHFIVE_MANAGEMENT_CLIENT_ID = r5.clientId;
  process.env.REACHFIVE_MANAGEMENT_CLIENT_SECRET = r5.clientSecret;
});
afterAll(async () => {
  expect(r5.contractViolations).toEqual([]);
  await r5.close();
});
const writes = (from: number) =>
  r5.requests
    .slice(from)
    .filter((r) => r.method !== "GET")
    .map((r) => `${r.method} ${r.operationId}`);

describe("ReachFiveAccountKey logic", () => {
  test("create adopts the current pair; a trigger change rotates once; the same trigger sends nothing", async () => {
    let mark = r5.requests.length;
    const adopted = await adoptAccountKey({ url: r5.url, rotationTrigger: "1" }, openReachFive(r5.url));
    expect(adopted.kid).toBe(r5.globalKid());
    expect(adopted.publicJwk).toEqual(r5.jwks().find((k) => k.kid === adopted.kid));
    expect(writes(mark)).toEqual(["POST oauth:token"]);

    expect(diffAccountKey(adopted, { url: r5.url, rotationTrigger: "1" })).toEqual({ changes: false, replaces: [] });
    expect(diffAccountKey(adopted, { url: r5.url, rotationTrigger: "2" })).toEqual({ changes: true, replaces: [] });
    expect(diffAccountKey(adopted, { url: "https://other.example", rotationTrigger: "1" }).replaces).toEqual(["url"]);

    mark = r5.requests.length;
    const rotated = await updateAccountKey(adopted, { url: r5.url, rotationTrigger: "2" }, openReachFive(r5.url));
    // The management token of the first operation is still live: shared across the process (issue 21).
    expect(writes(mark)).toEqual(["POST rotateSiteKeys"]);
    expect(rotated.kid).toBe(r5.globalKid());
    expect(rotated.kid).not.toBe(adopted.kid);
  });

  test("a rotation in the console shows as drift naming both kids and what up cannot restore", async () => {
    const api = openReachFive(r5.url);
    const state = await adoptAccountKey({ url: r5.url }, api);
    expect((await readAccountKey(state, api)).drift).toBeUndefined();
    const newKid = r5.consoleRotateGlobal();
    const read = await readAccountKey(state, api);
    expect(read.kid).toBe(newKid);
    // The drift is a change for the next up (the CI gate flags it); that up sends nothing and clears it.
    expect(diffAccountKey(read, { url: r5.url })).toEqual({ changes: true, replaces: [] });
    const mark = r5.requests.length;
    const accepted = await updateAccountKey(read, { url: r5.url }, api);
    expect(writes(mark)).toEqual([]);
    expect(accepted).toEqual({ url: r5.url, kid: newKid, publicJwk: read.publicJwk });
    expect(read.drift).toBe(
      `the account pair was rotated outside this stack: "${state.kid}" -> "${newKid}". ReachFive keeps no way back to a rotated-away pair, so up cannot restore "${state.kid}"; the stack now tracks "${newKid}" ("${state.kid}" is still published in /jwks.json for tokens it signed)`,
    );
  });

  test("bad inputs name the property; missing credentials name the variable", async () => {
    expect(accountKeyInputFailures({ url: "ftp://x", token: "t" })).toEqual([
      {
        property: "token",
        reason: "unknown input; ReachFiveAccountKey takes url, rotationTrigger (credentials come from environment variables)",
      },
      { property: "url", reason: "not an absolute http(s) URL" },
    ]);
    const saved = process.env.REACHFIVE_MANAGEMENT_CLIENT_SECRET;
    delete process.env.REACHFIVE_MANAGEMENT_CLIENT_SECRET;
    try {
      await expect(adoptAccountKey({ url: r5.url }, openReachFive(r5.url))).rejects.toMatchObject({
        code: "ERR_JWK_INVALID_INPUT",
        message: expect.stringContaining("REACHFIVE_MANAGEMENT_CLIENT_SECRET, which is not set"),
      });
    } finally {
      process.env.REACHFIVE_MANAGEMENT_CLIENT_SECRET = saved;
    }
  });

  test("a 429 on the rotation is retried (POST is safe to repeat after a refusal) and counted once", async () => {
    const api = openReachFive(r5.url, { maxRetryDelayMs: 10 });
    const state = await adoptAccountKey({ url: r5.url, rotationTrigger: "a" }, api);
    r5.injectFaults({ operationId: "rotateSiteKeys" }, { status: 429 });
    const mark = r5.requests.length;
    const rotated = await updateAccountKey(state, { url: r5.url, rotationTrigger: "b" }, api);
    expect(r5.requests.slice(mark).map((r) => `${r.operationId}:${r.status}`)).toEqual([
      "rotateSiteKeys:429",
      "rotateSiteKeys:200",
      "getJwks:200",
    ]);
    expect(rotated.kid).toBe(r5.globalKid());
  });

  test("a 503 on the rotation is not repeated: the error is coded, says the outcome is unclear", async () => {
    const api = openReachFive(r5.url, { maxRetryDelayMs: 10 });
    const state = await adoptAccountKey({ url: r5.url, rotationTrigger: "x" }, api);
    r5.injectFaults({ operationId: "rotateSiteKeys" }, { status: 503 });
    await expect(updateAccountKey(state, { url: r5.url, rotationTrigger: "y" }, api)).rejects.toMatchObject({
      code: "ERR_JWKS_HTTP",
      status: 503,
      vendorCode: "server_error",
      unclear: true,
    });
  });
});

describe("ReachFiveAccountKey logic, answer lost", () => {
  const key = (kid: string) => ({ kty: "RSA" as const, kid, use: "sig", alg: "RS256", n: "n", e: "AQAB" });
  const lost = new JwksHttpError({
    target: "reachfive t",
    operation: "rotate the account key pair",
    detail: "no response (socket hang up)",
    unclear: true,
  });
  /** A Management API whose rotation answer is lost; `applied` says whether the rotation happened anyway. */
  const api = (applied: boolean) => {
    let current = "old";
    let posts = 0;
    return {
      posts: () => posts,
      api: {
        name: "reachfive t",
        siteKey: async () => key(current),
        rotateSiteKey: async () => {
          posts++;
          if (applied) current = "new";
          throw lost;
        },
        jwks: async () => [key("old"), key("new")],
        client: async () => undefined,
        rotateClient: async () => Promise.reject(new Error("unused")),
        syncClient: async () => Promise.reject(new Error("unused")),
        revoke: async () => false,
      },
    };
  };
  const olds = { url: "https://r5.example", rotationTrigger: 1, kid: "old", publicJwk: key("old") };

  test("a rotation that happened is recognised by reading back, not repeated", async () => {
    const fake = api(true);
    const out = await updateAccountKey(olds, { url: olds.url, rotationTrigger: 2 }, fake.api);
    expect(out.kid).toBe("new");
    expect(fake.posts()).toBe(1);
  });

  test("a rotation that did not happen fails with the unclear error", async () => {
    const fake = api(false);
    await expect(updateAccountKey(olds, { url: olds.url, rotationTrigger: 2 }, fake.api)).rejects.toBe(lost);
    expect(fake.posts()).toBe(1);
  });
});
