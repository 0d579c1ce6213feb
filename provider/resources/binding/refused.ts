/**
 * What a binding says when its client's server refuses the credential on refresh or destroy, and when a destroy
 * leaves the client with a registration token the stack can no longer keep. Neither ever holds a credential's value:
 * only the names of the environment variables the kind reads.
 */
import { ClientAccessRefusedError, httpErrorIn } from "../../errors";
import { clientCredentialVariables, type ClientConfig } from "../../registry/clients";

/**
 * `e` as a {@link ClientAccessRefusedError} when the server refused the credential (HTTP 401/403), else `e`. Such an
 * answer is ambiguous (RFC 7592 answers 401 for an unknown client too), so it never drops the binding: the error
 * names the ways out, a valid credential in the kind's variables or `pulumi state delete` with the URN.
 */
export function accessRefused(
  e: unknown,
  client: ClientConfig,
  name: string,
  during: "refresh" | "destroy",
  urn: string | undefined,
): unknown {
  const status = httpErrorIn(e)?.status;
  if (status !== 401 && status !== 403) return e;
  return new ClientAccessRefusedError({ client: name, during, status, variables: clientCredentialVariables(client), urn }, { cause: e });
}

/**
 * The warning for registration tokens a destroy received and cannot keep (the resource and its state are gone), by
 * variable name: `before` and `after` are the rotated tokens held before and after the destroy. Never the token.
 */
export function lostRotationWarning(
  name: string,
  before: Record<string, string> | undefined,
  after: Record<string, string> | undefined,
): string | undefined {
  const lost = Object.keys(after ?? {}).filter((v) => after?.[v] !== before?.[v]);
  if (lost.length === 0) return undefined;
  const vars = lost.join(", ");
  return (
    `${name}: the server issued a new registration access token with the last update of this destroy, so the token in ${vars} ` +
    `(and the one the stack held) is no longer valid. The binding is gone from the stack, so the new token cannot be kept ` +
    `and is not shown. To manage this client again, ask the server's administrator for a new registration access token ` +
    `and put it in ${vars}.`
  );
}
