/**
 * Runs the `pulumi` CLI (and the repository's scripts) the way a user does: spawned processes in a program
 * folder, with the offline settings of BRIEF.md section 2. Shared by the engine tests that run program folders.
 */
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, realpath } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** Repository root (this file runs from dist/test/engine/). */
export const ROOT = resolve(__dirname, "../../..");

export interface CliResult {
  /** Exit code (null when killed). */
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A Pulumi home and file backend of their own, in a fresh directory under the OS tmpdir. */
export interface OfflineHome {
  /** The directory holding both (and anything else the test puts there). */
  dir: string;
  /** PULUMI_HOME, PULUMI_BACKEND_URL, an empty passphrase, no update checks, no plugin downloads. */
  env: NodeJS.ProcessEnv;
}

export async function offlineHome(prefix: string): Promise<OfflineHome> {
  // realpath: macOS-style tmpdir symlinks would otherwise differ from the paths the engine reports.
  const dir = await realpath(await mkdtemp(join(tmpdir(), `${prefix}-`)));
  await mkdir(join(dir, "pulumi-home"), { recursive: true });
  await mkdir(join(dir, "backend"), { recursive: true });
  return {
    dir,
    env: {
      PULUMI_HOME: join(dir, "pulumi-home"),
      PULUMI_BACKEND_URL: `file://${join(dir, "backend")}`,
      PULUMI_CONFIG_PASSPHRASE: "",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    },
  };
}

/** Runs a command to completion; never throws on a non-zero exit (tests assert on `code`). */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: options.timeoutMs ?? 240_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, stdout, stderr }));
  });
}

/** `pulumi <args>` in a program folder, non-interactive, with the given (offline) environment. */
export function pulumi(dir: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return run("pulumi", [...args, "--non-interactive"], { cwd: dir, env });
}

/** Like {@link pulumi}, but a non-zero exit fails with the command and its output. */
export async function pulumiOk(dir: string, args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  const r = await pulumi(dir, args, env);
  if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} exited ${r.code} in ${dir}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** The selected stack's outputs (`pulumi stack output --json`; secrets stay "[secret]"). */
export async function stackOutputs(dir: string, env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  return JSON.parse((await pulumiOk(dir, ["stack", "output", "--json"], env)).stdout) as Record<string, unknown>;
}

/** The state as stored (`pulumi stack export`, no --show-secrets): secrets must be ciphertext here. */
export async function storedState(dir: string, env: NodeJS.ProcessEnv): Promise<{ deployment: { resources?: Record<string, any>[] } }> {
  return JSON.parse((await pulumiOk(dir, ["stack", "export"], env)).stdout) as { deployment: { resources?: Record<string, any>[] } };
}

/** Runs `bash scripts/<name>` from the repository root. */
export function script(name: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return run("bash", [join(ROOT, "scripts", name), ...args], { cwd: ROOT, env, timeoutMs: 420_000 });
}
