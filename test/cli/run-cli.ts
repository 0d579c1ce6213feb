/**
 * Spawns the compiled `pulumi-jwk` CLI as a user runs it (a process of its own, standard input given, both
 * outputs collected). Shared by the CLI tests (vitest, from source) and the engine tests (from dist/), which
 * each resolve the compiled CLI's path from where they run.
 */
import { spawn } from "node:child_process";

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(cliPath: string, args: string[], stdin?: string): Promise<Ran> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [cliPath, ...args], { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
    child.stdin.end(stdin ?? "");
  });
}
