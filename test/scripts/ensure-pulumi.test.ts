/**
 * scripts/ensure-pulumi.sh fails with one clear line naming what failed, not a stack trace from deep inside
 * a test: no Go toolchain (exit 2), a module proxy that cannot be reached (exit 3), no way to get the Node.js
 * language host (exit 5). A Pulumi installation on PATH that has the language host is used as it is.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";

const SCRIPT = join(__dirname, "../../scripts/ensure-pulumi.sh");
const GO_DIR = ["/usr/local/go/bin", "/usr/lib/go/bin"].find((d) => existsSync(join(d, "go")));
let scratch: string;

function ensure(env: Record<string, string>) {
  scratch = mkdtempSync(join(tmpdir(), "ensure-pulumi-"));
  // An empty cache and no `pulumi` on PATH force the build path.
  const base = {
    HOME: scratch,
    JWK_PULUMI_CACHE: join(scratch, "cache"),
    GOMODCACHE: join(scratch, "gomod"),
    GOCACHE: join(scratch, "gocache"),
  };
  return spawnSync("bash", [SCRIPT], { env: { ...base, ...env }, encoding: "utf8", timeout: 60_000 });
}

afterEach(() => {
  if (scratch) spawnSync("chmod", ["-R", "u+w", scratch]); // the Go module cache is read-only
  if (scratch) rmSync(scratch, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 }); // go may still be closing files
});

test("no Go toolchain: exit 2 and one line saying so", () => {
  const r = ensure({ PATH: "/usr/bin:/bin" });
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/ERROR: no Go toolchain on PATH/);
  expect(r.stdout).toBe("");
});

test.runIf(GO_DIR !== undefined)("unreachable module proxy: exit 3 naming the module and the proxy", () => {
  const r = ensure({ PATH: `${GO_DIR}:/usr/bin:/bin`, GOPROXY: "http://127.0.0.1:1", GOFLAGS: "-mod=mod" });
  expect(r.status).toBe(3);
  expect(r.stderr).toMatch(
    /ERROR: could not download github\.com\/pulumi\/pulumi\/pkg\/v3@v3\.\d+\.\d+ from the Go module proxy \(http:\/\/127\.0\.0\.1:1\)/,
  );
  expect(r.stdout).toBe("");
});

/** A stand-in Pulumi installation: `pulumi version` answers, optionally with language hosts beside it. */
function fakeInstallation(withLanguageHost: boolean, withYaml = withLanguageHost, withPythonGo = withLanguageHost): string {
  const dir = join(scratch, "installation");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "pulumi"), "#!/bin/sh\necho v3.259.0\n");
  chmodSync(join(dir, "pulumi"), 0o755);
  if (withLanguageHost) {
    writeFileSync(join(dir, "pulumi-language-nodejs"), "#!/bin/sh\nexit 0\n");
    chmodSync(join(dir, "pulumi-language-nodejs"), 0o755);
  }
  if (withYaml) {
    writeFileSync(join(dir, "pulumi-language-yaml"), "#!/bin/sh\nexit 0\n");
    chmodSync(join(dir, "pulumi-language-yaml"), 0o755);
  }
  // A Pulumi installation brings the Python and Go hosts too (and the Python host's scripts beside it).
  if (withPythonGo) {
    for (const host of ["pulumi-language-python", "pulumi-language-python-exec", "pulumi-language-go"]) {
      writeFileSync(join(dir, host), "#!/bin/sh\nexit 0\n");
      chmodSync(join(dir, host), 0o755);
    }
  }
  return dir;
}

test("a Pulumi installation on PATH with its language hosts is used as it is, the shim put beside it", () => {
  scratch = mkdtempSync(join(tmpdir(), "ensure-pulumi-"));
  const dir = fakeInstallation(true);
  const r = spawnSync("bash", [SCRIPT], {
    env: { HOME: scratch, JWK_PULUMI_CACHE: join(scratch, "cache"), PATH: `${dir}:/usr/bin:/bin` },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(r.status).toBe(0);
  expect(r.stdout.trim()).toBe(dir);
  expect(existsSync(join(dir, "pulumi-resource-pulumi-nodejs"))).toBe(true);
  expect(existsSync(join(scratch, "cache"))).toBe(false);
});

test.runIf(GO_DIR !== undefined)("no language host anywhere (proxy refuses, no shared source): exit 5 naming what is missing", () => {
  scratch = mkdtempSync(join(tmpdir(), "ensure-pulumi-"));
  const dir = fakeInstallation(false);
  const r = spawnSync("bash", [SCRIPT], {
    env: {
      HOME: scratch,
      JWK_PULUMI_CACHE: join(scratch, "cache"),
      JWK_SHARED_DIR: join(scratch, "no-shared"),
      GOMODCACHE: join(scratch, "gomod"),
      GOCACHE: join(scratch, "gocache"),
      GOPROXY: "http://127.0.0.1:1",
      PATH: `${dir}:${GO_DIR}:/usr/bin:/bin`,
    },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(r.status).toBe(5);
  expect(r.stderr).toMatch(/ERROR: pulumi-language-nodejs is missing: .* no source at .*no-shared.*a Pulumi installation brings it/);
  expect(r.stdout).toBe("");
});

test.runIf(GO_DIR !== undefined)("no YAML language host (not beside pulumi, proxy refuses): exit 6 naming what is missing", () => {
  scratch = mkdtempSync(join(tmpdir(), "ensure-pulumi-"));
  const dir = fakeInstallation(true, false);
  const r = spawnSync("bash", [SCRIPT], {
    env: {
      HOME: scratch,
      JWK_PULUMI_CACHE: join(scratch, "cache"),
      GOMODCACHE: join(scratch, "gomod"),
      GOCACHE: join(scratch, "gocache"),
      GOPROXY: "http://127.0.0.1:1",
      GOFLAGS: "-mod=mod",
      PATH: `${dir}:${GO_DIR}:/usr/bin:/bin`,
    },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(r.status).toBe(6);
  expect(r.stderr).toMatch(/ERROR: pulumi-language-yaml is missing: could not download github\.com\/pulumi\/pulumi-yaml@v1\.38\.1/);
  expect(r.stdout).toBe("");
});

test.runIf(GO_DIR !== undefined)(
  "no Python or Go language host (not beside pulumi, no shared source): exit 7 naming what is missing",
  () => {
    scratch = mkdtempSync(join(tmpdir(), "ensure-pulumi-"));
    const dir = fakeInstallation(true, true, false);
    const r = spawnSync("bash", [SCRIPT], {
      env: {
        HOME: scratch,
        JWK_PULUMI_CACHE: join(scratch, "cache"),
        JWK_SHARED_DIR: join(scratch, "no-shared"),
        GOMODCACHE: join(scratch, "gomod"),
        GOCACHE: join(scratch, "gocache"),
        PATH: `${dir}:${GO_DIR}:/usr/bin:/bin`,
      },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status).toBe(7);
    expect(r.stderr).toMatch(/ERROR: pulumi-language-python is missing: no source at .*no-shared\/pulumi-language-python/);
    expect(r.stdout).toBe("");
  },
);
