/**
 * Issue 18 item 2: a PUT that was applied and rotated the registration access token, followed by a failure in
 * the same operation (the read back after it), must not lose the new token. A dynamic provider cannot return
 * state with an error, so the operation completes: the outputs are what the server accepted, the new token is
 * kept in state (`rotatedCredentials`, a secret), and a progress line says the read back failed (no token in it).
 * Against a real oidc-provider (tokens rotated on every PUT) behind a proxy that loses every GET answer once the
 * PUT went through.
 */
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import * as jose from "jose";
import { create } from "../../provider/resources/binding/provider";
import { startOidcServer, type OidcServer } from "../oauth/oidc-server";
import { startRecordingProxy, type RecordingProxy } from "../oauth/recording-proxy";

let op: OidcServer;
let proxy: RecordingProxy;
let putApplied = false;
beforeAll(async () => {
  op = await startOidcServer();
  proxy = await startRecordingProxy(op.issuer, {
    dropAnswer: (r) => {
      if (r.method === "PUT") putApplied = true;
      return putApplied && r.method === "GET";
    },
  });
});
afterAll(async () => {
  await proxy.close();
  await op.close();
});

it("a read back that fails after a PUT rotated the token: the operation completes and state keeps the new token", async () => {
  const client = await op.register();
  process.env.RFC7592_READ_BACK_TOKEN = client.registrationAccessToken;
  const uri = new URL(new URL(client.registrationClientUri).pathname, proxy.url).href;
  const { publicKey } = await jose.generateKeyPair("ES256", { extractable: true });
  const key = { ...(await jose.exportJWK(publicKey)), kid: "read-back", alg: "ES256", use: "sig" } as { kid: string; kty: string };
  const lines: string[] = [];
  const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(" ")));
  let created: Awaited<ReturnType<typeof create>>;
  try {
    created = await create({
      client: { kind: "rfc7592", registrationClientUri: uri, tokenEnv: "RFC7592_READ_BACK_TOKEN", timeoutMs: 2000 },
      keys: [key],
    } as Parameters<typeof create>[0]);
  } finally {
    spy.mockRestore();
  }
  expect(putApplied).toBe(true);
  expect((await op.clientKeys(client.clientId)).map((k) => k.kid)).toEqual(["read-back"]);
  const outs = created.outs as { kids: string[]; rotatedCredentials?: Record<string, string> };
  expect(outs.kids).toEqual(["read-back"]);
  // The token in state is the server's new one: the old one is refused, the kept one works.
  const kept = outs.rotatedCredentials?.RFC7592_READ_BACK_TOKEN;
  expect(kept).toBeDefined();
  expect(kept).not.toBe(client.registrationAccessToken);
  await expect(op.readClient(client)).rejects.toThrow(/401/);
  await expect(op.readClient({ ...client, registrationAccessToken: kept! })).resolves.toMatchObject({ client_id: client.clientId });
  const said = lines.join("");
  expect(said).toMatch(/the update was applied .* but reading the client back failed/);
  expect(said).not.toContain(kept!);
  expect(said).not.toContain(client.registrationAccessToken);
});
