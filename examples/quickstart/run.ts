/**
 * Runs the quickstart on a local file backend: `up`, then a second `preview` that must show no changes.
 * `bash scripts/quickstart.sh [--refresh | --destroy]`: `--refresh` reads the published file and reports drift
 * (edit out/jwks.json by hand to see it), `--destroy` removes everything.
 */
import { join } from "node:path";
import { destroy, EXAMPLES_HOME, exampleStack, print, refreshAndReportDrift, ROOT, run, upThenPreview } from "../shared/local-stack";
import { quickstart } from "./program";

run(async () => {
  const jwksPath = process.env.JWK_EXAMPLES_HOME
    ? join(EXAMPLES_HOME, "quickstart", "jwks.json")
    : join(ROOT, "examples", "quickstart", "out", "jwks.json");
  const stack = await exampleStack("quickstart", quickstart(jwksPath));
  if (process.argv.includes("--destroy")) return destroy(stack);
  if (process.argv.includes("--refresh")) return refreshAndReportDrift(stack);
  const outputs = await upThenPreview(stack);
  print(`\nJWKS published at ${jwksPath}`);
  for (const [alg, kid] of Object.entries(outputs.kids as Record<string, string>)) print(`  ${alg.padEnd(6)} kid ${kid}`);
  print("Private keys are in the stack only as secrets: `pulumi stack output --show-secrets` reveals them.");
  print("Edit the file by hand, then see the drift with: bash scripts/quickstart.sh --refresh");
  print("Remove everything with: bash scripts/quickstart.sh --destroy");
});
