/**
 * The `pulumi-jwk` command as a user runs it: the compiled CLI spawned as a process, reading files, standard
 * input and a live URL served on 127.0.0.1, with its exit codes (0 clean, 1 findings or differences, 2 usage or
 * source errors), `--json` output and one-line errors on stderr (no stack trace).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { jwkThumbprint } from "../../provider/core/keys/thumbprint";
import { startOidcServer } from "../oauth/oidc-server";
import { startJwksServer, type JwksServer } from "../servers/jwks-server";
import { keycloakSet, testKey, type TestKey } from "../core/jwks/vendor-sets";
import { runCli, type Ran } from "./run-cli";

const CLI = resolve(__dirname, "../../dist/provider/cli/main.js");

function cli(args: string[], stdin?: string): Promise<Ran> {
  return runCli(CLI, args, stdin);
}

let dir: string;
let server: JwksServer;
let a: TestKey;
let b: TestKey;
let c: TestKey;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pulumi-jwk-cli-"));
  [a, b, c] = await Promise.all([testKey("ES256"), testKey("EdDSA"), testKey("ES384")]);
  server = await startJwksServer({
    "/jwks": { body: { keys: [a.publicJwk, b.publicJwk] } },
    "/page": { contentType: "text/html", body: "<html>" },
  });
  await writeFile(file("keycloak.json"), JSON.stringify(await keycloakSet()));
  await writeFile(file("clean.json"), JSON.stringify({ keys: [a.publicJwk, b.publicJwk] }));
  await writeFile(
    file("leaky.json"),
    JSON.stringify({
      keys: [
        { ...a.publicJwk, d: a.privateJwk.d },
        { ...b.publicJwk, kid: "x" },
      ],
    }),
  );
  await writeFile(file("not-json.json"), "{ not json");
});
afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

const noStack = (r: Ran) => expect(r.stderr).not.toMatch(/^\s+at /m);

describe("usage", () => {
  test("--help and no arguments print the usage, exit 0", async () => {
    for (const args of [["--help"], [], ["help"]]) {
      const r = await cli(args);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/pulumi-jwk inspect <url\|file\|->/);
      expect(r.stdout).toMatch(/Exit codes: 0/);
    }
  });
  test.each([
    [["frobnicate"], /unknown command "frobnicate"/],
    [["inspect"], /inspect takes one source/],
    [["inspect", "a", "--fail-on", "loud"], /--fail-on must be one of error, warning, info, none/],
    [["inspect", "a", "--bogus"], /Unknown option '--bogus'/],
    [["diff", "a"], /diff takes two sources/],
  ])("%j is a usage error: exit 2, one line on stderr", async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    noStack(r);
  });
});

describe("inspect", () => {
  test("a clean file: table, exit 0", async () => {
    const r = await cli(["inspect", file("keycloak.json")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^KID\s+KTY\/ALG\/USE\s+SIZE\s+CERT EXPIRES\s+FINDINGS$/m);
    expect(r.stdout).toMatch(/RSA\/RSA-OAEP\/enc\s+2048 bits\s+20\d\d-\d\d-\d\d/);
    expect(r.stdout).toMatch(/0 error\(s\), 0 warning\(s\), 2 info/);
  });
  test("--json has exactly source, keys (kid, kty, findings) and findings", async () => {
    const r = await cli(["inspect", file("leaky.json"), "--json"]);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(["source", "keys", "findings"]);
    expect(doc.source).toBe(file("leaky.json"));
    expect(doc.keys.map((k: Record<string, unknown>) => Object.keys(k))).toEqual([
      ["kid", "kty", "findings"],
      ["kid", "kty", "findings"],
    ]);
    expect(doc.keys[0].findings[0]).toEqual({ code: "private-member", severity: "error", message: expect.stringMatching(/"d"/) });
    expect(doc.keys[1].findings.map((f: { code: string }) => f.code)).toEqual(["kid-not-thumbprint"]);
    expect(doc.findings).toEqual([]);
    expect(r.stdout).not.toContain(a.privateJwk.d);
  });
  test("--json never prints null: a key without kid or kty has no such member, its findings say why", async () => {
    // before the fix: {"kid": null, "kty": null, ...} for each of these entries
    const keys = [
      { ...a.publicJwk, kid: undefined },
      { kid: "no-kty", crv: "P-256" },
      { kty: "EC", kid: "" },
    ];
    const r = await cli(["inspect", "-", "--json"], JSON.stringify({ keys }));
    expect(r.code).toBe(1);
    expect(r.stdout).not.toContain("null");
    const doc = JSON.parse(r.stdout);
    expect(doc.keys.map((k: Record<string, unknown>) => Object.keys(k))).toEqual([
      ["kty", "findings"],
      ["kid", "findings"],
      ["kty", "findings"],
    ]);
    const codes = doc.keys.map((k: { findings: { code: string }[] }) => k.findings.map((f) => f.code));
    expect(codes[0]).toContain("missing-kid");
    expect(codes[1]).toContain("key-invalid");
    expect(codes[2]).toContain("missing-kid");
  });
  test("--fail-on sets the threshold", async () => {
    // clean.json holds one info finding (an ES256 kid that is its thumbprint has none; EdDSA likewise): none at all
    expect((await cli(["inspect", file("clean.json"), "--fail-on", "info"])).code).toBe(0);
    expect((await cli(["inspect", file("keycloak.json"), "--fail-on", "info"])).code).toBe(1);
    expect((await cli(["inspect", file("leaky.json"), "--fail-on", "none"])).code).toBe(0);
    expect((await cli(["inspect", file("leaky.json"), "--fail-on", "error"])).code).toBe(1);
  });
  test("a live URL on 127.0.0.1", async () => {
    const r = await cli(["inspect", server.url("/jwks"), "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).keys.map((k: { kid: string }) => k.kid)).toEqual([a.publicJwk.kid, b.publicJwk.kid]);
  });
  test("standard input", async () => {
    const r = await cli(["inspect", "-", "--json"], JSON.stringify({ keys: [a.publicJwk] }));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).source).toBe("(stdin)");
  });
  test.each([
    ["a missing file", () => file("missing.json"), /missing.json: cannot read \(no such file\)/],
    ["a file that is not JSON", () => file("not-json.json"), /not valid JSON at line 1, column 3/],
    ["a URL answering 404", () => server.url("/gone"), /HTTP 404/],
    ["a URL serving HTML", () => server.url("/page"), /content type "text\/html"/],
    ["plain http to another host", () => "http://example.com/jwks", /https only/],
  ])("%s: exit 2, the reason on stderr", async (_what, source, message) => {
    const r = await cli(["inspect", source()]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(message);
    noStack(r);
  });
});

describe("diff", () => {
  test("the same keys: exit 0", async () => {
    const r = await cli(["diff", file("clean.json"), server.url("/jwks")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/no difference \(2 key\(s\) the same\)/);
  });
  test("added, removed, changed, relabelled: exit 1, table and JSON", async () => {
    const desired = { keys: [{ ...a.publicJwk, use: "enc" }, { ...b.publicJwk, kid: "renamed" }, c.publicJwk] };
    await writeFile(file("desired.json"), JSON.stringify(desired));
    server.serve("/live", { body: { keys: [a.publicJwk, b.publicJwk, { ...c.publicJwk, kid: "old" }, { kty: "EC" }] } });
    const table = await cli(["diff", file("desired.json"), server.url("/live")]);
    expect(table.code).toBe(1);
    expect(table.stdout).toMatch(/0 added, 1 removed, 1 changed, 2 relabelled, 0 unchanged/);
    expect(table.stdout).toMatch(new RegExp(`changed\\s+${a.publicJwk.kid}\\s+\\S+\\s+differs in use`));
    const r = await cli(["diff", file("desired.json"), server.url("/live"), "--json"]);
    expect(r.code).toBe(1);
    const d = JSON.parse(r.stdout);
    expect(d.changed).toEqual([{ kid: a.publicJwk.kid, thumbprint: jwkThumbprint(a.publicJwk), members: ["use"] }]);
    expect(d.relabelled).toEqual(
      expect.arrayContaining([
        { from: b.publicJwk.kid, to: "renamed", thumbprint: jwkThumbprint(b.publicJwk) },
        { from: "old", to: c.publicJwk.kid, thumbprint: jwkThumbprint(c.publicJwk) },
      ]),
    );
    expect(d.removed).toEqual([{ kid: null, thumbprint: null }]);
    expect(d.added).toEqual([]);
  });
  test("a key only in desired is added; a desired key without kid is a source error", async () => {
    const r = await cli(["diff", "-", file("clean.json"), "--json"], JSON.stringify({ keys: [a.publicJwk, b.publicJwk, c.publicJwk] }));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).added).toEqual([{ kid: c.publicJwk.kid, thumbprint: jwkThumbprint(c.publicJwk) }]);
    const bad = await cli(["diff", "-", file("clean.json")], JSON.stringify({ keys: [{ kty: "EC" }] }));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/\(stdin\): keys\[0\] has no kid/);
  });
});

describe("a real server's JWKS: oidc-provider's /jwks", () => {
  test("inspect reads it through the hardened fetcher; its key has no error or warning; diff against itself is clean", async () => {
    const op = await startOidcServer();
    try {
      const r = await cli(["inspect", `${op.issuer}/jwks`, "--json"]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const doc = JSON.parse(r.stdout);
      expect(doc.source).toBe(`${op.issuer}/jwks`);
      expect(doc.keys).toEqual([
        { kid: "op-es256", kty: "EC", findings: [expect.objectContaining({ code: "kid-not-thumbprint", severity: "info" })] },
      ]);
      expect((await cli(["inspect", `${op.issuer}/jwks`, "--fail-on", "info"])).code).toBe(1);
      const same = await cli(["diff", `${op.issuer}/jwks`, `${op.issuer}/jwks`]);
      expect(same.code).toBe(0);
      expect(op.requests.every((q) => q.method === "GET")).toBe(true);
    } finally {
      await op.close();
    }
  });
});
