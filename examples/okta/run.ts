/**
 * Runs the Okta example. With OKTA_ORG_URL, OKTA_APP_ID and OKTA_API_TOKEN set it manages that app;
 * otherwise it starts the Okta emulator (test/emulators/okta.ts) on 127.0.0.1, runs against it, then
 * destroys (the emulator keeps nothing once this process ends).
 *
 *   bash scripts/run.sh dist/examples/okta/run.js [--destroy]
 */
import { startOktaEmulator } from "../../test/emulators/okta";
import { destroy, exampleStack, print, run, upThenPreview } from "../shared/local-stack";
import { oktaProgram } from "./program";

run(async () => {
  const real = process.env.OKTA_ORG_URL && process.env.OKTA_APP_ID && process.env.OKTA_API_TOKEN;
  const emulator = real ? undefined : await startOktaEmulator();
  try {
    const orgUrl = emulator?.url ?? process.env.OKTA_ORG_URL!;
    const appId = emulator?.createApp({ tokenEndpointAuthMethod: "client_secret_basic" }) ?? process.env.OKTA_APP_ID!;
    if (emulator) {
      process.env.OKTA_API_TOKEN = emulator.apiToken;
      print(`Okta emulator at ${orgUrl}, app ${appId}`);
    }
    const stack = await exampleStack("okta", oktaProgram(orgUrl, appId), { ephemeral: !real });
    if (real && process.argv.includes("--destroy")) return destroy(stack);
    print(JSON.stringify(await upThenPreview(stack), null, 2));
    if (emulator) {
      print(
        `\nThe app now holds: ${emulator
          .keys(appId)
          .map((k) => `${k.kid} ${k.status}`)
          .join(", ")}`,
      );
      // Okta keeps an app's active encryption key; retire it as an admin would before tearing down.
      for (const k of emulator.keys(appId)) if (k.use === "enc" && k.kid) emulator.consoleSetStatus(appId, k.kid, "INACTIVE");
      await destroy(stack);
      if (emulator.contractViolations.length > 0) throw new Error(`requests broke Okta's spec:\n${emulator.contractViolations.join("\n")}`);
    }
  } finally {
    await emulator?.close();
  }
});
