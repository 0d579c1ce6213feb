/**
 * Issue 18 item 8: a destroy that could not withdraw every key says how to abandon them with
 * `pulumi state delete`, naming the URN of the resource that failed, with the type token of the form that runs
 * it. Before, the message hard-coded the dynamic form's `pulumi-nodejs:dynamic/pulumi-jwk:JwkSet`, also for the
 * plugin form (`jwk:index:JwkSet`) and for a ClientKeyBinding on an Okta app.
 */
import { describe, expect, test, vi } from "vitest";
import { JwksWithdrawIncompleteError, withResourceUrn } from "../../provider/errors";
import { jwkProvider } from "../../provider/plugin/provider";
import dynamicJwkSet from "../../provider/resources/jwkset/entry";

const refusal = () =>
  new JwksWithdrawIncompleteError(
    "okta https://acme.okta.test app 0oa1",
    ["remove key a"],
    [{ step: "remove key b", reason: "HTTP 400" }],
    [],
  );

// vi.mock is hoisted above the imports: the providers load the mocked logic.
vi.mock("../../provider/resources/jwkset/logic", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  withdrawKeySet: async () => {
    throw refusal();
  },
}));

vi.mock("../../provider/resources/binding/logic", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  releaseBinding: async () => {
    throw refusal();
  },
}));

const outputs = { target: { kind: "file", path: "/nonexistent/jwks.json" }, keys: [], kids: ["a", "b"], mode: "additive" };

describe("the withdraw hint names the resource's own URN", () => {
  test("plugin form: jwk:index:JwkSet", async () => {
    const urn = "urn:pulumi:dev::proj::jwk:index:JwkSet::jwks";
    const err = await jwkProvider().delete!("file:jwks", urn, outputs).catch((e: Error) => e);
    expect((err as { code?: string }).code).toBe("ERR_JWKS_WITHDRAW_INCOMPLETE");
    expect((err as Error).message).toContain(`\`pulumi state delete '${urn}'\``);
    expect((err as Error).message).not.toContain("pulumi-nodejs:dynamic");
  });

  test("dynamic form: the URN it records in __urn", async () => {
    const urn = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/pulumi-jwk:JwkSet::jwks";
    const err = await dynamicJwkSet.delete("file:jwks", { ...outputs, __urn: urn } as never).catch((e: Error) => e);
    expect((err as Error).message).toContain(`\`pulumi state delete '${urn}'\``);
  });

  test("a ClientKeyBinding (an Okta app's keys) names its own URN, not a JwkSet's", async () => {
    const urn = "urn:pulumi:dev::proj::jwk:index:ClientKeyBinding::app-keys";
    const binding = { client: { kind: "hydra", adminUrl: "http://127.0.0.1:9", clientId: "c1" }, kids: ["a", "b"], keys: [] };
    const err = await jwkProvider().delete!("hydra:c1", urn, binding).catch((e: Error) => e);
    expect((err as Error).message).toContain(`\`pulumi state delete '${urn}'\``);
  });

  test("without a URN (state older than __urn) the hint guesses no type", () => {
    const message = (withResourceUrn(refusal(), undefined) as Error).message;
    expect(message).toContain("`pulumi state delete '<URN>'`: the URN ends in `::<type>::<resource name>`");
    expect(message).not.toContain("pulumi-nodejs:dynamic");
  });

  test("withResourceUrn keeps the fields and names the URN once", () => {
    const named = withResourceUrn(refusal(), "urn:a") as JwksWithdrawIncompleteError;
    expect(named).toMatchObject({ code: "ERR_JWKS_WITHDRAW_INCOMPLETE", removed: ["remove key a"], urn: "urn:a" });
    expect((withResourceUrn(named, "urn:b") as JwksWithdrawIncompleteError).urn).toBe("urn:a");
    const other = new Error("x");
    expect(withResourceUrn(other, "urn:a")).toBe(other);
  });
});
