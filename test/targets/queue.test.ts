/**
 * The in-process queue of writers (issue 18, item 1): `writerKey` normalises what a writer writes (scheme and
 * host case, default port, trailing slash; the path kept), every built-in target and client kind names its
 * writer so that one server typed two ways is one queue, and a JwkSet on Okta app X and a binding on Okta app X
 * share it. Before: the JwkSet queue was keyed by the raw target name, bindings had none.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { writerKey, serialised } from "../../provider/targets/queue";
import { exclusively } from "../../provider/targets/lock";
import { openTarget } from "../../provider/registry/targets";
import { openClient, type ClientConfig } from "../../provider/registry/clients";
import type { KeySetTarget } from "../../provider/targets/types";

describe("writerKey", () => {
  it.each([
    ["https://ACME.okta.com", "https://acme.okta.com"],
    ["HTTPS://acme.okta.com/", "https://acme.okta.com"],
    ["https://acme.okta.com:443//", "https://acme.okta.com"],
    ["http://127.0.0.1:80/admin/", "http://127.0.0.1/admin"],
    ["http://LOCALHOST:4445/", "http://localhost:4445"],
    ["https://jans.example.com/jans-config-api/", "https://jans.example.com/jans-config-api"],
  ])("%s is %s", (given, normal) => {
    expect(writerKey(given)).toBe(normal);
    expect(writerKey(given, "apps", "0oa1")).toBe(`${normal}#apps/0oa1`);
  });

  it("keeps the path's case, a non-default port and the resource apart", () => {
    expect(writerKey("https://kc.example/Auth")).not.toBe(writerKey("https://kc.example/auth"));
    expect(writerKey("https://kc.example:8443")).toBe("https://kc.example:8443");
    expect(writerKey("https://h", "clients", "a/b")).not.toBe(writerKey("https://h", "clients", "a", "b"));
    expect(writerKey("https://h", "realms", "r", "clients", "c")).not.toBe(writerKey("https://h", "realms", "r", "clients", "d"));
  });
});

describe("serialised", () => {
  it("runs cycles under one key one at a time, in order, and goes on after a failure", async () => {
    const events: string[] = [];
    const cycle = (n: number, fail = false) =>
      serialised("k", async () => {
        events.push(`start ${n}`);
        await sleep(5 - n);
        events.push(`end ${n}`);
        if (fail) throw new Error(`cycle ${n}`);
        return n;
      });
    const results = await Promise.allSettled([cycle(1), cycle(2, true), cycle(3)]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(events).toEqual(["start 1", "end 1", "start 2", "end 2", "start 3", "end 3"]);
  });
});

const env = {
  OKTA_API_TOKEN: "t",
  JANS_CLIENT_ID: "id",
  JANS_CLIENT_SECRET: "s",
  KEYCLOAK_ADMIN_USERNAME: "u",
  KEYCLOAK_ADMIN_PASSWORD: "p",
  PINGONE_CLIENT_ID: "id",
  PINGONE_CLIENT_SECRET: "s",
  REACHFIVE_CLIENT_ID: "id",
  REACHFIVE_CLIENT_SECRET: "s",
  RFC7592_TOKEN: "t",
};
function withEnv<T>(fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return fn();
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
  }
}

const [E1, A1] = ["3f2c6a1e-1111-4a2b-9c3d-000000000001", "3f2c6a1e-2222-4a2b-9c3d-000000000002"];

describe("every kind names its writer", () => {
  it("a JwkSet on Okta app X and a binding on Okta app X are one writer, however the org URL is typed", () =>
    withEnv(() => {
      const target = openTarget({ kind: "okta", orgUrl: "https://acme.okta.com", appId: "0oa1" });
      const { binder } = openClient({ kind: "okta", orgUrl: "https://ACME.okta.com:443/", appId: "0oa1" });
      expect(target.writer).toBe("https://acme.okta.com#apps/0oa1");
      expect(binder.writer).toBe(target.writer);
      expect(openClient({ kind: "okta", orgUrl: "https://acme.okta.com", appId: "0oa2" }).binder.writer).not.toBe(target.writer);
    }));

  it("each client kind's writer is its client, normalised", () =>
    withEnv(() => {
      const refs: [ClientConfig, ClientConfig][] = [
        [
          { kind: "hydra", adminUrl: "http://127.0.0.1:4445", clientId: "c1" },
          { kind: "hydra", adminUrl: "HTTP://127.0.0.1:4445/", clientId: "c1" },
        ],
        [
          { kind: "keycloak", url: "https://kc.example", realm: "r", clientId: "c1" },
          { kind: "keycloak", url: "https://KC.example:443/", realm: "r", clientId: "c1" },
        ],
        [
          { kind: "janssen", url: "https://jans.example/jans-config-api", tokenUrl: "https://jans.example/t", inum: "i1" },
          { kind: "janssen", url: "https://jans.example/jans-config-api/", tokenUrl: "https://jans.example/t", inum: "i1" },
        ],
        [
          { kind: "rfc7592", registrationClientUri: "https://op.example/reg/abc", tokenEnv: "RFC7592_TOKEN" },
          { kind: "rfc7592", registrationClientUri: "https://OP.example/reg/abc/", tokenEnv: "RFC7592_TOKEN" },
        ],
        [
          { kind: "reachfive", url: "https://acme.reach5.net", clientId: "c1" },
          { kind: "reachfive", url: "https://acme.reach5.net/", clientId: "c1" },
        ],
        [
          { kind: "pingone", environmentId: E1, applicationId: A1 },
          { kind: "pingone", environmentId: E1, applicationId: A1, region: "com" },
        ],
      ] as unknown as [ClientConfig, ClientConfig][];
      const writers = refs.map(([a, b]) => {
        const [wa, wb] = [openClient(a).binder.writer, openClient(b).binder.writer];
        expect(wa, a.kind).toBeDefined();
        expect(wb, a.kind).toBe(wa);
        return wa;
      });
      expect(new Set(writers).size).toBe(refs.length);
      // A Janssen client's document and the server's JWKS are two things.
      const jwks = openTarget({ kind: "janssen", url: "https://jans.example/jans-config-api", tokenUrl: "https://jans.example/t" }).writer;
      expect(jwks).toBe("https://jans.example/jans-config-api#jwks");
      expect(writers).not.toContain(jwks);
    }));
});

describe("exclusively", () => {
  it("two targets naming one Okta app with and without a trailing slash queue behind each other", async () => {
    const [a, b] = withEnv(() => [
      openTarget({ kind: "okta", orgUrl: "https://acme.okta.com", appId: "0oa1" }),
      openTarget({ kind: "okta", orgUrl: "https://acme.okta.com/", appId: "0oa1" }),
    ]) as [KeySetTarget, KeySetTarget];
    expect(a.name).not.toBe(b.name); // the names (messages) keep what the user typed
    let inside = 0;
    let overlapped = false;
    const cycle = (t: KeySetTarget) =>
      exclusively(t, async () => {
        inside++;
        overlapped ||= inside > 1;
        await sleep(10);
        inside--;
      });
    await Promise.all([cycle(a), cycle(b), cycle(a), cycle(b)]);
    expect(overlapped).toBe(false);
  });
});
