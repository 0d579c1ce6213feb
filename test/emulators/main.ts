/**
 * Runs one emulator until SIGINT/SIGTERM, for examples and manual use:
 *   node dist/test/emulators/main.js okta|janssen|pingone|reachfive
 * prints one JSON line on stdout with the URL and test credentials, e.g.
 *   {"vendor":"okta","url":"http://127.0.0.1:41234","apiToken":"00…","appId":"0oa…"}
 */
import { runUntilSignal } from "../servers/run-until-signal";
import type { Emulator } from "./server";
import { startJanssenEmulator } from "./janssen";
import { startOktaEmulator } from "./okta";
import { startPingOneEmulator } from "./pingone";
import { startReachFiveEmulator } from "./reachfive";

async function start(vendor: string | undefined): Promise<{ emulator: Emulator; info: Record<string, unknown> }> {
  if (vendor === "okta") {
    const okta = await startOktaEmulator();
    const appId = okta.createApp();
    return { emulator: okta, info: { vendor, url: okta.url, apiToken: okta.apiToken, appId } };
  }
  if (vendor === "janssen") {
    const jans = await startJanssenEmulator();
    return {
      emulator: jans,
      info: {
        vendor,
        url: jans.url,
        configApiUrl: jans.configApiUrl,
        tokenUrl: jans.tokenUrl,
        clientId: jans.clientId,
        clientSecret: jans.clientSecret,
      },
    };
  }
  if (vendor === "pingone") {
    const p1 = await startPingOneEmulator();
    const { url, apiUrl, authUrl, environmentId, clientId, clientSecret } = p1;
    return {
      emulator: p1,
      info: { vendor, url, apiUrl, authUrl, environmentId, clientId, clientSecret, applicationId: p1.createApplication() },
    };
  }
  if (vendor === "reachfive") {
    const r5 = await startReachFiveEmulator();
    // One RS256 client for the example; its keys start on the global pair.
    const appClientId = r5.createClient({ name: "example-app" });
    return {
      emulator: r5,
      info: { vendor, url: r5.url, clientId: r5.clientId, clientSecret: r5.clientSecret, appClientId },
    };
  }
  throw new TypeError(`usage: main.js okta|janssen|pingone|reachfive (got ${JSON.stringify(vendor)})`);
}

runUntilSignal(async () => {
  const { emulator, info } = await start(process.argv[2]);
  return {
    info,
    close: () => emulator.close(),
    // Exit 3 on a request or response that broke the vendor's spec, so scripts that run an example against the
    // emulator (scripts/example.sh) fail on it.
    problems: () => emulator.contractViolations,
    problemsTitle: "contract violations",
  };
});
