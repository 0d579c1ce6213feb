/**
 * Runs the Janssen example. With JANS_URL (the config-api base, ending in /jans-config-api), JANS_TOKEN_URL,
 * JANS_CLIENT_ID and JANS_CLIENT_SECRET set it manages that server; otherwise it starts the Janssen emulator
 * (test/emulators/janssen.ts) on 127.0.0.1, runs against it, then destroys.
 *
 *   bash scripts/run.sh dist/examples/janssen/run.js [--destroy]
 */
import { startJanssenEmulator } from "../../test/emulators/janssen";
import { destroy, exampleStack, print, run, upThenPreview } from "../shared/local-stack";
import { janssenProgram } from "./program";

run(async () => {
  const real = process.env.JANS_URL && process.env.JANS_TOKEN_URL && process.env.JANS_CLIENT_ID && process.env.JANS_CLIENT_SECRET;
  const emulator = real ? undefined : await startJanssenEmulator();
  try {
    if (emulator) {
      process.env.JANS_CLIENT_ID = emulator.clientId;
      process.env.JANS_CLIENT_SECRET = emulator.clientSecret;
      print(`Janssen emulator: config-api ${emulator.configApiUrl}, token endpoint ${emulator.tokenUrl}`);
    }
    const stack = await exampleStack(
      "janssen",
      janssenProgram(emulator?.configApiUrl ?? process.env.JANS_URL!, emulator?.tokenUrl ?? process.env.JANS_TOKEN_URL!),
      { ephemeral: !real },
    );
    if (real && process.argv.includes("--destroy")) return destroy(stack);
    print(JSON.stringify(await upThenPreview(stack), null, 2));
    if (emulator) {
      print(
        `\nThe server's JWKS now holds: ${emulator
          .keys()
          .map((k) => String(k.kid))
          .join(", ")}`,
      );
      await destroy(stack);
      if (emulator.contractViolations.length > 0)
        throw new Error(`requests broke the config-api spec:\n${emulator.contractViolations.join("\n")}`);
    }
  } finally {
    await emulator?.close();
  }
});
