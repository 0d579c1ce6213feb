/**
 * Whether the deployment this provider process serves is constrained to some resources (`--target`,
 * `--exclude`): then the engine runs `check` for the targeted resources only (`up`) or for none (`destroy`), and
 * what the others declare is unknown to this run (resources/jwkset/claims.ts). The engine tells providers
 * nothing about targets; the `pulumi` process this one runs under has them on its command line: the parent
 * for the dynamic-provider host, further up for the plugin form (started through the Node.js language host).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const CONSTRAINING = ["--target", "-t", "--exclude"];

/** True when `argv` (a `pulumi` command line) names targets or exclusions. Pure. */
export function constrainsResources(argv: readonly string[]): boolean {
  return argv.some((a) => CONSTRAINING.includes(a) || CONSTRAINING.some((f) => f.startsWith("--") && a.startsWith(`${f}=`)));
}

/** A process's parent id and command line; undefined when they cannot be read. */
function processInfo(pid: number): { ppid: number; argv: string[] } | undefined {
  try {
    if (process.platform === "linux") {
      const argv = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
      // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces and parentheses.
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      return { ppid: Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]), argv };
    }
    if (process.platform === "win32") return undefined;
    const line = execFileSync("ps", ["-ww", "-o", "ppid=,args=", "-p", String(pid)], { encoding: "utf8", timeout: 5000 }).trim();
    const [ppid, ...argv] = line.split(/\s+/);
    return { ppid: Number(ppid), argv };
  } catch {
    return undefined;
  }
}

const isPulumiCli = (argv: readonly string[]) => /(^|[\\/])pulumi(\.exe)?$/.test(argv[0] ?? "");

let cached: boolean | undefined;

/**
 * True when this process serves a `--target`/`--exclude` run of the `pulumi` CLI (the nearest `pulumi` among its
 * first few ancestors); false otherwise, and when no command line can be read (Windows): then every run counts
 * as checking the whole program.
 */
export function isTargetedRun(): boolean {
  if (cached === undefined) {
    cached = false;
    let pid = process.ppid;
    for (let depth = 0; depth < 4 && pid > 1; depth++) {
      const info = processInfo(pid);
      if (info === undefined) break;
      if (isPulumiCli(info.argv)) {
        cached = constrainsResources(info.argv);
        break;
      }
      pid = info.ppid;
    }
  }
  return cached;
}
