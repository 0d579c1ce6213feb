/**
 * `pulumi-jwk/sign` is for applications that sign at run time: loading it must not load Pulumi. Checked on the
 * compiled entry the package exports, in a fresh node process (vitest itself has loaded other modules).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { expect, test } from "vitest";

const ROOT = join(__dirname, "../..");

test("the package's ./sign export resolves to an entry that loads no @pulumi module (nor the AWS SDK until a key asks)", () => {
  const entry = join(ROOT, "dist/provider/sign/index.js");
  expect(existsSync(entry), "run tsc -p tsconfig.json first").toBe(true);
  const script = `
    const resolved = require.resolve("pulumi-jwk/sign");
    const sign = require(resolved);
    const loaded = Object.keys(require.cache);
    console.log(JSON.stringify({
      resolved,
      exports: Object.keys(sign).sort(),
      pulumi: loaded.filter((f) => /[\\\\/]@pulumi[\\\\/]/.test(f)),
      aws: loaded.filter((f) => /[\\\\/]@aws-sdk[\\\\/]/.test(f)),
    }));`;
  const out = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" })) as Record<string, unknown>;
  expect(out.resolved).toBe(entry);
  expect(out.exports).toEqual(["clientAssertion", "signJws"]);
  expect(out.pulumi).toEqual([]);
  expect(out.aws).toEqual([]);
});
