/**
 * Runs the quickstart on a local file backend: `up`, then a second `preview` that must show no changes.
 * `node dist/examples/quickstart/run.js [--destroy]` (scripts/quickstart.sh sets up Node 24 and the engine).
 */
import { join } from "node:path";
import { destroy, exampleStack, print, ROOT, run, upThenPreview } from "../shared/local-stack";
import { quickstart } from "./program";

run(async () => {
  const jwksPath = join(ROOT, "examples", "quickstart", "out", "jwks.json");
  const stack = await exampleStack("quickstart", quickstart(jwksPath));
  if (process.argv.includes("--destroy")) return destroy(stack);
  const outputs = await upThenPreview(stack);
  print(`\nJWKS published at ${jwksPath}`);
  for (const [alg, kid] of Object.entries(outputs.kids as Record<string, string>)) print(`  ${alg.padEnd(6)} kid ${kid}`);
  print("Private keys are in the stack only as secrets: `pulumi stack output --show-secrets` reveals them.");
  print("Remove everything with: bash scripts/quickstart.sh --destroy");
});
