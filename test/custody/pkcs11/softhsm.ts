/**
 * A SoftHSM2 token for the pkcs11: tests. Under the test command (scripts/lib/servers.sh) the run's token is
 * used (JWK_SOFTHSM_MODULE, SOFTHSM2_CONF, JWK_SOFTHSM_TOKEN, JWK_SOFTHSM_PIN); run by hand, a token is made in
 * a temporary folder when SoftHSM2 is installed. Absent SoftHSM2 fails the tests when the environment says it is
 * there (JWK_SOFTHSM_MODULE set, or CI), and is reported (not silently skipped) otherwise.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The environment variable the tests' URIs name in `pin-source=env:`. */
export const PIN_VARIABLE = "JWK_SOFTHSM_PIN";

export interface SoftHsmToken {
  module: string;
  token: string;
  /** A `pkcs11:` URI naming `object` on the token, PIN read from {@link PIN_VARIABLE}. */
  uri(object: string, extra?: string): string;
}

const DEFAULT_MODULE = "/usr/lib/softhsm/libsofthsm2.so";

/** Why SoftHSM2 cannot be used here, or undefined. Throws when the environment says it must be there. */
export function softHsmMissing(): string | undefined {
  const module = process.env.JWK_SOFTHSM_MODULE ?? DEFAULT_MODULE;
  if (existsSync(module)) return undefined;
  const why = `SoftHSM2's module ${module} is absent (scripts/ensure-softhsm.sh installs it)`;
  if (process.env.JWK_SOFTHSM_MODULE || process.env.CI) throw new Error(why);
  console.warn(`pkcs11 tests NOT RUN: ${why}`);
  return why;
}

/** The run's token, or a fresh one in a temporary folder (this process only: set before the module loads). */
export function softHsmToken(): SoftHsmToken {
  const module = process.env.JWK_SOFTHSM_MODULE ?? DEFAULT_MODULE;
  let token = process.env.JWK_SOFTHSM_TOKEN;
  if (!token || !process.env.SOFTHSM2_CONF || !process.env[PIN_VARIABLE]) {
    const dir = mkdtempSync(join(tmpdir(), "pulumi-jwk-softhsm-"));
    mkdirSync(join(dir, "tokens"));
    writeFileSync(join(dir, "softhsm2.conf"), `directories.tokendir = ${dir}/tokens\nobjectstore.backend = file\nlog.level = ERROR\n`);
    process.env.SOFTHSM2_CONF = join(dir, "softhsm2.conf");
    process.env[PIN_VARIABLE] = randomBytes(12).toString("hex");
    token = "pulumi-jwk-unit";
    execFileSync(
      "softhsm2-util",
      ["--init-token", "--free", "--label", token, "--pin", process.env[PIN_VARIABLE], "--so-pin", randomBytes(12).toString("hex")],
      { stdio: "ignore" },
    );
  }
  const label = token;
  return {
    module,
    token: label,
    uri: (object, extra = "") => `pkcs11:token=${label};object=${object}${extra}?module-path=${module}&pin-source=env:${PIN_VARIABLE}`,
  };
}
