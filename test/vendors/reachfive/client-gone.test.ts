/**
 * Issue 18 item 3 for ReachFive: a refresh drops a binding only on ReachFive's own "client not found" (its error
 * body with `not_found`, from an address where the account's Management API answers). A 404 from a proxy, with
 * another error, or from an address that is not the account's Management API keeps the binding and fails with
 * ERR_JWKS_REACHFIVE_CLIENT_UNCLEAR. Injected faults answer what the emulator's spec does not describe, so this
 * file does not check the contract (client.test.ts does for the rest).
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { openClient } from "../../../provider/registry/clients";
import type { BindingInputs } from "../../../provider/resources/binding/check";
import { bindClient, readBinding } from "../../resources/binding/parsed";
import { startReachFiveEmulator, type ReachFiveEmulator } from "../../emulators/reachfive";

let r5: ReachFiveEmulator;
beforeAll(async () => {
  r5 = await startReachFiveEmulator();
  process.env.REACHFIVE_MANAGEMENT_CLIENT_ID = r5.clientId;
  process.env.REACHFIVE_MANAGEMENT_CLIENT_SECRET = r5.clientSecret;
});
afterAll(() => r5.close());

const binderOf = (i: BindingInputs) => openClient(i.client, { maxRetryDelayMs: 10 }).binder;

/** The state of a binding on a new client, and the same state pointing at `clientId` instead. */
async function stateFor(clientId?: string) {
  const inputs: BindingInputs = {
    client: { kind: "reachfive", url: r5.url, clientId: r5.createClient() },
    reachfive: { keyPair: "global" },
  };
  const state = await bindClient(inputs, [], binderOf(inputs));
  const olds = clientId === undefined ? state : { ...state, client: { ...state.client, clientId } };
  return { olds, binder: binderOf({ ...inputs, client: olds.client as BindingInputs["client"] }) };
}

test("ReachFive's own not_found for a client, the account answering: the client is gone", async () => {
  const { olds, binder } = await stateFor("never-existed");
  await expect(readBinding(olds, binder)).resolves.toBeUndefined();
});

test("a 404 that is not ReachFive's error body (a proxy page) keeps the binding", async () => {
  const { olds, binder } = await stateFor();
  r5.injectFaults({ operationId: "getClient" }, { status: 404, headers: { "content-type": "text/html" }, body: "<html>Not Found</html>" });
  await expect(readBinding(olds, binder)).rejects.toMatchObject({
    code: "ERR_JWKS_REACHFIVE_CLIENT_UNCLEAR",
    message: expect.stringContaining("not ReachFive's error body"),
  });
});

test("a 404 with another ReachFive error than not_found keeps the binding", async () => {
  const { olds, binder } = await stateFor();
  r5.injectFaults({ operationId: "getClient" }, { status: 404, body: { error: "invalid_request", error_description: "Error" } });
  await expect(readBinding(olds, binder)).rejects.toMatchObject({ code: "ERR_JWKS_REACHFIVE_CLIENT_UNCLEAR" });
});

test("not_found for the client while the account's own key pair cannot be read either keeps the binding", async () => {
  const { olds, binder } = await stateFor("never-existed");
  r5.injectFaults({ operationId: "getSiteKey" }, { status: 404, body: { error: "not_found", error_description: "GET /api/v1/site/keys" } });
  await expect(readBinding(olds, binder)).rejects.toMatchObject({
    code: "ERR_JWKS_REACHFIVE_CLIENT_UNCLEAR",
    message: expect.stringContaining("may not be the account's Management API"),
  });
});
