/**
 * A recording reverse proxy on 127.0.0.1 (port 0) in front of a real server: the adapter under test is pointed
 * at the proxy, so a test can assert on every request body the server received (no private key material) for
 * servers that keep no such log themselves (Keycloak, Hydra). Bodies are forwarded byte for byte; the Host
 * header is kept, so the server builds its URLs for the proxy's address. `dropAnswer` makes it lose chosen answers
 * after the server has applied the call (a write whose answer never comes back).
 */
import { once } from "node:events";
import { createServer, request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface ProxiedRequest {
  method: string;
  /** Path and query. */
  path: string;
  /** The request body as forwarded (empty for GET). */
  body: string;
  /** The upstream's status, or 502 when it could not be reached. */
  status: number;
}

export interface RecordingProxy {
  /** The proxy's origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Every request forwarded, in order. */
  readonly requests: ProxiedRequest[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

interface ProxyOptions {
  /**
   * Requests whose answer is lost: forwarded, the upstream's whole answer read (so the server applied the call), then
   * the client's connection destroyed without a byte of it (an answer lost on the way back).
   */
  dropAnswer?(request: { method: string; path: string }): boolean;
}

/** Starts a proxy forwarding to `upstream` (an http origin). */
export async function startRecordingProxy(upstream: string, options: ProxyOptions = {}): Promise<RecordingProxy> {
  const target = new URL(upstream);
  const requests: ProxiedRequest[] = [];
  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- a test proxy: a rejection surfaces as an unhandled rejection, failing the run
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const entry: ProxiedRequest = { method: req.method ?? "GET", path: req.url ?? "/", body: body.toString("utf8"), status: 502 };
    requests.push(entry);
    const forward = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
      (upstreamRes) => {
        entry.status = upstreamRes.statusCode ?? 502;
        if (options.dropAnswer?.(entry)) {
          upstreamRes.resume();
          upstreamRes.on("end", () => res.socket?.destroy());
          return;
        }
        res.writeHead(entry.status, upstreamRes.headers);
        upstreamRes.pipe(res);
      },
    );
    forward.on("error", (e) => {
      res.writeHead(502, { "content-type": "text/plain" }).end(`recording proxy: ${e.message}`);
    });
    forward.end(body);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Requests whose body contains any of `secrets` (e.g. each bound key's `d`), as `METHOD path`. */
export function requestsCarrying(requests: readonly ProxiedRequest[], secrets: readonly string[]): string[] {
  return requests.filter((r) => secrets.some((s) => s.length > 0 && r.body.includes(s))).map((r) => `${r.method} ${r.path}`);
}
