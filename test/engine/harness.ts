/**
 * Engine-test harness: a fresh stack on a fresh local file backend for each test, driven through Automation
 * API by the real `pulumi` CLI found on PATH (scripts/setup.sh puts it there). Runs in plain node processes
 * over compiled JS, because the closure serializer needs real `require.cache` modules (BRIEF.md section 3).
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { LocalWorkspace, type PulumiFn, type Stack } from "@pulumi/pulumi/automation";

/** Repository root (this file runs from dist/test/engine/). */
export const ROOT = resolve(__dirname, "../../..");

/** The engine's version; one clear message when there is none (tests run outside scripts/test.sh). */
export const ENGINE_VERSION = (() => {
  try {
    return execFileSync("pulumi", ["version"], { encoding: "utf8" }).trim();
  } catch (cause) {
    throw new Error(
      "no `pulumi` on PATH: run the engine tests through `bash scripts/test.sh`, which builds or finds the engine and sets PATH",
      { cause },
    );
  }
})();

export interface TestStack {
  stack: Stack;
  /** The stack's own directory (program cwd, where relative target paths resolve). */
  dir: string;
  /** Destroys what is left, removes the stack and its directory. */
  dispose(): Promise<void>;
}

/**
 * Creates a new stack named after the test. Its directory lies under the repo's .work/ so the engine's
 * dynamic-provider plugin resolves @pulumi/pulumi and pulumi-jwk from the repo's node_modules.
 */
export async function newStack(name: string, program: PulumiFn): Promise<TestStack> {
  const dir = join(ROOT, ".work", "engine", `${name}-${randomBytes(4).toString("hex")}`);
  await mkdir(join(dir, "backend"), { recursive: true });
  const stack = await LocalWorkspace.createStack(
    { stackName: "test", projectName: name, program },
    {
      workDir: dir,
      projectSettings: { name, runtime: "nodejs", backend: { url: `file://${join(dir, "backend")}` } },
      envVars: { PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "" },
    },
  );
  return {
    stack,
    dir,
    async dispose() {
      try {
        await stack.destroy();
        await stack.workspace.removeStack("test");
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * The state as stored, secrets encrypted. (Automation API's exportStack passes --show-secrets, so this
 * runs the CLI itself: a test of "secrets are ciphertext" must look at what is on disk.)
 */
export function storedState(dir: string): { deployment: { resources?: Record<string, any>[] } } {
  return JSON.parse(execFileSync("pulumi", ["stack", "export", "--stack", "test"], { cwd: dir, encoding: "utf8" }));
}

/** The stored state's resources of one type, e.g. `pulumi-nodejs:dynamic/pulumi-jwk:Jwk`. */
export function stateResources(dir: string, type: string): Record<string, any>[] {
  return (storedState(dir).deployment.resources ?? []).filter((r) => r.type === type);
}
