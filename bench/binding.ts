/**
 * What a ClientKeyBinding costs on a real OAuth server (oidc-provider in this process, RFC 7592): requests and
 * wall time per bind (create), per rotation (one key swapped), per no-op apply and per refresh read, and the
 * time to a client_credentials token with the bound key. Prints one line per step: median ms over N runs and
 * the requests each sent (by method).
 *
 *   bash scripts/run.sh dist/bench/binding.js [N=20]
 */
import { describeKey, generateKey, type PublicJwk } from "../provider/core/keys/material";
import { rfc7592Client } from "../provider/clients/rfc7592/rfc7592";
import type { RotatedCredentials } from "../provider/clients/types";
import type { BindingOutputs } from "../provider/resources/binding/logic";
import { bindClient, readBinding } from "../test/resources/binding/parsed";
import { requestClientCredentialsToken } from "../test/oauth/client-assertion";
import { startOidcServer } from "../test/oauth/oidc-server";

const N = Number(process.argv[2] ?? 20);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const t0 = performance.now();
  const op = await startOidcServer();
  console.log(`oidc-provider started in ${(performance.now() - t0).toFixed(0)} ms`);
  const samples: Record<string, { ms: number[]; requests: string }> = {};
  const record = async <T>(step: string, run: () => Promise<T>): Promise<T> => {
    const before = op.requests.length;
    const start = performance.now();
    const out = await run();
    const s = (samples[step] ??= { ms: [], requests: "" });
    s.ms.push(performance.now() - start);
    s.requests = op.requests
      .slice(before)
      .map((r) => r.method)
      .join(" ");
    return out;
  };
  for (let i = 0; i < N; i++) {
    const client = await op.register();
    process.env.BENCH_RAT = client.registrationAccessToken;
    const tokens: Record<string, string> = {};
    const rotated: RotatedCredentials = { get: (n) => tokens[n], set: (n, v) => void (tokens[n] = v) };
    const config = { kind: "rfc7592" as const, registrationClientUri: client.registrationClientUri, tokenEnv: "BENCH_RAT" };
    const open = () => rfc7592Client(config, { rotated });
    const gen = await generateKey({ alg: "ES256" });
    const key = async (kid: string) => (await describeKey(gen, { alg: "ES256", use: "sig", kid })).publicJwk as PublicJwk;
    const first = await describeKey(await generateKey({ alg: "ES256" }), { alg: "ES256", use: "sig" });
    const auth = { method: "private_key_jwt", signingAlg: "ES256" };
    const outs: BindingOutputs = await record("bind (create)", () =>
      bindClient({ client: config, keys: [first.publicJwk], auth }, [], open()),
    );
    await record("apply, nothing to change", () => bindClient({ client: config, keys: [first.publicJwk], auth }, outs.kids, open()));
    await record("refresh (read)", () => readBinding(outs, open()));
    await record("token with the bound key", () =>
      requestClientCredentialsToken({
        issuer: op.issuer,
        tokenEndpoint: op.tokenEndpoint,
        clientId: client.clientId,
        privateJwk: first.privateJwk,
      }),
    );
    await record("rotation (one key swapped)", async () =>
      bindClient({ client: config, keys: [await key(`next-${i}`)], auth }, outs.kids, open()),
    );
  }
  for (const [step, s] of Object.entries(samples))
    console.log(`${step.padEnd(28)} median ${median(s.ms).toFixed(1).padStart(6)} ms  requests: ${s.requests}`);
  await op.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
