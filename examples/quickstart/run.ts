/**
 * Runs the quickstart on a local file backend: `up`, then a second `preview` that must show no changes.
 * `node dist/examples/quickstart/run.js [--destroy]` (scripts/quickstart.sh sets up Node 24 and the engine).
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { quickstart } from "./program";

async function main(): Promise<void> {
  const root = resolve(__dirname, "../../..");
  const dir = join(root, "examples", "quickstart");
  const backend = join(root, ".work", "quickstart-backend");
  const jwksPath = join(dir, "out", "jwks.json");
  mkdirSync(backend, { recursive: true });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "dev", projectName: "jwk-quickstart", program: quickstart(jwksPath) },
    {
      workDir: dir,
      projectSettings: { name: "jwk-quickstart", runtime: "nodejs", backend: { url: `file://${backend}` } },
      envVars: { PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "" },
    },
  );
  const print = (line: string) => process.stdout.write(`${line}\n`);

  if (process.argv.includes("--destroy")) {
    const d = await stack.destroy({ onOutput: (o) => process.stdout.write(o) });
    print(`destroy: ${JSON.stringify(d.summary.resourceChanges)}`);
    return;
  }
  print(`\n--- pulumi up (stack dev, backend ${backend})`);
  const up = await stack.up({ onOutput: (o) => process.stdout.write(o) });
  print(`up: ${up.summary.result} ${JSON.stringify(up.summary.resourceChanges)}`);

  print("\n--- second pulumi preview (must show no changes)");
  const preview = await stack.preview({ expectNoChanges: true });
  print(`preview: ${JSON.stringify(preview.changeSummary)} -> no changes`);

  print(`\nJWKS published at ${jwksPath}`);
  for (const [alg, kid] of Object.entries(up.outputs.kids?.value ?? {})) print(`  ${alg.padEnd(6)} kid ${String(kid)}`);
  print("Private keys are in the stack only as secrets: `pulumi stack output --show-secrets` reveals them.");
  print("Remove everything with: bash scripts/quickstart.sh --destroy");
}

main().catch((e: unknown) => {
  // Automation API errors carry the CLI's whole output; it is already streamed above, so print the summary.
  const err = e as Error & { commandResult?: { stderr?: string } };
  process.stderr.write(`quickstart failed: ${err.commandResult?.stderr?.trim() || err.message}\n`);
  process.exit(1);
});
