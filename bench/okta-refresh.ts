/**
 * Refresh reads of N Okta app bindings at once (issue 21 item 3), against the Okta emulator enforcing L requests
 * per minute: batched (`readListed`, one paged `GET /api/v1/apps` per org) and single (`read`: GET app, then its
 * JWKS), each on a fresh emulator. Driven through the library (the binder the ClientKeyBinding provider opens), in
 * one process, as a refresh reads every binding at about the same moment. Prints requests, 429s and wall time.
 *
 *   bash scripts/run.sh dist/bench/okta-refresh.js [limitPerMinute=100] [bindings=100]
 */
import { generateKeyPairSync } from "node:crypto";
import { oktaClient } from "../provider/vendors/okta/client";
import { startOktaEmulator } from "../test/emulators/okta";

async function run(mode: "batched" | "single", limit: number, n: number): Promise<void> {
  const okta = await startOktaEmulator({ rateLimitPerMinute: limit });
  process.env.OKTA_API_TOKEN = okta.apiToken;
  const apps = Array.from({ length: n }, () => okta.createApp());
  apps.forEach((appId, i) => {
    const jwk = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" });
    okta.consoleAddKey(appId, { ...jwk, kid: `k${i}`, use: "sig", alg: "ES256" });
  });
  const started = Date.now();
  const live = await Promise.all(
    apps.map((appId) => {
      const binder = oktaClient({ kind: "okta", orgUrl: okta.url, appId });
      return mode === "batched" ? binder.readListed() : binder.read();
    }),
  );
  const wallS = (Date.now() - started) / 1000;
  const limited = okta.requests.filter((r) => r.status === 429).length;
  const read = live.filter((l) => l?.keys.length === 1).length;
  console.log(
    `${mode.padEnd(7)}: ${okta.requests.length} requests, ${limited} answered 429, ${read} of ${n} bindings read, wall ${wallS.toFixed(2)} s`,
  );
  await okta.close();
}

async function main(): Promise<void> {
  const [limit = 100, n = 100] = process.argv.slice(2).map(Number);
  console.log(`Okta emulator, ${limit} requests/minute enforced; refresh reads of ${n} app bindings on one org, all at once`);
  await run("batched", limit, n);
  await run("single", limit, n);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
