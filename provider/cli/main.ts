#!/usr/bin/env node
/**
 * `pulumi-jwk`, the package's command (package.json `bin`): `inspect` and `diff` for people and CI, `sign` and
 * `client-assertion` to sign with a key where it lives. Output on
 * stdout, errors on stderr; an expected failure (usage, a source that cannot be read) prints one line, no stack.
 * Exit codes: 0 clean, 1 findings at or above --fail-on (diff: any difference), 2 usage or source error.
 */
import { hasCode, isJwkError, UsageError } from "../errors";
import { HELP, parseCommand } from "./args";
import { differenceJson, differenceTable, hasDifference, setDifference } from "./diff-command";
import { runInspect } from "./inspect-command";
import { runSign } from "./sign-command";
import { hasNodeCode, readSet } from "./source";
import { version } from "../version";
import { redact } from "../pulumi/credentials";

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: NodeJS.ReadableStream;
}

/** Runs one command line and returns the exit code. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  try {
    const cmd = parseCommand(argv);
    if (cmd.command === "help") return (io.stdout(HELP), 0);
    if (cmd.command === "version") return (io.stdout(`${version}\n`), 0);
    if (cmd.command === "sign" || cmd.command === "client-assertion") return (io.stdout(await runSign(cmd, io.stdin)), 0);
    if (cmd.command === "inspect") {
      const set = await readSet(cmd.source, { timeoutMs: cmd.timeoutMs, stdin: io.stdin });
      const { output, exitCode } = runInspect(set.source, set.entries, cmd);
      io.stdout(output);
      return exitCode;
    }
    const [desired, live] = await Promise.all([
      readSet(cmd.desired, { timeoutMs: cmd.timeoutMs, stdin: io.stdin }),
      readSet(cmd.live, { timeoutMs: cmd.timeoutMs, stdin: io.stdin }),
    ]);
    const d = setDifference(desired.source, desired.entries, live.entries);
    io.stdout(cmd.json ? differenceJson(desired.source, live.source, d) : differenceTable(desired.source, live.source, d));
    return hasDifference(d) ? 1 : 0;
  } catch (e) {
    if (hasCode(e, UsageError)) {
      io.stderr(redact(`pulumi-jwk: ${e.message}\nRun "pulumi-jwk --help" for usage.\n`));
      return 2;
    }
    // Our own errors (and Node's, which carry a code too) are expected failures: one line, no stack. Anything else
    // is a bug worth its stack.
    // Credentials registered in this process (pulumi/credentials.ts) never show, whatever failed.
    io.stderr(
      redact(isJwkError(e) || hasNodeCode(e) ? `pulumi-jwk: ${e.message}\n` : `pulumi-jwk: unexpected failure\n${(e as Error).stack}\n`),
    );
    return 2;
  }
}

if (require.main === module) {
  void run(process.argv.slice(2), {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    stdin: process.stdin,
  }).then((code) => {
    process.exitCode = code;
  });
}
