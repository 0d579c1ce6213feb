/**
 * Runs a local oidc-provider (test/oauth/oidc-server.ts) until SIGINT/SIGTERM, for the private-key-jwt
 * example and manual use:
 *   node dist/test/oauth/main.js
 * registers one client (client_secret_basic for now; the example's binding switches it to private_key_jwt)
 * and prints one JSON line on stdout:
 *   {"issuer":"http://127.0.0.1:41234","tokenEndpoint":"…/token","clientId":"…","registrationClientUri":"…/reg/…",
 *    "registrationAccessToken":"…"}
 */
import { startOidcServer } from "./oidc-server";

async function main(): Promise<void> {
  const op = await startOidcServer();
  const client = await op.register();
  process.stdout.write(`${JSON.stringify({ issuer: op.issuer, tokenEndpoint: op.tokenEndpoint, ...client })}\n`);
  const stop = () => {
    // Exit 3 when any request body carried a private JWK member: the example must never send one.
    const leaked = op.requests.filter((r) => /"(d|p|q|dp|dq|qi)"\s*:/.test(r.body));
    if (leaked.length > 0) process.stderr.write(`private key material sent in: ${leaked.map((r) => `${r.method} ${r.path}`).join(", ")}\n`);
    op.close().then(
      () => process.exit(leaked.length > 0 ? 3 : 0),
      (e: unknown) => {
        process.stderr.write(`${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
