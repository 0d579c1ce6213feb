/**
 * What a key in each custody costs in time (issue 19 item 8), per backend and algorithm, median and p90 ms over N
 * runs after one warm-up:
 *   - create: the key made in the backend (generated inside a KMS/HSM, or generated here and written to a store);
 *   - describe: its public half read back (what refresh does);
 *   - sign: one `signJws` through the library entry `pulumi-jwk/sign` (what an application calls at run time);
 *   - rotate: what a rotation asks of the backend: a new key created and the previous one retired as destroy
 *     retires it (deletion scheduled where the backend has a window: awskms, awssm; kept otherwise).
 * A private JWK in process is the baseline for sign. Backends whose servers are absent are skipped, saying so.
 * Every operation opens its own connection or PKCS#11 session (the backends keep none between calls).
 *
 *   JWK_SERVERS="openbao moto softhsm" bash scripts/with-servers.sh bash scripts/run.sh dist/bench/custody-latency.js [N=10] [ALGS=ES256,RS256]
 *
 * An algorithm a backend cannot hold (e.g. EdDSA on awskms or pkcs11) is skipped for that backend, saying so.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { canCreate, canScheduleDeletion } from "../provider/custody/types";
import { custodyBackend } from "../provider/registry/custody";
import { signJws, type SignJwsOptions } from "../provider/sign";
import { custodyUris } from "./custody-uris";

const N = Number(process.argv[2] ?? 10);
const ALGS = (process.argv[3] ?? "ES256,RS256").split(",");
const payload = JSON.stringify({ iss: "app", sub: "app", aud: "https://as.example/token", jti: "x", iat: 0, exp: 60 });

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

function figures(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))]!.toFixed(1);
  return `${at(0.5).padStart(6)} / ${at(0.9).padStart(6)}`;
}

async function signTimes(options: Omit<SignJwsOptions, "payload">): Promise<number[]> {
  await signJws({ ...options, payload } as SignJwsOptions); // warm-up: connections, SDK load, key import
  const ms: number[] = [];
  for (let i = 0; i < N; i++) ms.push(await timed(() => signJws({ ...options, payload } as SignJwsOptions)));
  return ms;
}

async function custody(label: string, uri: (name: string) => string, alg: string): Promise<void> {
  const id = randomBytes(3).toString("hex");
  const backend = custodyBackend(uri("warm"));
  if (!canCreate(backend)) throw new Error(`${backend.scheme} cannot create keys`);
  const refused = backend.requestFailures({ uri: uri("warm"), alg }, "keyUri");
  if (refused.length > 0) return console.log(`${label.padEnd(22)} skipped: ${refused.map((f) => f.reason).join("; ")}`);
  const request = (i: number | string) => ({ uri: uri(`bench-${alg.toLowerCase()}-${id}-${i}`), alg });
  await backend.create(request("warm"), {}); // warm-up: SDK load, module load, first connection
  const create: number[] = [];
  const describe: number[] = [];
  const rotate: number[] = [];
  for (let i = 0; i < N; i++) {
    create.push(await timed(() => backend.create(request(i), {})));
    describe.push(await timed(() => backend.describe(request(i), {})));
    rotate.push(
      await timed(async () => {
        await backend.create(request(`${i}-next`), {});
        if (canScheduleDeletion(backend)) await backend.scheduleDeletion(request(i), {});
      }),
    );
  }
  // The warm-up key signs: rotate has retired the others (a secret scheduled for deletion cannot sign).
  const sign = await signTimes({ keyUri: request("warm").uri, alg });
  console.log(`${label.padEnd(22)} ${figures(create)}  ${figures(describe)}  ${figures(sign)}  ${figures(rotate)}`);
}

async function main(): Promise<void> {
  console.log(`ms, median / p90 over ${N} runs  create           describe         sign             rotate`);
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" });
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
  const none = "     -          -    ";
  console.log(`${"private JWK ES256".padEnd(22)} ${none}  ${none}  ${figures(await signTimes({ privateJwk: ec, alg: "ES256" }))}`);
  console.log(`${"private JWK RS256".padEnd(22)} ${none}  ${none}  ${figures(await signTimes({ privateJwk: rsa, alg: "RS256" }))}`);
  for (const [backend, uri] of Object.entries(custodyUris())) {
    if (typeof uri === "string") {
      console.log(`${backend}: skipped (${uri})`);
      continue;
    }
    for (const alg of ALGS) await custody(`${backend} ${alg}`, uri, alg);
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
