/**
 * scripts/ensure-moto.sh fails with one clear line and a fixed exit code (no python3: 2, pip install failed: 3,
 * nothing half-installed left in the cache) and uses a complete cached virtualenv without the network.
 */
import { execFile, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";

const SCRIPT = join(__dirname, "../../scripts/ensure-moto.sh");
const BASICS = ["bash", "mkdir", "rm", "touch", "cat"];
let scratch: string;

afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
});

/** A PATH directory holding only `tools`. */
function binWith(tools: string[]): string {
  const dir = join(scratch, "bin");
  mkdirSync(dir, { recursive: true });
  for (const tool of tools) {
    // python3 may be a shim (pyenv) that needs its own PATH: link the interpreter itself.
    const probe = tool === "python3" ? "python3 -c 'import sys; print(sys.executable)'" : `command -v ${tool}`;
    const found = spawnSync("bash", ["-c", probe], { encoding: "utf8" }).stdout.trim();
    if (found) symlinkSync(found, join(dir, tool));
  }
  return dir;
}

function run(env: Record<string, string>): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("bash", [SCRIPT], { env: { HOME: scratch, ...env }, timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test("no python3: exit 2 and one line saying so", async () => {
  scratch = mkdtempSync(join(tmpdir(), "ensure-moto-"));
  const r = await run({ PATH: binWith(BASICS), JWK_SERVER_CACHE: join(scratch, "cache") });
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/==> moto: ERROR: python3 is needed for moto \(installed from PyPI into a virtualenv\)/);
  expect(r.stdout).toBe("");
});

test("PyPI unreachable: exit 3 naming the packages, no virtualenv left in the cache", async () => {
  scratch = mkdtempSync(join(tmpdir(), "ensure-moto-"));
  const cache = join(scratch, "cache");
  const r = await run({
    PATH: binWith([...BASICS, "python3"]),
    JWK_SERVER_CACHE: cache,
    PIP_INDEX_URL: "http://127.0.0.1:1/simple",
    PIP_RETRIES: "0",
    PIP_TIMEOUT: "2",
  });
  expect(r.status).toBe(3);
  expect(r.stderr).toMatch(/==> moto: ERROR: pip install moto\[kms,secretsmanager\]==[\d.]+ flask flask-cors failed/);
  expect(r.stdout).toBe("");
  expect(existsSync(join(cache, "moto-5.2.6"))).toBe(false);
}, 120_000);

test("a complete cached virtualenv is used without the network", async () => {
  scratch = mkdtempSync(join(tmpdir(), "ensure-moto-"));
  const cache = join(scratch, "cache");
  const bin = join(cache, "moto-5.2.6", "bin");
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, "moto_server"), "#!/bin/sh\n");
  chmodSync(join(bin, "moto_server"), 0o755);
  writeFileSync(join(cache, "moto-5.2.6", ".installed"), "");
  const r = await run({ PATH: binWith(BASICS), JWK_SERVER_CACHE: cache });
  expect(r.status).toBe(0);
  expect(r.stdout).toBe(`${bin}\n`);
  expect(r.stderr).toMatch(/using cached moto 5.2.6/);
});
