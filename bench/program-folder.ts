/**
 * Pulumi program folders for benchmarks, run by the `pulumi` CLI exactly as a user runs them (`pulumi up` in
 * the folder, the Node.js language host beside `pulumi`), each on a fresh stack and a file backend of its own.
 * Folders live under the repository's .work/ so the program resolves `pulumi-jwk` and `@pulumi/pulumi` from
 * the repository's node_modules, as an installed package would.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/** Repository root (this file runs from dist/bench/). */
export const ROOT = resolve(__dirname, "../..");

export interface Timing {
  ms: number;
  cpuMs: number;
}

export interface ProgramFolder {
  dir: string;
  /**
   * Runs `pulumi <args>` in the folder; throws with the CLI's output when it fails. Returns wall-clock ms and
   * CPU ms (user + system of pulumi and every process it waited for: language host, program, provider
   * plugins), which other load on the machine disturbs far less than wall-clock time.
   */
  run(args: string[]): Timing & { stdout: string };
  /** Bytes of `pulumi stack export` (secrets stay ciphertext: no --show-secrets). */
  exportedState(): string;
  dispose(): void;
}

/**
 * Writes `index.js` (built from the folder path, which a program may use for its files; plain JavaScript: no TypeScript compile in the measured time, the same for every
 * program) and a Pulumi.yaml (plus `projectLines`, e.g. a `plugins:` section), and initialises stack `bench` on a
 * file backend inside the folder.
 */
export function programFolder(name: string, indexJs: (dir: string) => string, projectLines: readonly string[] = []): ProgramFolder {
  const dir = join(ROOT, ".work", "bench", `${name}-${randomBytes(4).toString("hex")}`);
  mkdirSync(join(dir, "backend"), { recursive: true });
  writeFileSync(
    join(dir, "Pulumi.yaml"),
    [`name: ${name}`, "runtime:", "  name: nodejs", "  options:", "    typescript: false", "main: index.js", ...projectLines, ""].join(
      "\n",
    ),
  );
  writeFileSync(join(dir, "index.js"), indexJs(dir));
  const env = {
    ...process.env,
    PULUMI_BACKEND_URL: `file://${join(dir, "backend")}`,
    PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
  const rusage = join(dir, "rusage");
  const run = (args: string[]) => {
    const t = process.hrtime.bigint();
    // GNU time reports the rusage of pulumi and of every descendant it reaped.
    const r = spawnSync("/usr/bin/time", ["-f", "%U %S", "-o", rusage, "pulumi", ...args, "--non-interactive"], {
      cwd: dir,
      env,
      encoding: "utf8",
      maxBuffer: 256 << 20,
    });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 0) throw new Error(`pulumi ${args.join(" ")} failed in ${dir}:\n${r.stdout}\n${r.stderr}`);
    const [user, system] = readFileSync(rusage, "utf8").trim().split(/\s+/).slice(-2).map(Number);
    return { ms, cpuMs: (user! + system!) * 1000, stdout: r.stdout };
  };
  run(["stack", "init", "bench"]);
  return {
    dir,
    run,
    exportedState: () => run(["stack", "export"]).stdout,
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** "8.7-10.4 s (median 9.1)" for a list of milliseconds. */
export function secondsRange(ms: readonly number[]): string {
  const f = (v: number) => (v / 1000).toFixed(2);
  return `${f(Math.min(...ms))}-${f(Math.max(...ms))} s (median ${f(median(ms))})`;
}
