/**
 * Diagnostics sent to the engine's Log endpoint, against a real gRPC server that implements pulumirpc.Engine
 * on 127.0.0.1, as the engine's host server does for every plugin it starts.
 */
import * as grpc from "@grpc/grpc-js";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import { LogSeverity, type LogRequest } from "@pulumi/pulumi/proto/engine_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { engineSink, isEngineAddress } from "../../provider/pulumi/engine-log";

let server: grpc.Server;
let address: string;
let received: { severity: number; urn: string; message: string }[];

beforeEach(async () => {
  received = [];
  server = new grpc.Server();
  server.addService(EngineService as unknown as grpc.ServiceDefinition, {
    log: (call: grpc.ServerUnaryCall<LogRequest, Empty>, callback: grpc.sendUnaryData<Empty>) => {
      received.push({ severity: call.request.getSeverity(), urn: call.request.getUrn(), message: call.request.getMessage() });
      callback(null, new Empty());
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))),
  );
  address = `127.0.0.1:${port}`;
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
  vi.restoreAllMocks();
});

const URN = "urn:pulumi:dev::proj::pulumi-nodejs:dynamic/pulumi-jwk:JwkSet::jwks";

describe("engineSink", () => {
  test("logs under the resource's URN with the given severity", async () => {
    await engineSink(address, URN, "JwkSet: ")("warning", "drift on file j.json: 1 missing");
    await engineSink(address, URN, "JwkSet: ")("info", "keys not declared here");
    expect(received).toEqual([
      { severity: LogSeverity.WARNING, urn: URN, message: "drift on file j.json: 1 missing" },
      { severity: LogSeverity.INFO, urn: URN, message: "keys not declared here" },
    ]);
  });

  test("without a URN (state written before resources carried one) it logs under the Stack, naming the resource", async () => {
    await engineSink(address, undefined, "JwkSet: ")("warning", "drift");
    expect(received).toEqual([{ severity: LogSeverity.WARNING, urn: "", message: "JwkSet: drift" }]);
  });

  test("an engine that does not answer: the message goes to stderr and nothing throws", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    await engineSink(address, URN, "JwkSet: ")("warning", "drift on t");
    expect(errors).toHaveBeenCalledWith("warning: JwkSet: drift on t");
  });

  test("no engine address (not started by the engine): stderr", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    await engineSink(undefined, URN, "JwkSet: ")("info", "x");
    expect(errors).toHaveBeenCalledWith("info: JwkSet: x");
    expect(received).toEqual([]);
  });
});

describe("isEngineAddress", () => {
  test("accepts host:port as the engine passes it, refuses anything else", () => {
    expect(isEngineAddress("127.0.0.1:41235")).toBe(true);
    expect(isEngineAddress("localhost:5")).toBe(true);
    expect(isEngineAddress("[::1]:8080")).toBe(true);
    expect(isEngineAddress(undefined)).toBe(false);
    expect(isEngineAddress("--inspect")).toBe(false);
    expect(isEngineAddress("/tmp/x.js")).toBe(false);
  });
});
