/**
 * Runs a test server as a process of its own for the examples and manual use: prints what a program needs to
 * reach it as one JSON line on stdout, and on SIGINT/SIGTERM closes it. Exit codes a script can act on: 0 closed
 * cleanly, 3 the server saw something the example must never do (its `problems`), 1 closing failed, 2 it did
 * not start.
 */

/** A started server as `runUntilSignal` needs it. */
export interface StandaloneServer {
  /** Printed on stdout as one JSON line. */
  info: unknown;
  close(): Promise<void>;
  /** After close: what went wrong (one line each), e.g. a spec violation or private key material sent. */
  problems(): string[];
  /** Heads the problems on stderr, e.g. "contract violations". */
  problemsTitle: string;
}

export function runUntilSignal(start: () => Promise<StandaloneServer>): void {
  start().then(
    (server) => {
      process.stdout.write(`${JSON.stringify(server.info)}\n`);
      const stop = () => {
        server.close().then(
          () => {
            const problems = server.problems();
            if (problems.length > 0) process.stderr.write(`${server.problemsTitle}:\n${problems.join("\n")}\n`);
            process.exit(problems.length > 0 ? 3 : 0);
          },
          (e: unknown) => {
            process.stderr.write(`${String(e)}\n`);
            process.exit(1);
          },
        );
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(2);
    },
  );
}
