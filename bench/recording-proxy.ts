/**
 * A recording HTTP proxy for the custody benchmarks: put in front of a server (OpenBao, moto) by giving its URL
 * as the key URI's address or endpoint, it forwards every request unchanged and records what it was (method and
 * path; for AWS JSON APIs the operation from X-Amz-Target), so a benchmark counts the requests a `pulumi up` makes.
 */
import { createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface RecordingProxy {
  url: string;
  /** What was requested since the last `take`, e.g. "GET /v1/transit/keys/x" or "POST TrentService.Sign". */
  take(): string[];
  close(): Promise<void>;
}

function label(r: IncomingMessage): string {
  const target = r.headers["x-amz-target"];
  return typeof target === "string" ? `${r.method} ${target}` : `${r.method} ${r.url?.split("?")[0]}`;
}

export async function recordingProxy(upstream: string): Promise<RecordingProxy> {
  const to = new URL(upstream);
  let seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(label(req));
    const forwarded = request({ host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forwarded.on("error", (e) => res.destroy(e));
    req.pipe(forwarded);
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    take: () => {
      const taken = seen;
      seen = [];
      return taken;
    },
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
