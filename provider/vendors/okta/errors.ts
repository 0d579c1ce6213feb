/**
 * How the Okta adapter reads two kinds of Okta answers: a 404 on the app's key list (is the app gone, or is the
 * URL wrong?) and a refusal to deactivate a key (what to change so the key can go).
 *
 * @see https://developer.okta.com/docs/reference/error-codes/
 */
import { isHttpError, JwksTargetError, JwksTargetGoneError, reasonAbout } from "../../errors";

/**
 * The error for a failed key list. Okta answers 404 E0000007 both for an app that does not exist (summary "Not
 * found: Resource not found: <appId> (AppInstance)") and for a path that is no API (the same summary naming
 * "(PublicApi)": an orgUrl with a path in it); a 404 without Okta's code comes from something else (a proxy,
 * another host). Only the first means the app is gone. The API token is checked before the app is looked up, so
 * an orgUrl naming another org fails 401, never 404.
 */
export function oktaListError(target: string, appId: string, e: unknown): unknown {
  if (!isHttpError(e) || e.status !== 404 || e.operation !== "list keys") return e;
  const summary = (e.response?.body as { errorSummary?: unknown } | undefined)?.errorSummary;
  if (e.vendorCode === "E0000007" && typeof summary === "string" && /\(AppInstance\)\s*$/.test(summary)) {
    return new JwksTargetGoneError(target, `HTTP 404 E0000007: Okta has no app ${appId} in this org`, { cause: e });
  }
  const who = e.vendorCode === "E0000007" ? "Okta has no API at this path" : "the answer is not Okta's (no Okta error code)";
  return new JwksTargetError(
    target,
    "list keys",
    `HTTP 404${e.vendorCode ? ` ${e.vendorCode}` : ""}: ${who}; check target.orgUrl (the org's base URL, e.g. https://acme.okta.com, without a path)`,
    { cause: e },
  );
}

/**
 * The error for a refused deactivation (400), with what would let Okta accept it: Okta keeps an app's ACTIVE
 * encryption key while ID token encryption is on, and its last ACTIVE signing key while the app authenticates
 * with private_key_jwt. Other failures pass through unchanged.
 */
export function oktaDeactivateError(target: string, jwk: Record<string, unknown>, e: unknown): unknown {
  if (!isHttpError(e) || e.status !== 400) return e;
  const hint =
    jwk.use === "enc"
      ? "Okta keeps an app's active encryption key while ID token encryption is on: declare another encryption key (activating it retires this one) or turn ID token encryption off for the app, then run again."
      : "Okta keeps an app's last ACTIVE signing key while the app authenticates with private_key_jwt: activate another signing key on the app, or change the app's client authentication (token_endpoint_auth_method), then run again.";
  return new JwksTargetError(target, `remove key ${String(jwk.kid)}`, `${reasonAbout(target, e).replace(/\.*$/, ".")} ${hint}`, {
    cause: e,
  });
}
