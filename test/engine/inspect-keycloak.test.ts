/**
 * `pulumi-jwk inspect` on a real server's JWKS (issue 10): the compiled CLI, spawned as a user runs it, reads the
 * master realm's `certs` of the Keycloak that scripts/lib/servers.sh starts for the engine tests. Keycloak's keys
 * carry x5c, x5t and x5t#S256 (a self-signed certificate per realm key), so this checks the certificate and
 * thumbprint logic against what a real server publishes: nothing there may rank `warning` or above. Fails, not
 * skips, when the server is absent.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { KEYCLOAK_ENV, KeycloakAdmin, serverEnv } from "../oauth/keycloak-admin";
import { runCli } from "../cli/run-cli";
import { ROOT } from "./cli";

const CLI = join(ROOT, "dist/provider/cli/main.js");

interface Finding {
  code: string;
  severity: "error" | "warning" | "info";
  message: string;
}

interface InspectionJson {
  source: string;
  keys: { kid: string | null; kty: string | null; findings: Finding[] }[];
  findings: Finding[];
}

test("inspect: Keycloak's certs parse, list Keycloak's keys, and carry no finding of warning or above", async () => {
  const url = serverEnv(KEYCLOAK_ENV.certsUrl);
  const published = await new KeycloakAdmin().certs();
  assert.ok(
    published.keys.some((k) => Array.isArray(k.x5c) && typeof k.x5t === "string" && typeof k["x5t#S256"] === "string"),
    "Keycloak's realm keys carry x5c, x5t and x5t#S256 (what this test checks inspect against)",
  );

  const r = await runCli(CLI, ["inspect", url, "--json", "--fail-on", "warning"]);
  assert.equal(r.stderr, "", "inspect writes nothing to stderr on a readable set");
  const report = JSON.parse(r.stdout) as InspectionJson;
  assert.equal(report.source, url);
  assert.deepEqual(
    report.keys.map((k) => k.kid).sort(),
    published.keys.map((k) => k.kid as string).sort(),
    "every key Keycloak publishes is in the report, by kid",
  );
  assert.deepEqual(report.keys.map((k) => k.kty).sort(), published.keys.map((k) => k.kty as string).sort());
  const loud = [...report.findings, ...report.keys.flatMap((k) => k.findings)].filter((f) => f.severity !== "info");
  assert.deepEqual(loud, [], "a real server's certificate-bearing keys raise nothing above info");
  assert.equal(r.code, 0, "--fail-on warning exits 0 when nothing ranks warning or above");
});
