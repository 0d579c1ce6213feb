/**
 * The engine reads the plugin's port from the first line of its stdout: started as the Node.js language host
 * starts it (`node @pulumi/pulumi/cmd/run-plugin <plugin dir>`), the plugin's first line is the port and
 * nothing else, and it answers GetSchema on that port with the package `jwk`. Runs the compiled entry (dist/).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { createInterface } from "node:readline";
import * as grpc from "@grpc/grpc-js";
import { expect, test } from "vitest";

const ROOT = join(__dirname, "../..");

test("first stdout line is the port; GetSchema answers with the jwk package and its six resources", async () => {
  const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [join(ROOT, "plugin")] });
  const child = spawn(process.execPath, [runPlugin, join(ROOT, "plugin")], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  try {
    const first = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout! }).once("line", resolve);
      child.once("exit", (code) => reject(new Error(`plugin exited ${code} before printing its port`)));
    });
    expect(first).toMatch(/^\d+$/);
    const services = require(require.resolve("@pulumi/pulumi/proto/provider_grpc_pb", { paths: [ROOT] }));
    const messages = require(require.resolve("@pulumi/pulumi/proto/provider_pb", { paths: [ROOT] }));
    const Client = grpc.makeGenericClientConstructor(services.ResourceProviderService, "ResourceProvider");
    const client = new Client(`127.0.0.1:${first}`, grpc.credentials.createInsecure()) as unknown as {
      getSchema(req: unknown, cb: (e: Error | null, r: { getSchema(): string }) => void): void;
      close(): void;
    };
    const schema = await new Promise<{ name: string; resources: Record<string, unknown> }>((resolve, reject) =>
      client.getSchema(new messages.GetSchemaRequest(), (e, r) => (e ? reject(e) : resolve(JSON.parse(r.getSchema())))),
    );
    client.close();
    expect(schema.name).toBe("jwk");
    expect(Object.keys(schema.resources).sort()).toEqual(
      ["ClientKeyBinding", "Jwk", "JwkSet", "KeyRotation", "PingOneKeyRotationPolicy", "ReachFiveAccountKey"].map((n) => `jwk:index:${n}`),
    );
  } finally {
    child.kill();
  }
}, 30_000);
