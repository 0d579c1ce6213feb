/**
 * A recording HTTP proxy for the custody benchmarks: put in front of a server (OpenBao, moto) by giving its URL
 * as the key URI's address or endpoint, it forwards every request unchanged and records what it was (method and
 * path; for AWS JSON APIs the operation from X-Amz-Target), so a benchmark counts the requests a `pulumi up` makes.
 * It runs in a process of its own: the benchmarks run `pulumi` synchronously, which would stall a proxy in theirs.
 */
import { spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface RecordingProxy {
  url: string;
  /** What was requested since the last `take`, e.g. "GET /v1/transit/keys/x" or "POST TrentService.Sign". */
  take(): string[];
  close(): void;
}

function label(r: IncomingMessage): string {
  const target = r.headers["x-amz-target"];
  return typeof target === "string" ? `${r.method} ${target}` : `${r.method} ${r.url?.split("?")[0]}`;
}

/** The proxy process: forwards to `upstream`, appends one line per request to `log`, prints its URL. */
function serve(upstream: string, log: string): void {
  const to = new URL(upstream);
  const server = createServer((req, res) => {
    appendFileSync(log, `${label(req)}\n`);
    const forwarded = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forwarded.on("error", (e) => res.destroy(e));
    req.pipe(forwarded);
  });
  server.listen(0, "127.0.0.1", () => console.log(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
}

/** Starts a proxy process in front of `upstream`; resolves once it listens. */
export async function recordingProxy(upstream: string): Promise<RecordingProxy> {
  const dir = mkdtempSync(join(tmpdir(), "recording-proxy-"));
  const log = join(dir, "requests.log");
  writeFileSync(log, "");
  const child = spawn(process.execPath, [__filename, upstream, log], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((done, fail) => {
    child.stdout.once("data", (d: Buffer) => done(d.toString().trim()));
    child.once("exit", (code) => fail(new Error(`the recording proxy exited (${code})`)));
  });
  return {
    url,
    take: () => {
      const lines = readFileSync(log, "utf8").split("\n").filter(Boolean);
      writeFileSync(log, "");
      return lines;
    },
    close: () => {
      child.kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

if (require.main === module) serve(process.argv[2]!, process.argv[3]!);
