/**
 * The target registry: an unknown kind is an explicit failure, each kind's configuration failures carry the
 * property path, and openTarget refuses a bad configuration before opening anything.
 */
import { afterEach, describe, expect, test, vi } from "vitest";
import type { PublicJwk } from "../../provider/core/keys/material";
import {
  openTarget,
  TARGET_KINDS,
  targetFailures,
  targetHasLifecycle,
  targetIdentity,
  targetKeyFailures,
} from "../../provider/registry/targets";
import { isDocument } from "../../provider/targets/capabilities";
import type { TargetConfig } from "../../provider/registry/targets";
import { newAgent, seen } from "../http/mock-http";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("targetFailures", () => {
  test("regression: unknown members and credentials in URLs are refused (they would land in state and messages)", () => {
    expect(targetFailures({ kind: "okta", orgUrl: "https://acme.okta.com", appId: "0oa1", token: "00SECRET" }, "target")).toEqual([
      { property: "target.token", reason: expect.stringContaining("unknown member") },
    ]);
    const f = targetFailures(
      { kind: "janssen", url: "https://admin:SECRET@jans.test/jans-config-api", tokenUrl: "https://jans.test/t" },
      "target",
    );
    expect(f).toEqual([{ property: "target.url", reason: "must not contain credentials; they are read from environment variables" }]);
    expect(JSON.stringify(f)).not.toContain("SECRET");
  });

  test("the known kinds", () => {
    expect([...TARGET_KINDS].sort()).toEqual(["file", "janssen", "okta", "url"]);
  });

  test.each([
    ["null", null],
    ["a string", "okta"],
    ["undefined", undefined],
  ])("not an object (%s): one failure at the path itself", (_, value) => {
    expect(targetFailures(value, "args.target")).toEqual([
      { property: "args.target", reason: 'must be an object with a "kind" (file, janssen, okta, url)' },
    ]);
  });

  test("an unknown kind is named, with the known ones", () => {
    expect(targetFailures({ kind: "s3", bucket: "b" }, "target")).toEqual([
      { property: "target.kind", reason: 'unknown target kind "s3"; expected one of file, janssen, okta, url' },
    ]);
    expect(targetFailures({}, "target")).toEqual([
      { property: "target.kind", reason: "unknown target kind undefined; expected one of file, janssen, okta, url" },
    ]);
    // An inherited name is not a kind.
    expect(targetFailures({ kind: "toString" }, "target")[0]!.property).toBe("target.kind");
  });

  test("bad URLs are reported per property, with the path given", () => {
    expect(targetFailures({ kind: "janssen", url: "ftp://jans.test/jans-config-api", tokenUrl: 42 }, "jwkset.target")).toEqual([
      { property: "jwkset.target.url", reason: "not an absolute http(s) URL" },
      { property: "jwkset.target.tokenUrl", reason: "required, an http(s) URL" },
    ]);
    expect(targetFailures({ kind: "okta", orgUrl: "https//acme.okta.com", appId: "0oa1" }, "target")).toEqual([
      { property: "target.orgUrl", reason: "not an absolute http(s) URL" },
    ]);
    expect(targetFailures({ kind: "file" }, "target")).toEqual([{ property: "target.path", reason: "required, a file path" }]);
  });

  test("good configurations have no failures", () => {
    expect(
      targetFailures(
        { kind: "janssen", url: "https://jans.example.com/jans-config-api", tokenUrl: "https://jans.example.com/jans-auth/restv1/token" },
        "target",
      ),
    ).toEqual([]);
    expect(targetFailures({ kind: "okta", orgUrl: "https://acme.okta.com", appId: "0oa1" }, "target")).toEqual([]);
    expect(targetFailures({ kind: "file", path: "jwks.json" }, "target")).toEqual([]);
  });
});

describe("openTarget and the per-kind helpers", () => {
  test("a bad configuration is an input error listing every failure; nothing is sent", async () => {
    const agent = newAgent();
    let err: { code?: string; failures?: unknown } | undefined;
    try {
      openTarget({ kind: "janssen", url: "nope", tokenUrl: "nope" } as TargetConfig, { dispatcher: agent });
    } catch (e) {
      err = e as typeof err;
    }
    expect(err?.code).toBe("ERR_JWK_INVALID_INPUT");
    expect((err?.failures as { property: string }[]).map((f) => f.property)).toEqual(["target.url", "target.tokenUrl"]);
    expect(seen(agent)).toHaveLength(0);
    agent.assertNoPendingInterceptors();
    await agent.close();
  });

  test("an unknown kind cannot be opened", () => {
    expect(() => openTarget({ kind: "vault" } as unknown as TargetConfig)).toThrow('target.kind: unknown target kind "vault"');
  });

  test("opens the adapter of the kind", () => {
    vi.stubEnv("OKTA_API_TOKEN", "t");
    expect(openTarget({ kind: "okta", orgUrl: "https://acme.okta.com", appId: "0oa1" }).name).toBe("okta https://acme.okta.com app 0oa1");
    expect(isDocument(openTarget({ kind: "file", path: "/tmp/x/jwks.json" }))).toBe(true);
  });

  test("identity, lifecycle and key failures come from the kind", () => {
    const okta: TargetConfig = { kind: "okta", orgUrl: "https://acme.okta.com/", appId: "0oa1", tokenEnv: "A" };
    expect(targetIdentity(okta)).toEqual({ kind: "okta", id: { orgUrl: "https://acme.okta.com", appId: "0oa1" } });
    expect(targetIdentity({ ...okta, tokenEnv: "B", timeoutMs: 5 })).toEqual(targetIdentity(okta));
    expect(targetHasLifecycle(okta)).toBe(true);
    expect(targetHasLifecycle({ kind: "file", path: "x" })).toBe(false);
    const ed: PublicJwk = {
      kty: "OKP",
      kid: "ed",
      crv: "Ed25519",
      x: "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo",
      use: "sig",
      alg: "EdDSA",
    };
    expect(targetKeyFailures(okta, [ed], "keys")).toEqual([
      { property: "keys[0].kty", reason: "Okta accepts RSA and EC keys only, not OKP" },
    ]);
    expect(targetKeyFailures({ kind: "file", path: "x" }, [ed], "keys")).toEqual([]);
  });
});
