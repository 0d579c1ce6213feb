/**
 * Okta steps of two calls (remove = deactivate, then delete; adding an ACTIVE encryption key beside another =
 * add INACTIVE, then activate) that fail after their first call: the error says what holds now, and a re-run
 * finishes the step. Against the Okta emulator over real HTTP.
 */
import { afterAll, afterEach, beforeAll, expect, test, vi } from "vitest";
import { describeKey, generateKey, type PublicJwk } from "../../../provider/core/keys/material";
import { publishKeySet } from "../../../provider/resources/jwkset/logic";
import type { OktaTargetConfig } from "../../../provider/vendors/okta/target";
import { startOktaEmulator, type OktaEmulator } from "../../emulators/okta";

const key = async (alg: string, kid: string, use: "sig" | "enc" = "sig"): Promise<PublicJwk> =>
  (await describeKey(await generateKey({ alg }), { alg, use, kid })).publicJwk;
const refused = { status: 400, body: { errorCode: "E0000001", errorSummary: "Api validation failed", errorCauses: [] } };

let okta: OktaEmulator;
beforeAll(async () => {
  okta = await startOktaEmulator();
});
afterAll(() => okta.close());
afterEach(() => vi.unstubAllEnvs());

const statuses = (appId: string) =>
  okta
    .keys(appId)
    .map((k) => `${k.kid}:${k.status}`)
    .sort();

// Found while auditing the fault-injection suite's reports: a delete refused after the deactivation succeeded was
// reported as "not applied: remove key a", though key a had been deactivated.
test("regression: a remove whose delete is refused after the deactivation says the key was deactivated, not deleted", async () => {
  vi.stubEnv("OKTA_API_TOKEN", okta.apiToken);
  const appId = okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
  const target: OktaTargetConfig = { kind: "okta", orgUrl: okta.url, appId };
  const [a, b] = await Promise.all([key("ES256", "a"), key("ES256", "b")]);
  const first = await publishKeySet({ target, keys: [a, b] }, []);
  okta.injectFaults({ operationId: "deletejwk" }, refused);
  const err = (await publishKeySet({ target, keys: [b] }, first.kids).catch((e: unknown) => e)) as Error & { unknown: string[] };
  expect(err.message).toContain(
    "nothing was applied before it; partly applied (key a was deactivated, not deleted): remove key a. Run the update again",
  );
  expect(err.unknown).toEqual(["remove key a"]);
  expect(statuses(appId)).toEqual(["a:INACTIVE", "b:ACTIVE"]);
  await publishKeySet({ target, keys: [b] }, first.kids); // the re-run deletes it
  expect(statuses(appId)).toEqual(["b:ACTIVE"]);
});

test("an ACTIVE encryption key added beside another, whose activation is refused, is reported as added INACTIVE", async () => {
  vi.stubEnv("OKTA_API_TOKEN", okta.apiToken);
  const appId = okta.createApp({ tokenEndpointAuthMethod: "client_secret_basic" });
  const target: OktaTargetConfig = { kind: "okta", orgUrl: okta.url, appId };
  const [s, e1, e2] = await Promise.all([key("ES256", "s"), key("RSA-OAEP-256", "e1", "enc"), key("RSA-OAEP-256", "e2", "enc")]);
  const first = await publishKeySet({ target, keys: [s, e1] }, []);
  okta.injectFaults({ operationId: "activateOAuth2ClientJsonWebKey" }, refused);
  const inputs = { target, keys: [s, e1, e2], inactiveKids: ["e1"] };
  const err = (await publishKeySet(inputs, first.kids).catch((e: unknown) => e)) as Error;
  expect(err.message).toContain("partly applied (key e2 was added INACTIVE, not activated): add key e2");
  expect(statuses(appId)).toEqual(["e1:ACTIVE", "e2:INACTIVE", "s:ACTIVE"]);
  await publishKeySet(inputs, first.kids);
  expect(statuses(appId)).toEqual(["e1:INACTIVE", "e2:ACTIVE", "s:ACTIVE"]);
  expect(okta.contractViolations).toEqual([]);
});
