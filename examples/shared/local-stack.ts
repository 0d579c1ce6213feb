/**
 * Runs an example program on a local file backend through Automation API (no language host is needed:
 * see the README) and prints what happened. Shared by every example's run.ts.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { LocalWorkspace, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";

/** Repository root (this file runs from dist/examples/shared/). */
export const ROOT = resolve(__dirname, "../../..");

export const print = (line: string) => process.stdout.write(`${line}\n`);

/**
 * Where examples keep their state (backends) and what they publish: `.work/` in the repo, or
 * JWK_EXAMPLES_HOME (tests point it at a temporary directory so they never touch a user's quickstart).
 */
export const EXAMPLES_HOME = process.env.JWK_EXAMPLES_HOME ?? join(ROOT, ".work");

/**
 * Selects (or creates) stack `dev` (or `emulator`, or JWK_EXAMPLES_STACK) of the example in `examples/<name>`, with its backend in EXAMPLES_HOME.
 * An ephemeral backend (for runs against an emulator, which forgets everything when it stops) is new for
 * this run and deleted when the process exits.
 */
export async function exampleStack(name: string, program: PulumiFn, options: { ephemeral?: boolean } = {}): Promise<Stack> {
  const backend = join(EXAMPLES_HOME, options.ephemeral ? `${name}-backend-${randomBytes(4).toString("hex")}` : `${name}-backend`);
  if (options.ephemeral) process.on("exit", () => rmSync(backend, { recursive: true, force: true }));
  mkdirSync(backend, { recursive: true });
  // The stack's config file (its passphrase salt) lives in examples/<name>: a run against an emulator, or a
  // test (JWK_EXAMPLES_STACK), gets a stack of its own so it never rewrites the salt of a user's `dev` stack.
  const stackName = process.env.JWK_EXAMPLES_STACK ?? (options.ephemeral ? "emulator" : "dev");
  return LocalWorkspace.createOrSelectStack(
    { stackName, projectName: `jwk-${name}`, program },
    {
      workDir: join(ROOT, "examples", name),
      projectSettings: { name: `jwk-${name}`, runtime: "nodejs", backend: { url: `file://${backend}` } },
      envVars: { PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "" },
    },
  );
}

/** `up`, then a second `preview` that must propose no changes; returns the outputs. */
export async function upThenPreview(stack: Stack): Promise<Record<string, unknown>> {
  print(`\n--- pulumi up (stack ${stack.name})`);
  const up = await stack.up({ onOutput: (o) => process.stdout.write(o) });
  print(`up: ${up.summary.result} ${JSON.stringify(up.summary.resourceChanges)}`);
  print("\n--- second pulumi preview (must show no changes)");
  const preview = await stack.preview({ expectNoChanges: true });
  print(`preview: ${JSON.stringify(preview.changeSummary)} -> no changes`);
  return Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.secret ? "[secret]" : v.value]));
}

/**
 * `refresh`, then the drift each JwkSet found in the live target (read from the state: a refresh does not
 * rerun the program, so stack outputs keep their values from the last up).
 */
export async function refreshAndReportDrift(stack: Stack): Promise<void> {
  print(`\n--- pulumi refresh (stack ${stack.name})`);
  const refresh = await stack.refresh({ onOutput: (o) => process.stdout.write(o) });
  print(`refresh: ${refresh.summary.result} ${JSON.stringify(refresh.summary.resourceChanges)}`);
  const state = await stack.exportStack();
  for (const r of state.deployment.resources ?? []) {
    if (!String(r.type).endsWith(":JwkSet")) continue;
    const drift = r.outputs?.drift as { missing: string[]; changed: string[]; unexpected: string[] } | undefined;
    const none = drift && drift.missing.length + drift.changed.length + drift.unexpected.length === 0;
    print(`drift of ${String(r.urn).split("::").pop()}: ${none ? "none" : JSON.stringify(drift)}`);
    if (!none) print("  the next up repairs it (run the same command without --refresh)");
  }
}

export async function destroy(stack: Stack): Promise<void> {
  print("\n--- pulumi destroy");
  const d = await stack.destroy({ onOutput: (o) => process.stdout.write(o) });
  print(`destroy: ${d.summary.result} ${JSON.stringify(d.summary.resourceChanges)}`);
}

/** Runs `main`, turning a failure into one message (the CLI's own output was already streamed). */
export function run(main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    const err = e as Error & { commandResult?: { stderr?: string } };
    process.stderr.write(`example failed: ${err.commandResult?.stderr?.trim() || err.message}\n`);
    process.exit(1);
  });
}
