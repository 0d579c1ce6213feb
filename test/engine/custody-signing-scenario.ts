/**
 * Helpers of the custody signing proof (custody-signing.test.ts): the custody servers' settings from the
 * environment scripts/lib/servers.sh exports, the program (a Jwk in custody, a file JwkSet publishing its public
 * half, a ClientKeyBinding on a Hydra client), the `pulumi-jwk client-assertion` command run as a user runs it,
 * and a client_credentials token request carrying that assertion. Nothing here signs: only the CLI does.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import * as jose from "jose";
import { ClientKeyBinding, Jwk, JwkSet } from "pulumi-jwk";
import { runCli } from "../cli/run-cli";
import type { TokenOutcome } from "../oauth/client-assertion";
import type { HydraAdmin } from "../oauth/hydra-admin";

const CLI = resolve(__dirname, "../../provider/cli/main.js");

/** One custody backend as the scenario uses it. */
export interface CustodyServer {
  name: string;
  alg: "ES256" | "RS256";
  /** The key URI of a new key called `name` in this backend. */
  keyUri(name: string): string;
}

function env(name: string): string {
  const value = process.env[name];
  assert.ok(value, `${name} is not set: run under scripts/with-servers.sh (JWK_SERVERS="hydra openbao moto")`);
  return value;
}

export function openBao(alg: CustodyServer["alg"]): CustodyServer {
  const addr = env("JWK_OPENBAO_ADDR");
  env("JWK_OPENBAO_TOKEN");
  return { name: "vault-transit", alg, keyUri: (name) => `vault-transit:name=${name}?address=${addr}&token-source=env:JWK_OPENBAO_TOKEN` };
}

export function moto(alg: CustodyServer["alg"]): CustodyServer {
  const url = env("JWK_MOTO_URL");
  // moto checks no credential, but the SDK's default chain must find one; the CLI and the engine inherit these.
  process.env.AWS_ACCESS_KEY_ID = "testing";
  process.env.AWS_SECRET_ACCESS_KEY = "testing";
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  return { name: "awskms", alg, keyUri: (name) => `awskms:alias=${name};region=eu-west-1?endpoint=${url}&pending-window-days=7` };
}

/** The program of step `n`: Jwk `key-<n>` in custody, published in out/jwks.json and bound to the client. */
export function program(server: CustodyServer, hydra: HydraAdmin, clientId: string, keyName: string) {
  return async () => {
    const key = new Jwk(`key-${keyName}`, { alg: server.alg, keyUri: server.keyUri(keyName) });
    const set = new JwkSet("jwks", { target: { kind: "file", path: "out/jwks.json" }, keys: [key.publicJwk] });
    const binding = new ClientKeyBinding("binding", {
      client: { kind: "hydra", adminUrl: hydra.adminUrl, clientId },
      keys: [key.publicJwk],
      auth: { method: "private_key_jwt", signingAlg: server.alg },
    });
    return { kid: key.kid, privateJwk: key.privateJwk, published: set.kids, bound: binding.kids };
  };
}

/** `pulumi-jwk client-assertion --key-uri ...`: the assertion the CLI printed (signed inside the backend). */
export async function cliAssertion(
  server: CustodyServer,
  keyName: string,
  kid: string,
  clientId: string,
  audience: string,
): Promise<string> {
  const args = ["client-assertion", "--key-uri", server.keyUri(keyName), "--alg", server.alg, "--kid", kid];
  const r = await runCli(CLI, [...args, "--client-id", clientId, "--audience", audience, "--lifetime", "600"]);
  assert.equal(r.code, 0, `pulumi-jwk client-assertion failed: ${r.stderr}`);
  assert.equal(r.stderr, "");
  return r.stdout.trim();
}

/** The assertion verifies against the set the JwkSet published (out/jwks.json), as a relying party would check it. */
export async function verifyAgainstPublished(dir: string, assertion: string, clientId: string, audience: string) {
  const published = JSON.parse(await readFile(join(dir, "out/jwks.json"), "utf8")) as jose.JSONWebKeySet;
  const { payload, protectedHeader } = await jose.jwtVerify(assertion, jose.createLocalJWKSet(published), { audience });
  assert.equal(payload.iss, clientId);
  assert.equal(payload.sub, clientId);
  return protectedHeader;
}

/** A client_credentials token request authenticated by `assertion` (RFC 7523 section 2.2). */
export async function tokenWith(tokenEndpoint: string, clientId: string, assertion: string): Promise<TokenOutcome> {
  const response = await fetch(tokenEndpoint, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_assertion_type: "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      client_assertion: assertion,
    }),
  });
  const body = (await response.json()) as Record<string, string>;
  return response.ok
    ? { ok: true, accessToken: body.access_token!, tokenType: body.token_type! }
    : { ok: false, status: response.status, error: body.error ?? "" };
}

/** A refusal as Hydra gives it for a key it does not hold (400 invalid_request, or 401 invalid_client). */
export function assertRefused(outcome: TokenOutcome, what: string): void {
  assert.ok(!outcome.ok && /^invalid_(client|request)$/.test(outcome.error), `${what} is refused: ${JSON.stringify(outcome)}`);
}
