/**
 * Sending ReachFive Management API calls: one function per documented endpoint, each through http.ts (retries,
 * timeouts, errors without credentials) with a management token obtained by client credentials at
 * `<url>/oauth/token`; interpreting the answers is reachfive-responses.ts. Credentials come from the
 * environment (REACHFIVE_MANAGEMENT_CLIENT_ID, REACHFIVE_MANAGEMENT_CLIENT_SECRET) when a call is made, so
 * they never enter inputs or state.
 *
 * @see https://developer.reachfive.com/docs/jwks.html
 */
import type { InputFailure } from "../../errors";
import { clientCredentials, credentialFromEnv } from "../../http/auth";
import { callOptions, HttpClient } from "../../http/send";
import type { OpenContext } from "../../targets/kind";
import { urlFailures } from "../../targets/kind";
import { ReachFiveClientUnclearError } from "./errors";
import { clientGone } from "./client-gone";
import { processClient, processJwks, processSiteKey, type ReachFiveClientInfo, type ReachFiveKey } from "./responses";

export const MANAGEMENT_CLIENT_ID_ENV = "REACHFIVE_MANAGEMENT_CLIENT_ID";
export const MANAGEMENT_CLIENT_SECRET_ENV = "REACHFIVE_MANAGEMENT_CLIENT_SECRET";

/** The Management API of one ReachFive account, opened for one operation. */
export interface ReachFiveApi {
  /** For messages, e.g. `reachfive https://acme.reach5.net`; never holds a credential. */
  readonly name: string;
  siteKey(): Promise<ReachFiveKey>;
  rotateSiteKey(): Promise<ReachFiveKey>;
  jwks(): Promise<ReachFiveKey[]>;
  /** `undefined` when the client does not exist (ReachFive's own 404, see client-gone.ts); an unclear 404 throws. */
  client(clientId: string): Promise<ReachFiveClientInfo | undefined>;
  rotateClient(clientId: string): Promise<ReachFiveClientInfo>;
  syncClient(clientId: string): Promise<ReachFiveClientInfo>;
  /** Revokes one key of the client; `false` when the server no longer has it (404), which is what revoking wants. */
  revoke(clientId: string, kid: string): Promise<boolean>;
}

/** Everything wrong with a ReachFive account URL (https, or http on loopback; no credentials or query). */
export function reachFiveUrlFailures(url: unknown, path: string): InputFailure[] {
  return urlFailures(url, path);
}

const enc = encodeURIComponent;

/** Opens the Management API at `url` (the account's domain, e.g. https://acme.reach5.net). */
export function openReachFive(url: string, context: OpenContext = {}): ReachFiveApi {
  const name = `reachfive ${url}`;
  const base = url.replace(/\/+$/, "");
  const auth = {
    // Read at first use, not at open: a preview that sends nothing needs no credential.
    inner: undefined as ReturnType<typeof clientCredentials> | undefined,
    get strategy() {
      this.inner ??= clientCredentials({
        tokenUrl: `${base}/oauth/token`,
        clientId: credentialFromEnv(MANAGEMENT_CLIENT_ID_ENV, "the ReachFive management client id", "url", { secret: false }),
        clientSecret: credentialFromEnv(MANAGEMENT_CLIENT_SECRET_ENV, "the ReachFive management client secret", "url"),
        scopes: [],
      });
      return this.inner;
    },
  };
  const http = new HttpClient({
    target: name,
    baseUrl: `${base}/`,
    auth: { authorization: (h) => auth.strategy.authorization(h), invalidate: () => auth.strategy.invalidate?.() },
    ...callOptions(context),
  });
  const publicHttp = new HttpClient({ target: name, baseUrl: `${base}/`, dispatcher: context.dispatcher, log: context.log });

  return {
    name,
    async siteKey() {
      const op = "read the account key pair";
      return processSiteKey(await http.send({ operation: op, method: "GET", path: "api/v1/site/keys", expect: [200] }), name, op);
    },
    async rotateSiteKey() {
      // Never repeated blindly: a lost answer may hide a rotation that happened (the caller reads back).
      const op = "rotate the account key pair";
      return processSiteKey(
        await http.send({ operation: op, method: "POST", path: "api/v1/site/keys", expect: [200, 201], idempotent: false }),
        name,
        op,
      );
    },
    async jwks() {
      return processJwks(await publicHttp.send({ operation: "read /jwks.json", method: "GET", path: "jwks.json", expect: [200] }), name);
    },
    async client(clientId) {
      const op = `read client "${clientId}"`;
      const res = await http.send({ operation: op, method: "GET", path: `api/v1/clients/${enc(clientId)}`, expect: [200, 404] });
      if (res.status !== 404) return processClient(res, name, op);
      // A 404 drops the binding from the stack, so only an unambiguous one counts (clientGone in responses.ts):
      // ReachFive's own "not_found" error, from an address where the account's Management API answers.
      const unclear = await clientGone(res, () => this.siteKey());
      if (unclear !== undefined) throw new ReachFiveClientUnclearError(name, clientId, unclear);
      return undefined;
    },
    async rotateClient(clientId) {
      const op = `rotate the key pair of client "${clientId}"`;
      const res = await http.send({
        operation: op,
        method: "POST",
        path: `api/v1/clients/${enc(clientId)}/keys`,
        expect: [200, 201],
        idempotent: false,
      });
      return processClient(res, name, op);
    },
    async syncClient(clientId) {
      const op = `sync client "${clientId}" to the account key pair`;
      return processClient(
        await http.send({ operation: op, method: "PUT", path: `api/v1/clients/${enc(clientId)}/keys`, expect: [200] }),
        name,
        op,
      );
    },
    async revoke(clientId, kid) {
      const res = await http.send({
        operation: `revoke key "${kid}" of client "${clientId}"`,
        method: "DELETE",
        path: `api/v1/clients/${enc(clientId)}/jwks/${enc(kid)}`,
        expect: [200, 204, 404],
      });
      return res.status !== 404;
    },
  };
}
