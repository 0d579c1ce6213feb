/**
 * A JwkSet on the read-only `url` target under the real engine, against a JWKS served by a real HTTP server on
 * 127.0.0.1: up waits for a key that appears late (a CDN catching up) and sends nothing but GETs; refresh
 * reports drift; a key that never appears fails the up with a message naming it; destroy leaves the URL alone.
 */
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { JwkSet } from "pulumi-jwk";
import { describeKey, generateKey, type PublicJwk } from "../../provider/core/keys/material";
import { startJwksServer, type JwksServer } from "../servers/jwks-server";
import { newStack, stateResources } from "./harness";

const SET_TYPE = "pulumi-nodejs:dynamic/pulumi-jwk:JwkSet";
let server: JwksServer;
let k1: PublicJwk;
let k2: PublicJwk;
let k3: PublicJwk;

before(async () => {
  const make = async (kid: string) => (await describeKey(await generateKey({ alg: "ES256" }), { alg: "ES256", use: "sig", kid })).publicJwk;
  [k1, k2, k3] = await Promise.all([make("k1"), make("k2"), make("k3")]);
  // /late serves k1 alone for its first two reads, then k1 and k2: the publisher's cache caught up.
  server = await startJwksServer({ "/late": { body: { keys: [k1] } }, "/never": { body: { keys: [k1] } } }, (path, count, s) => {
    if (path === "/late" && count === 3) s.serve("/late", { body: { keys: [k1, k2] } });
  });
});
after(() => server.close());

function program(path: string, keys: PublicJwk[], waitSeconds: number) {
  return async () => {
    const set = new JwkSet("published", { target: { kind: "url", url: server.url(path), waitSeconds }, keys });
    return { kids: set.kids, drift: set.drift, foreignKids: set.foreignKids };
  };
}

test("up waits for a late key, refresh reports drift, destroy writes nothing", async () => {
  const { stack, dir, dispose } = await newStack("url-late", async () => ({}));
  try {
    const lines: string[] = [];
    const up = await stack.up({ program: program("/late", [k1, k2], 60), onOutput: (o) => lines.push(o) });
    assert.deepEqual(up.summary.resourceChanges, { create: 2 });
    assert.deepEqual(up.outputs.kids!.value, ["k1", "k2"]);
    assert.deepEqual(up.outputs.drift!.value, { missing: [], changed: [], unexpected: [] });
    assert.ok(server.requests.filter((r) => r === "GET /late").length >= 3, `expected at least 3 reads, got ${server.requests.join(", ")}`);
    assert.match(lines.join(""), /declared key\(s\) "k2" not served; checking again in \d s/);

    // The publisher drops k1 and adds a key this stack does not declare.
    server.serve("/late", { body: { keys: [k2, k3] } });
    await stack.refresh();
    const [set] = stateResources(dir, SET_TYPE);
    assert.deepEqual(set!.outputs.drift, { missing: ["k1"], changed: [], unexpected: [] });
    assert.deepEqual(set!.outputs.foreignKids, ["k3"]);

    const destroy = await stack.destroy();
    assert.deepEqual(destroy.summary.resourceChanges, { delete: 2 });
    assert.deepEqual(
      server.requests.filter((r) => !r.startsWith("GET ")),
      [],
      "the url target was sent something other than GET",
    );
  } finally {
    await dispose();
  }
});

test("a declared key that is never served fails up after the wait, naming the kid", async () => {
  const { stack, dispose } = await newStack("url-never", async () => ({}));
  try {
    const started = Date.now();
    await assert.rejects(stack.up({ program: program("/never", [k1, k3], 2) }), (e: Error) => {
      assert.match(e.message, /declared key\(s\) "k3" not served, after waiting 2 s/);
      assert.match(e.message, /This target is read-only/);
      return true;
    });
    assert.ok(Date.now() - started >= 2000, "up failed before the declared wait");
    // A ready key set later comes up without touching the URL.
    server.serve("/never", { body: { keys: [k1, k3] } });
    const up = await stack.up({ program: program("/never", [k1, k3], 2) });
    assert.deepEqual(up.outputs.kids!.value, ["k1", "k3"]);
  } finally {
    await dispose();
  }
});
