/**
 * Timeouts and retries over real HTTP (Okta emulator): the per-attempt timeout (target `timeoutMs`) holds to its value
 * also below a second, and a call stays unclear once an attempt of it got no clear answer.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import { HttpClient } from "../../provider/http/send";
import type { JwksHttpError } from "../../provider/errors";
import { OKTA_RATE_LIMIT_RESET, oktaErrorBody } from "../../provider/vendors/okta/http";
import { startOktaEmulator, type OktaEmulator } from "../emulators/okta";

let okta: OktaEmulator;
beforeAll(async () => {
  okta = await startOktaEmulator();
});
afterAll(() => okta.close());

// Found by the fault-injection suite (test/faults): undici checks headersTimeout on a clock that ticks about
// every half second, so `timeoutMs: 100` let a 300 ms answer through, and short timeouts never fired. The answer's
// delay and the client's timeout run on one event loop here, so under load both slip alike and the order holds:
// the test asserts that order (a timeout, not the late answer), not a wall-clock figure that a busy machine breaks.
test("regression: a 100 ms timeout gives up on a 300 ms answer, as an unclear failure", async () => {
  const appId = okta.createApp();
  okta.injectFaults({ operationId: "listJwk" }, { kind: "delay", ms: 300 });
  const http = new HttpClient({ target: "okta test", baseUrl: okta.url, timeoutMs: 100, maxRetries: 0 });
  const started = performance.now();
  const err = (await http
    .send({
      operation: "list keys",
      method: "GET",
      path: `api/v1/apps/${appId}/credentials/jwks`,
      expect: [200],
      authorization: `SSWS ${okta.apiToken}`,
    })
    .catch((e: unknown) => e)) as JwksHttpError;
  const took = performance.now() - started;
  expect(err.code).toBe("ERR_JWKS_HTTP");
  expect(err.unclear).toBe(true);
  expect(err.message).toMatch(/^okta test: list keys failed: no response \(.*(timeout|aborted).*\)$/i);
  expect(took).toBeGreaterThanOrEqual(90);
});

// Found by the fault-injection suite (seed 2): a DELETE timed out (the server carried it out late), its retries got
// 429s, and the final error, a clear 429, said the call had not been applied. Any unclear attempt makes it unclear.
test("regression: a call whose first attempt timed out stays unclear when its retries are refused with 429", async () => {
  const appId = okta.createApp();
  const { id } = okta.consoleAddKey(appId, { kty: "EC", crv: "P-256", kid: "k", x: "x", y: "y", use: "sig" }, "INACTIVE");
  okta.injectFaults({ operationId: "deletejwk" }, { kind: "delay", ms: 300 }, { status: 429 }, { status: 429 }, { status: 429 });
  const http = new HttpClient({
    target: "okta test",
    baseUrl: okta.url,
    timeoutMs: 100,
    maxRetryDelayMs: 5,
    errorBody: oktaErrorBody,
    rateLimitResetHeader: OKTA_RATE_LIMIT_RESET,
  });
  const err = (await http
    .send({
      operation: "delete key k",
      method: "DELETE",
      path: `api/v1/apps/${appId}/credentials/jwks/${id}`,
      expect: [204, 404],
      authorization: `SSWS ${okta.apiToken}`,
    })
    .catch((e: unknown) => e)) as JwksHttpError;
  expect(err.status).toBe(429);
  expect(err.unclear).toBe(true);
  expect(err.message).toMatch(/^okta test: delete key k failed: HTTP 429 E0000047 API call exceeded rate limit/);
  await new Promise((r) => setTimeout(r, 400));
  expect(okta.keys(appId)).toEqual([]); // the first attempt was carried out after all
});
