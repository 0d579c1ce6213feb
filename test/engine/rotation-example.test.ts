/**
 * The rotation example run as its README says (`bash scripts/rotation-example.sh --rehearse`): the program
 * folder examples/rotation under the pulumi CLI, its JWKS folder served on 127.0.0.1 as the jwksUri, five ups
 * with a pinned clock covering a whole cycle, then destroy.
 */
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { test } from "node:test";
import { offlineHome, ROOT, script } from "./cli";

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

test("bash scripts/rotation-example.sh --rehearse: publish ahead, promote when served, retire, destroy", async () => {
  const home = await offlineHome("jwk-rotation-example");
  const stack = `test-${process.pid}`;
  const env = {
    JWK_EXAMPLES_HOME: home.dir,
    JWK_EXAMPLES_STACK: stack,
    PULUMI_HOME: home.env.PULUMI_HOME,
    JWK_ROTATION_PORT: String(await freePort()),
  };
  try {
    const r = await script("rotation-example.sh", ["--rehearse"], env);
    assert.equal(r.code, 0, `example failed:\n${r.stdout}\n${r.stderr}`);
    const said = r.stderr;
    assert.match(
      said,
      /\(\+30m\)\n[^]*?no rotation step is due; next: publish the next key at \S+, ahead of the rotation of "[^"]+" \(in 20m\)/,
    );
    assert.match(said, /\(\+50m\)\n[^]*?this update will generate and publish the next key/);
    assert.match(said, /\(\+61m\)\n[^]*?this update will promote "[^"]+" to current; "[^"]+" stops signing and stays published until/);
    assert.match(said, /\(\+77m\)\n[^]*?this update will remove retiring key/);
    assert.match(r.stdout, /- 4 deleted/);
    assert.ok(!/"d":/.test(r.stdout), "no private member printed");
  } finally {
    await rm(home.dir, { recursive: true, force: true });
    await rm(join(ROOT, "examples", "rotation", `Pulumi.${stack}.yaml`), { force: true });
  }
});
