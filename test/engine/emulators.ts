/**
 * Both API emulators for one engine-test file: started before its tests, with their credentials in this
 * process's environment (the CLI, the engine and the provider processes inherit it), closed after them.
 */
import assert from "node:assert/strict";
import { after, before } from "node:test";
import { startJanssenEmulator, type JanssenEmulator } from "../emulators/janssen";
import { startOktaEmulator, type OktaEmulator } from "../emulators/okta";

export interface FileEmulators {
  okta: OktaEmulator;
  jans: JanssenEmulator;
}

/**
 * @param options.checkContract after the file's tests, assert that no request or response broke a vendor spec
 *   (off where a test injects faults, whose answers the specs do not describe)
 */
export function emulatorsForFile(options: { checkContract: boolean }): FileEmulators {
  const emulators = {} as FileEmulators;
  before(async () => {
    [emulators.okta, emulators.jans] = await Promise.all([startOktaEmulator(), startJanssenEmulator()]);
    process.env.OKTA_API_TOKEN = emulators.okta.apiToken;
    process.env.JANS_CLIENT_ID = emulators.jans.clientId;
    process.env.JANS_CLIENT_SECRET = emulators.jans.clientSecret;
  });
  after(async () => {
    await Promise.all([emulators.okta.close(), emulators.jans.close()]);
    if (options.checkContract) {
      assert.deepEqual(emulators.okta.contractViolations, []);
      assert.deepEqual(emulators.jans.contractViolations, []);
    }
  });
  return emulators;
}
