/**
 * A rate-limited rollout (issue 21 item 4): K keys over A Okta apps published at once, one JwkSet per app, as one
 * `pulumi up` runs its resources in parallel, against the Okta emulator enforcing L requests per minute (Okta's
 * one-minute window with X-Rate-Limit-* headers, 429 E0000047 over the limit). Driven through the library
 * (`publishKeySet`, the code the JwkSet provider runs) in one process, not the CLI: 520 resources under the CLI
 * would cost minutes of engine time on a loaded 2-core machine and measure the engine, not the pacing.
 * Prints requests, 429s, failed sets and the wall time against requests / limit.
 *
 *   bash scripts/run.sh dist/bench/okta-rollout.js [limitPerMinute=100] [keys=500] [apps=20]
 */
import { describeKey, generateKey, type PublicJwk } from "../provider/core/keys/material";
import { publishKeySet } from "../provider/resources/jwkset/logic";
import { startOktaEmulator } from "../test/emulators/okta";

async function main(): Promise<void> {
  const [limit = 100, keyCount = 500, appCount = 20] = process.argv.slice(2).map(Number);
  const okta = await startOktaEmulator({ rateLimitPerMinute: limit });
  process.env.OKTA_API_TOKEN = okta.apiToken;
  const apps = Array.from({ length: appCount }, () => okta.createApp());
  const perApp = Math.ceil(keyCount / appCount);
  const keys = async (app: number): Promise<PublicJwk[]> =>
    Promise.all(
      Array.from(
        { length: Math.min(perApp, keyCount - app * perApp) },
        async (_, i) =>
          (await describeKey(await generateKey({ alg: "ES256" }), { alg: "ES256", use: "sig", kid: `a${app}-k${i}` })).publicJwk,
      ),
    );
  const sets = await Promise.all(apps.map((_, i) => keys(i)));
  const started = Date.now();
  const results = await Promise.allSettled(
    apps.map((appId, i) => publishKeySet({ target: { kind: "okta", orgUrl: okta.url, appId }, keys: sets[i]! }, [])),
  );
  const wallS = (Date.now() - started) / 1000;
  const failed = results.filter((r) => r.status === "rejected");
  const served = apps.reduce((n, appId) => n + okta.keys(appId).length, 0);
  const requests = okta.requests.length;
  const limited = okta.requests.filter((r) => r.status === 429).length;
  const floorS = (requests / limit) * 60;
  console.log(`Okta emulator, ${limit} requests/minute enforced; ${keyCount} keys over ${appCount} apps, all sets published at once`);
  console.log(`requests ${requests} (429: ${limited}); sets failed ${failed.length}; keys served ${served}/${keyCount}`);
  console.log(`wall ${wallS.toFixed(1)} s; requests/limit ${floorS.toFixed(1)} s; ratio ${(wallS / floorS).toFixed(2)}`);
  for (const f of failed.slice(0, 3)) console.log(`  failure: ${(f as PromiseRejectedResult).reason}`);
  await okta.close();
}

void main();
