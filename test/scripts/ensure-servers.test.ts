/**
 * scripts/ensure-keycloak.sh and scripts/ensure-hydra.sh fail with one clear line and a fixed exit code (no
 * Java or Go: 2, download failed or corrupt: 3, unpack or build failed: 4), use their cache without touching the
 * network, and never leave a half-unpacked Keycloak behind. Maven Central is played by a local HTTP server.
 */
import { execFile, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { once } from "node:events";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";

const SCRIPTS = join(__dirname, "../../scripts");
const GO_DIR = ["/usr/local/go/bin", "/usr/lib/go/bin"].find((d) => existsSync(join(d, "go")));
const ZIP_PATH = "org/keycloak/keycloak-quarkus-dist/26.5.6/keycloak-quarkus-dist-26.5.6.zip";
let scratch: string;
let server: Server | undefined;

afterEach(async () => {
  if (server) await new Promise((r) => server!.close(r));
  server = undefined;
  if (scratch) spawnSync("chmod", ["-R", "u+w", scratch]); // the Go module cache is read-only
  if (scratch) rmSync(scratch, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
});

/** A PATH directory holding only `tools` (so `mvn`, `java` or `go` can be left out). */
function binWith(tools: string[]): string {
  const dir = join(scratch, "bin");
  mkdirSync(dir, { recursive: true });
  for (const tool of tools) {
    const found = spawnSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim();
    if (found) symlinkSync(found, join(dir, tool));
  }
  return dir;
}
const BASICS = ["bash", "cp", "mktemp", "mkdir", "rm", "mv", "touch", "cut", "sed", "tail", "head", "dirname", "cat", "sort", "chmod"];

/** Runs a script without blocking this process (a test's HTTP server must keep answering). */
function run(script: string, env: Record<string, string>): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("bash", [join(SCRIPTS, script)], { env: { HOME: scratch, ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/** A stand-in Maven Central serving `body` as the Keycloak zip, with `sha1` beside it. */
async function fakeCentral(body: Buffer, sha1: string): Promise<string> {
  server = createServer((req, res) => {
    if (req.url === `/${ZIP_PATH}`) res.end(body);
    else if (req.url === `/${ZIP_PATH}.sha1`) res.end(sha1);
    else res.writeHead(404).end();
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe("ensure-keycloak.sh", () => {
  const keycloak = (env: Record<string, string>, tools = [...BASICS, "java", "curl", "unzip", "sha1sum"]) => {
    scratch = mkdtempSync(join(tmpdir(), "ensure-keycloak-"));
    return { cache: join(scratch, "cache"), path: binWith(tools), env };
  };

  test("no Java: exit 2 and one line saying so", async () => {
    const k = keycloak({}, BASICS);
    const r = await run("ensure-keycloak.sh", { PATH: k.path, JWK_SERVER_CACHE: k.cache });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/==> keycloak: ERROR: Keycloak 26.5.6 needs Java >= 17 on PATH/);
    expect(r.stdout).toBe("");
  });

  test("Maven Central unreachable (no mvn): exit 3 naming the URL", async () => {
    const k = keycloak({});
    const r = await run("ensure-keycloak.sh", { PATH: k.path, JWK_SERVER_CACHE: k.cache, MAVEN_CENTRAL_URL: "http://127.0.0.1:1" });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/ERROR: could not download http:\/\/127\.0\.0\.1:1\/org\/keycloak\/keycloak-quarkus-dist/);
  });

  test("a download whose SHA-1 differs from Central's: exit 3, nothing cached", async () => {
    const k = keycloak({});
    const central = await fakeCentral(Buffer.from("tampered"), "0".repeat(40));
    const r = await run("ensure-keycloak.sh", { PATH: k.path, JWK_SERVER_CACHE: k.cache, MAVEN_CENTRAL_URL: central });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/ERROR: SHA-1 of .*keycloak-quarkus-dist-26.5.6.zip is [0-9a-f]{40}, Maven Central says 0{40}/);
    expect(existsSync(join(k.cache, "keycloak-26.5.6"))).toBe(false);
  });

  test("a download that is not a zip: exit 4, no half-unpacked copy left", async () => {
    const k = keycloak({});
    const body = Buffer.from("not a zip archive");
    const central = await fakeCentral(body, createHash("sha1").update(body).digest("hex"));
    const r = await run("ensure-keycloak.sh", { PATH: k.path, JWK_SERVER_CACHE: k.cache, MAVEN_CENTRAL_URL: central });
    expect(r.status).toBe(4);
    expect(r.stderr).toMatch(/ERROR: could not unpack/);
    expect(existsSync(join(k.cache, "keycloak-26.5.6"))).toBe(false);
  });

  test("Maven's local repository is used first, and checked against the SHA-1 Maven stored beside it", async () => {
    const k = keycloak({});
    const m2 = join(scratch, "m2");
    mkdirSync(join(m2, ZIP_PATH, ".."), { recursive: true });
    writeFileSync(join(m2, ZIP_PATH), "corrupted in the local repository");
    writeFileSync(join(m2, `${ZIP_PATH}.sha1`), "1".repeat(40));
    const r = await run("ensure-keycloak.sh", {
      PATH: k.path,
      JWK_SERVER_CACHE: k.cache,
      MAVEN_LOCAL_REPO: m2,
      MAVEN_CENTRAL_URL: "http://127.0.0.1:1",
    });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/using .*m2\/org\/keycloak.* from Maven's local repository/);
    expect(r.stderr).toMatch(/ERROR: SHA-1 of .* is [0-9a-f]{40}, Maven's local repository says 1{40}/);
  });

  test("a complete cached copy is used without the network", async () => {
    const k = keycloak({});
    const home = join(k.cache, "keycloak-26.5.6");
    mkdirSync(join(home, "bin"), { recursive: true });
    writeFileSync(join(home, "bin/kc.sh"), "#!/bin/sh\n");
    chmodSync(join(home, "bin/kc.sh"), 0o755);
    writeFileSync(join(home, ".unpacked"), "");
    const r = await run("ensure-keycloak.sh", { PATH: k.path, JWK_SERVER_CACHE: k.cache, MAVEN_CENTRAL_URL: "http://127.0.0.1:1" });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(home);
    expect(r.stderr).toMatch(/using cached Keycloak 26.5.6/);
  });
});

describe("ensure-hydra.sh", () => {
  const hydraEnv = (path: string) => ({
    PATH: path,
    JWK_SERVER_CACHE: join(scratch, "cache"),
    GOMODCACHE: join(scratch, "gomod"),
    GOCACHE: join(scratch, "gocache"),
  });

  test("no Go toolchain: exit 2 and one line saying so", async () => {
    scratch = mkdtempSync(join(tmpdir(), "ensure-hydra-"));
    const r = await run("ensure-hydra.sh", hydraEnv(binWith(BASICS)));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/==> hydra: ERROR: no Go toolchain on PATH/);
    expect(r.stdout).toBe("");
  });

  test.runIf(GO_DIR !== undefined)("no C compiler (SQLite needs cgo): exit 2 naming it", async () => {
    scratch = mkdtempSync(join(tmpdir(), "ensure-hydra-"));
    const r = await run("ensure-hydra.sh", { ...hydraEnv(`${GO_DIR}:${binWith(BASICS)}`), CC: "no-such-cc" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/ERROR: no C compiler \(no-such-cc\): Hydra's SQLite driver needs cgo/);
  });

  test.runIf(GO_DIR !== undefined)("unreachable module proxy: exit 3 naming the module and the proxy", async () => {
    scratch = mkdtempSync(join(tmpdir(), "ensure-hydra-"));
    const env = { ...hydraEnv(`${GO_DIR}:${binWith([...BASICS, "gcc"])}`), GOPROXY: "http://127.0.0.1:1", GOFLAGS: "-mod=mod" };
    const r = await run("ensure-hydra.sh", env);
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(
      /ERROR: could not download github\.com\/ory\/hydra\/v2@v2\.3\.0 from the Go module proxy \(http:\/\/127\.0\.0\.1:1\)/,
    );
  });

  test("a cached binary of the right version is used without Go", async () => {
    scratch = mkdtempSync(join(tmpdir(), "ensure-hydra-"));
    const bin = join(scratch, "cache/hydra-v2.3.0/bin");
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, "hydra"), "#!/bin/sh\necho 'Version:    v2.3.0'\n");
    chmodSync(join(bin, "hydra"), 0o755);
    const r = await run("ensure-hydra.sh", hydraEnv(binWith(BASICS)));
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(join(bin, "hydra"));
  });
});
