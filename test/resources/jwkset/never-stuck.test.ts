/**
 * "Never stuck" at the resource layer. A JWKS file that does not parse (not JSON, JSON but not a JWK Set, an entry
 * that is no object): refresh reports it in drift.unparsable (naming the file, never quoting it), exclusive mode
 * overwrites it keeping a copy beside it, additive mode refuses saying how to proceed; destroy likewise. A target
 * that is gone: refresh returns no outputs (the resource is gone), destroy has nothing to do. A destroy with a
 * refused key removes the others first (regression: it stopped at the first refusal, "nothing was applied").
 */
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { describeKey, generateKey, type PublicJwk } from "../../../provider/core/keys/material";
import { publishKeySet, refreshKeySet, withdrawKeySet, type JwkSetOutputs } from "../../../provider/resources/jwkset/logic";
import { fileTarget } from "../../../provider/targets/file/file";
import { JwksTargetGoneError, JwksHttpError } from "../../../provider/errors";
import type { PerKeyWriter } from "../../../provider/targets/capabilities";
import type { FileTargetConfig, KeySetTarget } from "../../../provider/targets/types";

/** Text no message may show: it stands for whatever a broken document holds. */
const MARKER = "PRIVATE-LOOKING-DOCUMENT-TEXT-0123456789";
const UNPARSABLE: [string, string][] = [
  ["not JSON", `{"keys": [], "note": "${MARKER}", "padding": "${"p".repeat(40)}" oops`],
  ["JSON but not a JWK Set", JSON.stringify({ note: MARKER, keys: { a: 1 } })],
  ["a key entry that is garbage", JSON.stringify({ keys: [{ kty: "OKP", crv: "Ed25519", x: "AA", kid: "fine" }, `${MARKER}`] })],
];

let k1: PublicJwk;
let k2: PublicJwk;
let dir: string;
let path: string;
let target: FileTargetConfig;

beforeAll(async () => {
  const make = async (kid: string) => (await describeKey(await generateKey({ alg: "ES256" }), { alg: "ES256", use: "sig", kid })).publicJwk;
  [k1, k2] = await Promise.all([make("k1"), make("k2")]);
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "never-stuck-"));
  path = join(dir, "jwks.json");
  target = { kind: "file", path };
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const outputs = (mode: "exclusive" | "additive", keys = [k1]): JwkSetOutputs => ({
  target,
  mode,
  keys,
  kids: keys.map((k) => k.kid),
  inactiveKids: [],
  drift: { missing: [], changed: [], unexpected: [] },
  foreignKids: [],
});
const backups = async () => (await readdir(dir)).filter((f) => f.startsWith("jwks.json.unparsable-"));

describe.each(UNPARSABLE)("a JWKS file that does not parse: %s", (_, text) => {
  beforeEach(() => writeFile(path, text));

  test("refresh reports it in drift.unparsable, naming the file, never quoting it; the next update is planned", async () => {
    for (const mode of ["exclusive", "additive"] as const) {
      const log: string[] = [];
      const read = await refreshKeySet(outputs(mode), fileTarget(target), (m) => log.push(m));
      expect(log).toHaveLength(1);
      expect(log[0]).toMatch(
        mode === "exclusive"
          ? /; the next `pulumi up` replaces it with the declared keys, keeping a copy beside it$/
          : /; the next `pulumi up` refuses to touch it \(additive mode\): fix it, or set mode: "exclusive" to replace it$/,
      );
      expect(log[0]).not.toContain(MARKER.slice(0, 12));
      expect(read?.drift.unparsable).toContain(path);
      expect(read?.drift.unparsable).not.toContain(MARKER.slice(0, 12));
      expect(read?.drift).toMatchObject({ missing: [], changed: [], unexpected: [] });
      expect(read?.kids).toEqual(["k1"]);
    }
  });

  test("exclusive up overwrites it, keeping an exact copy beside it, and says where", async () => {
    const log: string[] = [];
    const out = await publishKeySet({ target, keys: [k1, k2], mode: "exclusive" }, ["k1"], fileTarget(target), (m) => log.push(m));
    expect((JSON.parse(await readFile(path, "utf8")) as { keys: PublicJwk[] }).keys).toEqual([k1, k2]);
    expect(out.drift).toEqual({ missing: [], changed: [], unexpected: [] });
    const [copy] = await backups();
    expect(copy).toMatch(/^jwks\.json\.unparsable-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
    expect(await readFile(join(dir, copy!), "utf8")).toBe(text);
    expect(log[0]).toMatch(
      new RegExp(`the live document does not parse \\(.*\\); exclusive mode replaces it, a copy is kept at ${join(dir, copy!)}$`),
    );
    expect(log.join("\n")).not.toContain(MARKER.slice(0, 12));
  });

  test("additive up refuses, naming the file, the reason and the ways out; the file is untouched", async () => {
    const err = await publishKeySet({ target, keys: [k1] }, ["k1"], fileTarget(target)).catch((e: Error & { code?: string }) => e);
    expect((err as { code?: string }).code).toBe("ERR_JWKS_UNPARSABLE");
    expect((err as Error).message).toMatch(
      new RegExp(
        `^file ${path}: the live document does not parse \\(.+\\)\\. Additive mode leaves keys it did not publish alone, so nothing was changed\\. Fix the document \\(or remove it if nothing else publishes there\\), or set mode: "exclusive" to replace it`,
      ),
    );
    expect((err as Error).message).not.toContain(MARKER.slice(0, 12));
    expect(await readFile(path, "utf8")).toBe(text);
    expect(await backups()).toEqual([]);
  });

  test("destroy: exclusive removes the file it owned whole (the copy stays); additive refuses with the ways out", async () => {
    await expect(withdrawKeySet(outputs("additive"), fileTarget(target))).rejects.toThrow(
      /Fix the document and run `pulumi destroy` again, or abandon whatever this resource published there with `pulumi state delete '<URN>'`/,
    );
    expect(await readFile(path, "utf8")).toBe(text);
    await withdrawKeySet(outputs("exclusive"), fileTarget(target));
    expect(existsSync(path)).toBe(false);
    expect(await backups()).toHaveLength(1);
  });
});

describe("a target that is gone", () => {
  const gone: KeySetTarget = {
    name: "okta https://acme.okta.test app 0oa1",
    list: async () => {
      throw new JwksTargetGoneError("okta https://acme.okta.test app 0oa1", "HTTP 404 E0000007: Okta has no app 0oa1 in this org");
    },
  };

  test("refresh: no outputs (the engine drops the resource), and the progress message says why", async () => {
    const log: string[] = [];
    expect(await refreshKeySet(outputs("additive"), gone, (m) => log.push(m))).toBeUndefined();
    expect(log).toEqual([
      "okta https://acme.okta.test app 0oa1: the target does not exist (HTTP 404 E0000007: Okta has no app 0oa1 in this org). It existed when this JwkSet last published to it, so it was deleted: refresh removes the JwkSet from the stack (its keys went with the target). To publish again, point the JwkSet at an existing target and run `pulumi up`.",
    ]);
  });

  test("destroy: nothing left to withdraw, it succeeds and says so", async () => {
    const log: string[] = [];
    await withdrawKeySet(outputs("additive"), gone, (m) => log.push(m));
    expect(log[0]).toMatch(/nothing is left to withdraw, so destroy only removes the JwkSet from the stack$/);
  });

  test("publish: fails with the reason (a create at a wrong appId is no success)", async () => {
    await expect(publishKeySet({ target, keys: [k1] }, [], gone)).rejects.toMatchObject({ code: "ERR_JWKS_TARGET_GONE" });
  });

  test("other read failures still fail the refresh", async () => {
    const down: KeySetTarget = {
      name: "okta x",
      list: async () => {
        throw new JwksHttpError({ target: "okta x", operation: "list keys", status: 503, detail: "unavailable", unclear: true });
      },
    };
    await expect(refreshKeySet(outputs("additive"), down)).rejects.toMatchObject({ code: "ERR_JWKS_HTTP" });
  });
});

test("regression: destroy removes every key the server lets go before reporting the one it refuses", async () => {
  let live: Record<string, unknown>[] = [k1, k2];
  const removed: string[] = [];
  const api: KeySetTarget & PerKeyWriter = {
    name: "okta https://acme.okta.test app 0oa1",
    list: async () => live.map((k) => ({ ...k })),
    add: async () => undefined,
    remove: async (k) => {
      if (k.kid === "k1")
        throw new JwksHttpError({
          target: "okta https://acme.okta.test app 0oa1",
          operation: "deactivate key k1",
          status: 400,
          vendorCode: "E0000001",
          detail: "Api validation failed",
        });
      removed.push(String(k.kid));
      live = live.filter((x) => x.kid !== k.kid);
    },
  };
  const err = await withdrawKeySet(outputs("additive", [k1, k2]), api).catch((e: Error) => e);
  expect(removed).toEqual(["k2"]);
  expect((err as { code?: string }).code).toBe("ERR_JWKS_WITHDRAW_INCOMPLETE");
  expect((err as Error).message).toMatch(
    /^okta https:\/\/acme\.okta\.test app 0oa1: destroy removed 1 of the 2 keys this resource published \(key k2\)\.\n/,
  );
  expect((err as Error).message).toContain("Not removed: key k1: deactivate key k1 failed: HTTP 400 E0000001 Api validation failed");
  expect((err as Error).message).not.toContain("nothing was applied");
});
