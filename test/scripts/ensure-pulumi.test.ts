/**
 * scripts/ensure-pulumi.sh fails with one clear line naming what failed, not a stack trace from deep inside
 * a test: no Go toolchain (exit 2), a module proxy that cannot be reached (exit 3).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
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
  if (scratch) rmSync(scratch, { recursive: true, force: true });
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
