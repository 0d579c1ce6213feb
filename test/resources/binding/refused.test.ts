/**
 * A 401/403 on refresh or destroy, for every client kind: an error with the ways out naming the kind's credential
 * variables (never a value) and the URN; any other failure passes through unchanged. And the destroy warning for a
 * registration token rotated by the last PUT, by variable name.
 */
import { describe, expect, it } from "vitest";
import { JwksHttpError, JwksTargetError } from "../../../provider/errors";
import type { ClientConfig } from "../../../provider/registry/clients";
import { accessRefused, lostRotationWarning } from "../../../provider/resources/binding/refused";

const URN = "urn:pulumi:dev::p::pulumi-nodejs:dynamic:Resource$pulumi-nodejs:dynamic/pulumi-jwk:ClientKeyBinding::b";
const http = (status: number, operation = "read the client") => new JwksHttpError({ target: "t", operation, status, detail: "no" });

const KINDS: [string, ClientConfig, string[]][] = [
  ["rfc7592", { kind: "rfc7592", registrationClientUri: "https://op.example/reg/a" }, ["REGISTRATION_ACCESS_TOKEN"]],
  ["rfc7592 tokenEnv", { kind: "rfc7592", registrationClientUri: "https://op.example/reg/a", tokenEnv: "RAT_A" }, ["RAT_A"]],
  ["keycloak", { kind: "keycloak", url: "https://kc", realm: "r", clientId: "c" }, ["KEYCLOAK_ADMIN_USERNAME", "KEYCLOAK_ADMIN_PASSWORD"]],
  ["keycloak client secret", { kind: "keycloak", url: "https://kc", realm: "r", clientId: "c", adminClientSecretEnv: "KC_S" }, ["KC_S"]],
  ["hydra tokenEnv", { kind: "hydra", adminUrl: "https://h", clientId: "c", tokenEnv: "HYDRA_T" }, ["HYDRA_T"]],
  ["janssen", { kind: "janssen", url: "https://j", tokenUrl: "https://j/token", inum: "i" }, ["JANS_CLIENT_ID", "JANS_CLIENT_SECRET"]],
  ["okta", { kind: "okta", orgUrl: "https://acme.okta.com", appId: "a" }, ["OKTA_API_TOKEN"]],
  ["pingone", { kind: "pingone", environmentId: "e", applicationId: "a", clientId: "w" }, ["PINGONE_CLIENT_SECRET"]],
  [
    "reachfive",
    { kind: "reachfive", url: "https://r", clientId: "c" },
    ["REACHFIVE_MANAGEMENT_CLIENT_ID", "REACHFIVE_MANAGEMENT_CLIENT_SECRET"],
  ],
];

describe("a refused credential on refresh or destroy", () => {
  it.each(KINDS)("%s: 401 and 403 name the credential variables and the URN, and keep the binding", (_name, client, variables) => {
    for (const status of [401, 403]) {
      const e = accessRefused(http(status), client, "the client", "destroy", URN) as Error & Record<string, unknown>;
      expect(e).toMatchObject({ code: "ERR_JWKS_CLIENT_ACCESS_REFUSED", status, variables, urn: URN });
      expect(e.message).toContain(`destroy answered HTTP ${status}`);
      expect(e.message).toContain("The binding stays in the stack and its keys stay on the client");
      for (const v of variables) expect(e.message).toContain(v);
      expect(e.message).toContain(`\`pulumi state delete '${URN}'\``);
    }
  });

  it("a token endpoint's 401 wrapped by an adapter counts too; without a URN the message says where to find it", () => {
    const wrapped = new JwksTargetError("t", "get a token", "refused", { cause: http(401, "get a token") });
    const e = accessRefused(wrapped, KINDS[2]![1], "the client", "refresh", undefined) as Error;
    expect(e.message).toContain("refresh answered HTTP 401");
    expect(e.message).toContain("run `pulumi refresh` again");
    expect(e.message).toContain("`pulumi state delete '<URN>' (`pulumi stack --show-urns` lists it)`");
  });

  it("any other failure passes through unchanged", () => {
    for (const e of [http(404), http(500), new Error("x")]) expect(accessRefused(e, KINDS[0]![1], "c", "destroy", URN)).toBe(e);
  });
});

describe("a registration token rotated by a destroy", () => {
  it("is named by its variable when it changed, never shown", () => {
    const message = lostRotationWarning("client c", { RAT: "old-token-value" }, { RAT: "new-token-value" });
    expect(message).toContain("the token in RAT");
    expect(message).not.toContain("token-value");
    expect(lostRotationWarning("client c", undefined, { RAT: "new-token-value" })).toContain("put it in RAT");
  });

  it("says nothing when no PUT rotated it", () => {
    expect(lostRotationWarning("client c", { RAT: "same" }, { RAT: "same" })).toBeUndefined();
    expect(lostRotationWarning("client c", undefined, undefined)).toBeUndefined();
  });
});
