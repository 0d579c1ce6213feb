/**
 * Runs a local oidc-provider (test/oauth/oidc-server.ts) until SIGINT/SIGTERM, for the private-key-jwt
 * example and manual use:
 *   node dist/test/oauth/main.js
 * registers one client (client_secret_basic for now; the example's binding switches it to private_key_jwt)
 * and prints one JSON line on stdout:
 *   {"issuer":"http://127.0.0.1:41234","tokenEndpoint":"…/token","clientId":"…","registrationClientUri":"…/reg/…",
 *    "registrationAccessToken":"…"}
 */
import { runUntilSignal } from "../servers/run-until-signal";
import { startOidcServer } from "./oidc-server";

runUntilSignal(async () => {
  const op = await startOidcServer();
  const client = await op.register();
  return {
    info: { issuer: op.issuer, tokenEndpoint: op.tokenEndpoint, ...client },
    close: () => op.close(),
    // Exit 3 when any request body carried a private JWK member: the example must never send one.
    problems: () => op.requests.filter((r) => /"(d|p|q|dp|dq|qi)"\s*:/.test(r.body)).map((r) => `${r.method} ${r.path}`),
    problemsTitle: "private key material sent in",
  };
});
