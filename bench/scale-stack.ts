/**
 * The stacks bench/scale-bindings.ts measures: a program folder with its own file backend, `pulumi` run without
 * blocking the bench's process (the recording proxies live there), and one measured command: wall and CPU time,
 * the requests its proxy received by kind, the provider process's peak RSS.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ProxiedRequest, RecordingProxy } from "../test/oauth/recording-proxy";

export interface Timing {
  ms: number;
  cpuMs: number;
}

/** Peak RSS (VmHWM) of the dynamic-provider processes running in `dir`, sampled until stopped. */
function providerRssSampler(dir: string): { stop(): number } {
  let peakKb = 0;
  const sample = () => {
    for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
      try {
        if (readlinkSync(`/proc/${pid}/cwd`) !== dir) continue;
        if (!/dynamic-provider|pulumi-resource-pulumi-nodejs/.test(readFileSync(`/proc/${pid}/cmdline`, "utf8"))) continue;
        const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
        if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
      } catch {
        // the process ended meanwhile
      }
    }
  };
  const timer = setInterval(sample, 200);
  return {
    stop: () => {
      clearInterval(timer);
      return peakKb / 1024;
    },
  };
}

/** Runs `pulumi <args>` in `dir` on the folder's file backend; wall and CPU ms (user + system of pulumi and every process it ran). */
export function pulumi(dir: string, env: NodeJS.ProcessEnv, args: string[]): Promise<Timing> {
  const rusage = join(dir, "rusage");
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn("/usr/bin/time", ["-f", "%U %S", "-o", rusage, "pulumi", ...args, "--non-interactive"], {
      cwd: dir,
      env: { ...env, PULUMI_BACKEND_URL: `file://${join(dir, "backend")}` },
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("close", (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code !== 0) return reject(new Error(`pulumi ${args.join(" ")} failed in ${dir}:\n${output.slice(-4000)}`));
      const [user, system] = readFileSync(rusage, "utf8").trim().split(/\s+/).slice(-2).map(Number);
      resolve({ ms, cpuMs: (user! + system!) * 1000 });
    });
  });
}

/** token (a POST to a token endpoint), read (GET), write (anything else). */
function byKind(requests: readonly ProxiedRequest[]): string {
  const token = requests.filter((r) => r.method === "POST" && /\/token(\?|$)/.test(r.path)).length;
  const read = requests.filter((r) => r.method === "GET").length;
  return `token ${token}, read ${read}, write ${requests.length - token - read}`;
}

/**
 * A program folder under `<root>/.work/bench` with its own file backend and stack `bench`. `root` is a checkout
 * of this repository, built: the program's `require("pulumi-jwk")` resolves to that checkout's package.
 */
export async function stackFolder(root: string, name: string, indexJs: string, env: NodeJS.ProcessEnv): Promise<string> {
  const dir = join(root, ".work", "bench", `${name}-${randomBytes(4).toString("hex")}`);
  mkdirSync(join(dir, "backend"), { recursive: true });
  writeFileSync(join(dir, "Pulumi.yaml"), `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n`);
  writeFileSync(join(dir, "index.js"), indexJs);
  await pulumi(dir, env, ["stack", "init", "bench"]);
  return dir;
}

/** A stack and the proxy its bindings are pointed at (none for the no-op stack). */
export interface Stack {
  label: string;
  dir: string;
  proxy?: RecordingProxy;
}

/** Runs `pulumi <args>` on `stack`, prints one line (`name`, the stack's label, figures) and returns its timing. */
export async function measure(name: string, stack: Stack, env: NodeJS.ProcessEnv, args: string[]): Promise<Timing> {
  const from = stack.proxy?.requests.length ?? 0;
  const rss = providerRssSampler(stack.dir);
  let peak = 0;
  const t = await pulumi(stack.dir, env, args).finally(() => (peak = rss.stop()));
  const requests = stack.proxy?.requests.slice(from) ?? [];
  const failed = requests.filter((r) => r.status >= 400).length;
  const counted = stack.proxy ? `requests ${requests.length} (${byKind(requests)}; ${failed} >= 400)` : "no server";
  console.log(
    `${`${name} ${stack.label}`.padEnd(32)} wall ${(t.ms / 1000).toFixed(1)} s, CPU ${(t.cpuMs / 1000).toFixed(1)} s; ${counted}; provider peak RSS ${peak.toFixed(0)} MB`,
  );
  return t;
}

/** "  base / current: wall 3.81, CPU 1.10" */
export function ratioLine(what: string, a: Timing, b: Timing, goal = ""): string {
  return `  ${what}: wall ${(a.ms / b.ms).toFixed(2)}, CPU ${(a.cpuMs / b.cpuMs).toFixed(2)}${goal}`;
}
