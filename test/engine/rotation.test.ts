/**
 * KeyRotation under the real engine with a controlled clock (PULUMI_JWK_NOW, passed by the CLI to the provider
 * process): a full cycle across several ups over a file target, with a local HTTP server serving that file as
 * the jwksUri. At every step a token signed with the then-current key verifies against the published set, and
 * one signed by the retiring key verifies until that key is removed. A jwksUri that does not serve the next
 * key blocks the promotion with a warning, and nothing changes.
 */
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { test } from "node:test";
import * as jose from "jose";
import type { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { KeyRotation } from "pulumi-jwk";
import { newStack, stateResources } from "./harness";

const MIN = 60_000;
const T0 = Date.parse("2026-06-01T00:00:00Z");

/** Serves the file's current text, or, while `frozen` is set, that snapshot (a CDN that has not caught up). */
async function jwksServer(path: string): Promise<{ url: string; server: Server; freeze(): Promise<void>; thaw(): void; requests: number }> {
  let frozen: string | undefined;
  const state = {
    url: "",
    requests: 0,
    // eslint-disable-next-line @typescript-eslint/no-misused-promises -- cannot reject: the read has a catch
    server: createServer(async (_req, res) => {
      state.requests++;
      const body = frozen ?? (await readFile(path, "utf8").catch(() => '{"keys":[]}'));
      res.writeHead(200, { "content-type": "application/json" }).end(body);
    }),
    async freeze() {
      frozen = await readFile(path, "utf8");
    },
    thaw() {
      frozen = undefined;
    },
  };
  await new Promise<void>((resolve) => state.server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}/.well-known/jwks.json`;
  return state;
}

const readSet = async (path: string) => JSON.parse(await readFile(path, "utf8")) as jose.JSONWebKeySet;

async function sign(privateJwk: jose.JWK): Promise<string> {
  const key = await jose.importJWK(privateJwk, privateJwk.alg);
  return new jose.SignJWT({ sub: "user" }).setProtectedHeader({ alg: privateJwk.alg!, kid: privateJwk.kid! }).setIssuedAt().sign(key);
}
const verifies = async (token: string, path: string) =>
  jose.jwtVerify(token, jose.createLocalJWKSet(await readSet(path))).then(
    () => true,
    () => false,
  );

test("a full rotation across ups: publish ahead, promote once seen, retire after the window; tokens verify at every step", async () => {
  const { stack, dir, dispose } = await newStack("rotation", async () => ({}));
  const path = join(dir, "public", "jwks.json");
  const jwks = await jwksServer(path);
  let timings: { retireAfter: string; tokenLifetime?: string; jwksCacheTtl?: string } = {
    retireAfter: "15m",
    tokenLifetime: "5m",
    jwksCacheTtl: "10m",
  };
  const program = async () => {
    const r = new KeyRotation("signing", {
      alg: "ES256",
      targets: [{ kind: "file", path }],
      jwksUri: jwks.url,
      rotateEvery: "60m",
      publishAhead: "10m",
      ...timings,
    });
    return {
      currentKid: r.currentKid,
      signingKey: r.currentPrivateJwk,
      schedule: r.schedule,
      bindable: r.bindableKeys,
      nextStep: r.nextStep,
    };
  };
  let output = "";
  let everything = "";
  const pin = (minutes: number) =>
    ((stack.workspace as LocalWorkspace).envVars.PULUMI_JWK_NOW = new Date(T0 + minutes * MIN).toISOString());
  const upAt = async (minutes: number) => {
    pin(minutes);
    output = "";
    const r = await stack.up({ program, onOutput: (s) => ((output += s), (everything += s)) });
    return { changes: r.summary.resourceChanges ?? {}, outputs: r.outputs };
  };
  const states = (outputs: Awaited<ReturnType<Stack["outputs"]>>) =>
    (outputs.schedule!.value as { kid: string; state: string }[]).map((k) => `${k.kid.slice(0, 6)}:${k.state}`);
  try {
    // 0: the first key signs at once and is published.
    const first = await upAt(0);
    assert.equal(first.changes.create, 4); // stack, component, schedule, set
    const k1 = first.outputs.currentKid!.value as string;
    assert.equal(first.outputs.signingKey!.secret, true);
    const t1 = await sign(first.outputs.signingKey!.value);
    assert.ok(await verifies(t1, path));
    assert.deepEqual(
      (await readSet(path)).keys.map((k) => k.kid),
      [k1],
    );

    // 30: nothing due, so nothing changes (an hourly CI up is a no-op); the CLI says what comes next.
    const idle = await upAt(30);
    assert.deepEqual(idle.changes, { same: 4 });
    assert.match(
      output,
      /no rotation step is due; next: publish the next key at 2026-06-01T00:50:00.000Z, ahead of the rotation of "[^"]+" \(in 20m\)/,
    );

    // From here the jwksUri serves the set as it is now (k1 only), like a CDN that has not caught up.
    await jwks.freeze();

    // 50: preview says what the up will do; the up publishes the next key, publishAhead (10m) before the
    // rotation; k1 still signs.
    pin(50);
    const preview = await stack.preview({ program });
    assert.match(preview.stdout, /this update will generate and publish the next key \(it signs after publishAhead\)/);
    assert.deepEqual(preview.changeSummary, { same: 2, update: 2 }); // the schedule, and the set whose keys follow it
    const published = await upAt(50);
    const k2 = (published.outputs.schedule!.value as { kid: string; state: string }[]).find((k) => k.state === "next")!.kid;
    assert.equal(published.outputs.currentKid!.value, k1);
    assert.deepEqual((await readSet(path)).keys.map((k) => k.kid).sort(), [k1, k2].sort());
    assert.deepEqual(
      (published.outputs.bindable!.value as { kid: string }[]).map((k) => k.kid),
      [k1, k2],
    );
    assert.ok(await verifies(t1, path));

    // 55: not promoted before publishAhead.
    const early = await upAt(55);
    assert.deepEqual(early.changes, { same: 4 });
    assert.equal(early.outputs.currentKid!.value, k1);

    // 65: due, but the jwksUri still serves an old copy (k1 only): the promotion waits, with a warning, and
    // nothing else changes.
    const fileBefore = await readFile(path, "utf8");
    const blocked = await upAt(65);
    assert.deepEqual(blocked.changes, { same: 4 });
    assert.equal(blocked.outputs.currentKid!.value, k1);
    assert.match(
      output,
      new RegExp(
        `promotion blocked: next key "${k2}" is due for promotion since 2026-06-01T01:00:00.000Z \\(5m ago\\) but ${jwks.url.replace(/[.]/g, "\\.")} does not serve it yet`,
      ),
    );
    assert.equal(await readFile(path, "utf8"), fileBefore);

    // 66: now served: promoted; k1 retiring (still published, its tokens still verify).
    jwks.thaw();
    const promoted = await upAt(66);
    assert.equal(promoted.outputs.currentKid!.value, k2);
    assert.deepEqual(states(promoted.outputs).sort(), [`${k1.slice(0, 6)}:retiring`, `${k2.slice(0, 6)}:current`].sort());
    const t2 = await sign(promoted.outputs.signingKey!.value);
    assert.equal(JSON.parse(Buffer.from(t2.split(".")[0]!, "base64url").toString()).kid, k2);
    assert.ok(await verifies(t2, path));
    assert.ok(await verifies(t1, path), "a token of the retiring key verifies");

    // 80: inside the retirement window (until 81): k1 stays.
    const retiring = await upAt(80);
    assert.deepEqual(retiring.changes, { same: 4 });
    assert.ok(await verifies(t1, path));

    // Shortening retireAfter below tokenLifetime + jwksCacheTtl is refused by check; without those bounds, a 5m
    // retireAfter would remove k1 inside the window it was given: refused at preview, with the time left.
    timings = { retireAfter: "5m", tokenLifetime: "5m", jwksCacheTtl: "10m" };
    await assert.rejects(
      stack.preview({ program }),
      /property retireAfter value \{5m\} has a problem: must cover tokenLifetime \+ jwksCacheTtl \(15m\)/,
    );
    timings = { retireAfter: "5m" };
    await assert.rejects(stack.preview({ program }), (e: Error) => {
      assert.match(e.message, /retireAfter: 5m would remove key "[^"]+" at 2026-06-01T01:11:00.000Z, inside the retirement window/);
      assert.match(e.message, /until 2026-06-01T01:21:00.000Z, 1m left\)/);
      return true;
    });
    timings = { retireAfter: "15m", tokenLifetime: "5m", jwksCacheTtl: "10m" };

    // 82: the window ended: k1 is removed; k2 signs and verifies, k1's tokens no longer do.
    const removed = await upAt(82);
    assert.equal(removed.changes.update, 2); // schedule and set
    assert.deepEqual(
      (await readSet(path)).keys.map((k) => k.kid),
      [k2],
    );
    assert.ok(await verifies(t2, path));
    assert.equal(await verifies(t1, path), false);
    assert.deepEqual(states(removed.outputs).sort(), [`${k1.slice(0, 6)}:retired`, `${k2.slice(0, 6)}:current`].sort());

    // Private keys only as ciphertext in state; the schedule's public outputs hold no private member.
    const [schedule] = stateResources(dir, "pulumi-nodejs:dynamic/pulumi-jwk:RotationSchedule");
    assert.equal(schedule!.outputs.privateJwks["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270");
    assert.match(schedule!.outputs.privateJwks.ciphertext, /^v1:/);
    assert.ok(!JSON.stringify({ ...schedule!.outputs, privateJwks: null }).includes('"d":'));
    // The jwksUri is read only when a promotion is due: the diff at 65, the diff and the update at 66.
    assert.equal(jwks.requests, 3);
    // No private member of either key in anything the CLI printed.
    for (const jwk of [first.outputs.signingKey!.value, promoted.outputs.signingKey!.value]) assert.ok(!everything.includes(jwk.d));
  } finally {
    jwks.server.close();
    await dispose();
  }
});
