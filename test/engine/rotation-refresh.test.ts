/**
 * KeyRotation on refresh (issue 18, item 9), under the real engine with a pinned clock, over a file target served
 * by a local HTTP server as the jwksUri:
 * - the target loses the current key: refresh warns on the set and on the schedule (the jwksUri no longer serves
 *   it), the next up repairs the file;
 * - the jwksUri serves another document while the target is intact: refresh records drift on the schedule, the
 *   drift gate (`preview --refresh --expect-no-changes`) fails, and an up clears it once the URL serves the keys;
 * - the next key published ahead is removed from the target: refresh shows it, the next up puts it back.
 * Before, the schedule had no `read`: the jwksUri was never read on refresh, so the second case passed the gate.
 */
import assert from "node:assert/strict";
import { readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { test } from "node:test";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { KeyRotation } from "pulumi-jwk";
import { newStack } from "./harness";

const MIN = 60_000;
const T0 = Date.parse("2026-06-01T00:00:00Z");

const kids = async (path: string) => (JSON.parse(await readFile(path, "utf8")) as { keys: { kid: string }[] }).keys.map((k) => k.kid);

test("refresh reads the targets and the jwksUri: a key not served shows as drift; the next up repairs it", async () => {
  const { stack, dir, dispose } = await newStack("rotation-refresh", async () => ({}));
  const path = join(dir, "jwks.json");
  let override: string | undefined; // what the URL serves instead of the file (another origin, a stale cache)
  const server: Server = createServer((_req, res) => {
    void (async () => {
      const body = override ?? (await readFile(path, "utf8").catch(() => '{"keys":[]}'));
      res.writeHead(200, { "content-type": "application/json" }).end(body);
    })();
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const jwksUri = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
  const program = async () => {
    const r = new KeyRotation("signing", {
      alg: "ES256",
      targets: [{ kind: "file", path }],
      jwksUri,
      rotateEvery: "60m",
      publishAhead: "10m",
      retireAfter: "15m",
    });
    return { currentKid: r.currentKid, published: r.publishedKeys.apply((ks) => ks.map((k) => k.kid)) };
  };
  const pin = (minutes: number) =>
    ((stack.workspace as LocalWorkspace).envVars.PULUMI_JWK_NOW = new Date(T0 + minutes * MIN).toISOString());
  const refresh = async () => {
    let out = "";
    await stack.refresh({ onOutput: (s) => (out += s) });
    return out;
  };
  try {
    pin(0);
    const k1 = (await stack.up({ program })).outputs.currentKid!.value as string;
    assert.deepEqual(await kids(path), [k1]);
    assert.match(await refresh(), /Resources:\s+4 unchanged/);
    await stack.preview({ program, expectNoChanges: true });

    // 1. the target no longer holds the current key
    await writeFile(path, JSON.stringify({ keys: [] }));
    let out = await refresh();
    assert.match(out, /drift on file .*jwks\.json: 1 missing; the next up adds 1/);
    assert.match(
      out,
      /drift: http:\/\/127\.0\.0\.1:\d+\/jwks\.json does not serve 1 published key\(s\), the current signing key among them/,
    );
    assert.ok(out.includes(`current   "${k1}"`), out);
    assert.deepEqual((await stack.preview({ program })).changeSummary, { update: 2, same: 2 });
    assert.deepEqual((await stack.up({ program })).summary.resourceChanges, { update: 2, same: 2 });
    assert.deepEqual(await kids(path), [k1]);
    assert.doesNotMatch(await refresh(), /drift/);
    await stack.preview({ program, expectNoChanges: true });

    // 2. the target is intact, the URL serves something else: only the schedule knows; the gate fails
    override = JSON.stringify({ keys: [] });
    await assert.rejects(stack.preview({ program, refresh: true, expectNoChanges: true }));
    out = await refresh();
    assert.doesNotMatch(out, /drift on file/);
    assert.match(out, /drift: .* does not serve 1 published key\(s\), the current signing key among them/);
    override = undefined;
    const cleared = await stack.up({ program, onOutput: (s) => (out += s) });
    assert.deepEqual(cleared.summary.resourceChanges, { update: 1, same: 3 });
    assert.doesNotMatch(await refresh(), /drift/);
    await stack.preview({ program, expectNoChanges: true });

    // 3. later: the next key, published ahead, is removed from the target
    pin(55);
    const published = (await stack.up({ program })).outputs.published!.value as string[];
    assert.equal(published.length, 2);
    const file = JSON.parse(await readFile(path, "utf8")) as { keys: { kid: string }[] };
    await writeFile(path, JSON.stringify({ keys: file.keys.filter((k) => k.kid === k1) }));
    out = await refresh();
    assert.match(out, /drift on file .*: 1 missing/);
    assert.match(out, /does not serve 1 published key\(s\); the next up re-publishes/);
    await stack.up({ program });
    assert.deepEqual((await kids(path)).sort(), [...published].sort());
    assert.doesNotMatch(await refresh(), /drift/);
  } finally {
    delete (stack.workspace as LocalWorkspace).envVars.PULUMI_JWK_NOW;
    await dispose();
    await new Promise<void>((done) => server.close(() => done()));
  }
});
