/**
 * The SDKs generated from the plugin's schema, checked as a user's tools check them (`bash scripts/check-sdks.sh`):
 * the Python programs (the examples and a fixture) type-check with mypy --strict, the Go programs compile, and between them they use every
 * resource the plugin serves. Then the check proves it can fail: a Python program with a misspelled target
 * member and a plain string where the SDK wants its enum, and a Go program passing a pulumi.String as an enum, are
 * refused with the line at fault.
 */
import assert from "node:assert/strict";
import { cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT, script } from "./cli";

test("bash scripts/check-sdks.sh: Python programs type-check (mypy --strict), Go programs compile, every resource used", async (t) => {
  const started = Date.now();
  const r = await script("check-sdks.sh", []);
  t.diagnostic(`check-sdks.sh: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
  assert.equal(r.stdout.match(/Success: no issues found/g)?.length, 3, r.stdout);
  assert.equal(r.stdout.match(/^compiled$/gm)?.length, 2, r.stdout);
  assert.match(r.stdout, /resources: Jwk JwkSet ClientKeyBinding KeyRotation PingOneKeyRotationPolicy ReachFiveAccountKey\n/);
});

test("bash scripts/check-sdks.sh refuses a Python program with a wrong target member or a string for an enum, and a Go one", async () => {
  const dir = join(ROOT, ".work", "engine", `sdk-check-${process.pid}`);
  const python = join(dir, "python");
  const go = join(dir, "go");
  try {
    await mkdir(dir, { recursive: true });
    await cp(join(ROOT, "examples", "python-quickstart"), python, {
      recursive: true,
      filter: (src) => !/\/(venv|sdks)$/.test(src),
    });
    const program = (await readFile(join(python, "__main__.py"), "utf8"))
      .replace("jwk.Algorithm.RS256", '"RS256"')
      .replace("jwk.TargetArgs(kind=jwk.TargetKind.FILE, path=jwks_path)", "jwk.TargetArgs(kind=jwk.TargetKind.FILE, paht=jwks_path)");
    await writeFile(join(python, "__main__.py"), program);
    await mkdir(go);
    const goProgram = await readFile(join(ROOT, "examples", "go-quickstart", "main.go"), "utf8");
    await writeFile(join(go, "main.go"), goProgram.replace("Alg: jwk.AlgorithmRS256", 'Alg: pulumi.String("RS256")'));

    const r = await script("check-sdks.sh", [], { JWK_CHECK_PYTHON_DIRS: python, JWK_CHECK_GO_DIRS: go });
    assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
    // A string for the Algorithm enum: no constructor overload takes it.
    assert.match(r.stdout, /__main__\.py:\d+: error: No overload variant of "Jwk" matches argument types "str", "str"/);
    assert.match(r.stdout, /__main__\.py:\d+: error: Unexpected keyword argument "paht" for "TargetArgs"/);
    assert.match(`${r.stdout}\n${r.stderr}`, /main\.go:\d+:\d+: cannot use pulumi\.String\("RS256"\)/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
