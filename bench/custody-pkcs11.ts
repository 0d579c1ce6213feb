/**
 * What a key on a PKCS#11 token costs (issue 19): wall time of create (key pair generated on the token), of
 * describe (the public half read back: what refresh does) and of sign (one JWS signing input of about 300 bytes),
 * per algorithm, on SoftHSM2. Each operation opens a session and logs in (the backend keeps no session
 * between calls), so the figures include that. Prints median and max ms over N runs.
 *
 *   JWK_SERVERS=softhsm bash scripts/with-servers.sh node dist/bench/custody-pkcs11.js [N=10]
 *
 * (or without the servers script: a token is made in a temporary folder when SoftHSM2 is installed).
 */
import { randomBytes } from "node:crypto";
import { pkcs11Backend as backend } from "../provider/custody/pkcs11/backend";
import { softHsmMissing, softHsmToken } from "../test/custody/pkcs11/softhsm";

const N = Number(process.argv[2] ?? 10);
const ALGS = ["ES256", "ES384", "RS256", "PS256"];

function figures(ms: number[]): string {
  const sorted = [...ms].sort((a, b) => a - b);
  return `median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms`;
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

async function main(): Promise<void> {
  const missing = softHsmMissing();
  if (missing) throw new Error(missing);
  const token = softHsmToken();
  const input = new TextEncoder().encode(`${"e".repeat(40)}.${"p".repeat(260)}`);
  console.log(`SoftHSM2 ${token.module}, token "${token.token}", ${N} runs per figure`);
  for (const alg of ALGS) {
    const create: number[] = [];
    const describe: number[] = [];
    const sign: number[] = [];
    for (let i = 0; i < N; i++) {
      const request = { uri: token.uri(`bench-${alg.toLowerCase()}-${randomBytes(4).toString("hex")}`), alg };
      create.push(await timed(() => backend.create(request, {})));
      describe.push(await timed(() => backend.describe(request, {})));
      sign.push(await timed(() => backend.sign(request, input, {})));
    }
    console.log(`${alg.padEnd(6)} create: ${figures(create)}; describe: ${figures(describe)}; sign: ${figures(sign)}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
