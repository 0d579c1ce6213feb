/**
 * Memory of the process that serves our resources (the engine's dynamic-provider plugin, or our plugin). V8
 * lets a busy process's young generation grow to 64 MB per semi-space on a machine with much memory: a provider
 * answering thousands of small requests (check, diff, read: objects that die young) reached that ceiling and
 * kept it, 128 MB of resident memory that held mostly garbage (at 600 resources: new space 128 MB of which
 * 30-50 used, old space 45 MB). Stopping the growth keeps the young generation at its start size; the
 * scavenges that come more often cost little, since almost nothing survives them (bench/scale-bindings.ts
 * prints both figures). A flag of V8's own, read at each growth decision, so it applies from the first call on.
 * Process-wide, so applied only in a process that serves resources: the SDK's dynamic-provider host, which
 * serves nothing but the program's dynamic resources, and our plugin (serve.ts); not where a provider module is
 * merely loaded (tests, the program). PULUMI_JWK_PROVIDER_HEAP=default leaves V8's default.
 */
import { setFlagsFromString } from "node:v8";

let applied = false;

/** Whether this process is the SDK's dynamic-provider host (`node .../@pulumi/pulumi/cmd/dynamic-provider`). */
export function isDynamicProviderHost(argv: readonly string[] = process.argv): boolean {
  return /[\\/]cmd[\\/]dynamic-provider([\\/]|$)/.test(argv[1] ?? "");
}

/** Stops the young generation of this process from growing past its current size. Idempotent. */
export function keepYoungGenerationSmall(): void {
  if (applied || process.env.PULUMI_JWK_PROVIDER_HEAP === "default") return;
  applied = true;
  setFlagsFromString("--semi-space-growth-factor=1");
}
