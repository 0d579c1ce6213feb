/**
 * Sign latency per custody backend, through the library entry `pulumi-jwk/sign` (what an application calls at
 * run time): median and p90 ms of `signJws` over N runs after one warm-up, for a private JWK in process, and for
 * keys in Vault/OpenBao transit and AWS KMS (moto) when their servers are up. The keys are created first (one
 * per backend and algorithm). Run under the servers:
 *
 *   JWK_SERVERS="openbao moto" bash scripts/with-servers.sh bash scripts/run.sh dist/bench/sign-latency.js [N=20]
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { canCreate } from "../provider/custody/types";
import { custodyBackend } from "../provider/registry/custody";
import { signJws, type SignJwsOptions } from "../provider/sign";

const N = Number(process.argv[2] ?? 20);
const payload = JSON.stringify({ iss: "app", sub: "app", aud: "https://as.example/token", jti: "x", iat: 0, exp: 60 });

async function measure(label: string, options: Omit<SignJwsOptions, "payload">): Promise<void> {
  await signJws({ ...options, payload } as SignJwsOptions); // warm-up: connections, SDK load, key import
  const ms: number[] = [];
  for (let i = 0; i < N; i++) {
    const start = performance.now();
    await signJws({ ...options, payload } as SignJwsOptions);
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(ms.length * q))]!.toFixed(2);
  console.log(`${label.padEnd(28)} median ${at(0.5).padStart(7)} ms   p90 ${at(0.9).padStart(7)} ms   (n=${N})`);
}

async function custody(label: string, keyUri: string, alg: string): Promise<void> {
  const backend = custodyBackend(keyUri);
  if (!canCreate(backend)) throw new Error(`${backend.scheme} cannot create keys`);
  await backend.create({ uri: keyUri, alg }, {});
  await measure(label, { keyUri, alg });
}

async function main(): Promise<void> {
  const ec = generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey.export({ format: "jwk" });
  const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
  await measure("private JWK ES256", { privateJwk: ec, alg: "ES256" });
  await measure("private JWK RS256", { privateJwk: rsa, alg: "RS256" });
  const id = randomBytes(4).toString("hex");
  const bao = process.env.JWK_OPENBAO_ADDR;
  if (bao) {
    const uri = (n: string) => `vault-transit:name=bench-${n}-${id}?address=${bao}&token-source=env:JWK_OPENBAO_TOKEN`;
    await custody("vault-transit ES256", uri("es"), "ES256");
    await custody("vault-transit RS256", uri("rs"), "RS256");
  } else console.log("vault-transit: skipped (JWK_OPENBAO_ADDR unset)");
  const moto = process.env.JWK_MOTO_URL;
  if (moto) {
    process.env.AWS_ACCESS_KEY_ID ??= "testing";
    process.env.AWS_SECRET_ACCESS_KEY ??= "testing";
    const uri = (n: string) => `awskms:alias=bench-${n}-${id};region=eu-west-1?endpoint=${moto}`;
    await custody("awskms (moto) ES256", uri("es"), "ES256");
    await custody("awskms (moto) RS256", uri("rs"), "RS256");
  } else console.log("awskms: skipped (JWK_MOTO_URL unset)");
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
