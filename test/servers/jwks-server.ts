/**
 * A real HTTP server on 127.0.0.1 (port 0) serving JWKS documents for tests of the fetcher, the `url` target and
 * the CLI. Each path answers with whatever the test put there (status, content type, body, headers); the
 * document can change while the server runs (a key that appears late), and every request is logged.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Route {
  status?: number;
  /** Default application/json; "" sends none. */
  contentType?: string;
  body?: string | object;
  headers?: Record<string, string>;
  /** Answer headers only after this many ms. */
  delayMs?: number;
}

export interface JwksServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  url(path: string): string;
  /** Sets what a path serves from now on. */
  serve(path: string, route: Route): void;
  /** Requests as `METHOD /path`, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** Starts the server; `close()` it in the test's cleanup. */
export async function startJwksServer(
  routes: Record<string, Route> = {},
  /** Called before each answer, with how many times the path was asked for (1 on the first request). */
  onRequest?: (path: string, count: number, server: Pick<JwksServer, "serve">) => void,
): Promise<JwksServer> {
  const table = new Map(Object.entries(routes));
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    requests.push(`${req.method} ${path}`);
    onRequest?.(path, requests.filter((r) => r.endsWith(` ${path}`)).length, { serve: (p, r) => void table.set(p, r) });
    const route = table.get(path) ?? { status: 404, contentType: "text/plain", body: "no such document" };
    const send = () => {
      const body = typeof route.body === "string" ? route.body : route.body === undefined ? "" : JSON.stringify(route.body);
      res.writeHead(route.status ?? 200, {
        ...(route.contentType === "" ? {} : { "content-type": route.contentType ?? "application/json" }),
        ...route.headers,
      });
      res.end(body);
    };
    if (route.delayMs) setTimeout(send, route.delayMs);
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (path) => `${origin}${path}`,
    serve: (path, route) => void table.set(path, route),
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
