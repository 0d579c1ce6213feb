/**
 * Diagnostics filed under a resource in the CLI's output, sent from a provider process to the engine.
 *
 * The engine starts every provider plugin with the address of its host server as the first argument; that
 * server implements `pulumirpc.Engine`, whose `Log` takes a URN (pkg/v3 host/host_server.go, `Log`). A message
 * logged with a resource's URN shows on that resource's row while it runs and under that resource in the
 * "Diagnostics:" section (with `--diff`, on stderr). What a provider writes to stderr instead lands under the
 * Stack, merged with other output. The dynamic-provider host does not give `read`/`diff` the URN, so the
 * resource carries it in its own inputs and outputs (see jwkset.ts).
 */
import * as grpc from "@grpc/grpc-js";
import { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { LogRequest, LogSeverity } from "@pulumi/pulumi/proto/engine_pb";
import { redact } from "./credentials";

export type Severity = "info" | "warning";

/** Writes one diagnostic; never throws (a lost message must not fail a refresh). */
export type DiagnosticSink = (severity: Severity, message: string) => Promise<void>;

const CALL_TIMEOUT_MS = 5_000;
const SEVERITY: Record<Severity, LogSeverity> = { info: LogSeverity.INFO, warning: LogSeverity.WARNING };

/** True when `value` looks like the `host:port` the engine passes to its plugins. */
export function isEngineAddress(value: string | undefined): value is string {
  return typeof value === "string" && /^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(value);
}

/** Falls back to stderr, which the engine shows under the Stack. */
function stderrSink(prefix: string): DiagnosticSink {
  return async (severity, message) => {
    console.error(redact(`${severity}: ${prefix}${message}`));
  };
}

/**
 * A sink that logs to the engine under `urn` (credentials redacted, see credentials.ts), or under the Stack (with `fallbackPrefix` naming the resource)
 * when the URN is not known; stderr when there is no engine address or the call fails.
 *
 * @example
 * await engineSink(process.argv[2], urn, "JwkSet jwks: ")("warning", "drift on file jwks.json: 1 missing")
 */
export function engineSink(address: string | undefined, urn: string | undefined, fallbackPrefix: string): DiagnosticSink {
  const fallback = stderrSink(fallbackPrefix);
  if (!isEngineAddress(address)) return fallback;
  return async (severity, message) => {
    // A client per message: drift reports are rare, and nothing may be kept at module level (state serialises it).
    const client = new EngineClient(address, grpc.credentials.createInsecure());
    try {
      const req = new LogRequest()
        .setSeverity(SEVERITY[severity])
        .setUrn(urn ?? "")
        .setMessage(redact(urn ? message : `${fallbackPrefix}${message}`));
      await new Promise<void>((resolve, reject) =>
        client.log(req, new grpc.Metadata(), { deadline: Date.now() + CALL_TIMEOUT_MS }, (error) => (error ? reject(error) : resolve())),
      );
    } catch {
      await fallback(severity, message);
    } finally {
      client.close();
    }
  };
}
