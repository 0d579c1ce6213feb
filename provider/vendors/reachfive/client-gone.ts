/**
 * When a 404 for a client means "this client no longer exists". Refresh drops a binding on that answer, so it
 * must be unambiguous; a 404 also comes from a proxy, a wrong address or path prefix, or a route the Management
 * API does not have. ReachFive publishes no spec: the error envelope (`error`, `error_description`, ...) is the
 * one its own SDK types for every non-2xx answer (test/emulators/specs/reachfive-management-keys.yaml), and the
 * code for a missing resource is assumed to be `not_found`. A route ReachFive does not have answers the same
 * envelope, so the account's own key pair is read too: it answering proves the address reaches the account's
 * Management API, where the client path exists for every client.
 */
import { isRecord } from "../../core/is-record";
import type { HttpResponse } from "../../http/errors";

/**
 * `undefined` when the 404 `response` to a client read says the client is gone; otherwise why it does not.
 *
 * @param accountAnswers reads something every account has (the account key pair); throws when it cannot
 */
export async function clientGone(response: HttpResponse, accountAnswers: () => Promise<unknown>): Promise<string | undefined> {
  const body: unknown = response.body;
  if (!isRecord(body) || typeof body.error !== "string") return "the answer is not ReachFive's error body (a proxy or a wrong address?)";
  if (body.error !== "not_found") return `ReachFive's error is "${body.error}", not "not_found"`;
  try {
    await accountAnswers();
  } catch (e) {
    return `the account's own key pair could not be read either (${e instanceof Error ? e.message : String(e)}), so the address may not be the account's Management API`;
  }
  return undefined;
}
