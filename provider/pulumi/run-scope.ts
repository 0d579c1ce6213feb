/**
 * Whether the deployment this provider process serves is constrained to some resources (`--target`,
 * `--exclude`): then the engine runs `check` for the targeted resources only (`up`) or for none (`destroy`), and
 * what the others declare is unknown to this run (resources/jwkset/claims.ts). The engine tells providers
 * nothing about targets; the `pulumi` process that started this one (its parent: the engine starts every
 * plugin, the dynamic-provider host and the plugin form alike) has them on its command line.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const CONSTRAINING = ["--target", "-t", "--exclude"];

/** True when `argv` (a `pulumi` command line) names targets or exclusions. Pure. */
export function constrainsResources(argv: readonly string[]): boolean {
  return argv.some((a) => CONSTRAINING.includes(a) || CONSTRAINING.some((f) => f.startsWith("--") && a.startsWith(`${f}=`)));
}

function parentArgv(): string[] | undefined {
  try {
    if (process.platform === "linux") return readFileSync(`/proc/${process.ppid}/cmdline`, "utf8").split("\0").filter(Boolean);
    if (process.platform === "win32") return undefined;
    const line = execFileSync("ps", ["-ww", "-o", "args=", "-p", String(process.ppid)], { encoding: "utf8", timeout: 5000 });
    return line.trim().split(/\s+/);
  } catch {
    return undefined;
  }
}

let cached: boolean | undefined;

/**
 * True when this process serves a `--target`/`--exclude` run of the `pulumi` CLI; false otherwise, and when the
 * parent's command line cannot be read (Windows): then every run counts as checking the whole program.
 */
export function isTargetedRun(): boolean {
  if (cached === undefined) {
    const argv = parentArgv();
    cached = argv !== undefined && /(^|[\\/])pulumi(\.exe)?$/.test(argv[0] ?? "") && constrainsResources(argv);
  }
  return cached;
}
