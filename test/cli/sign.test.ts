/**
 * `pulumi-jwk sign` and `pulumi-jwk client-assertion` as a user runs them (the compiled CLI spawned): the JWS
 * on stdout, verifiable with the public key; usage errors and key errors on one stderr line, exit 2, no stack,
 * and never a private key member. Signing with a key in custody is proven on real servers by the engine test
 * custody-signing.test.ts.
 */
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as jose from "jose";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseCommand } from "../../provider/cli/args";
import { runCli, type Ran } from "./run-cli";

const CLI = resolve(__dirname, "../../dist/provider/cli/main.js");
const cli = (args: string[], stdin?: string): Promise<Ran> => runCli(CLI, args, stdin);

let dir: string;
let publicKey: KeyObject;
let d: string;
const file = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "pulumi-jwk-sign-"));
  const pair = generateKeyPairSync("ec", { namedCurve: "P-256" });
  publicKey = pair.publicKey;
  const privateJwk = { ...pair.privateKey.export({ format: "jwk" }), kid: "cli-key", alg: "ES256" };
  d = privateJwk.d!;
  await writeFile(file("key.json"), JSON.stringify(privateJwk));
  await writeFile(file("no-alg.json"), JSON.stringify({ ...privateJwk, alg: undefined }));
  await writeFile(file("broken.json"), `{"d": "${d}", "kty": `);
  await writeFile(file("payload.bin"), new Uint8Array([0, 1, 2, 255]));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("pulumi-jwk sign", () => {
  test("a payload from standard input or a file, signed with a private JWK file; the JWS alone on stdout", async () => {
    const fromStdin = await cli(["sign", "--private-jwk", file("key.json"), "--typ", "example"], "hello");
    expect(fromStdin).toMatchObject({ code: 0, stderr: "" });
    expect(fromStdin.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const verified = await jose.compactVerify(fromStdin.stdout.trim(), publicKey);
    expect(new TextDecoder().decode(verified.payload)).toBe("hello");
    expect(verified.protectedHeader).toEqual({ alg: "ES256", kid: "cli-key", typ: "example" });

    const fromFile = await cli(["sign", "--private-jwk", file("key.json"), "--kid", "other", file("payload.bin")]);
    expect(fromFile.code).toBe(0);
    const again = await jose.compactVerify(fromFile.stdout.trim(), publicKey);
    expect([...again.payload]).toEqual([0, 1, 2, 255]);
    expect(again.protectedHeader.kid).toBe("other");
  });

  test.each([
    [["sign"], /give exactly one of --key-uri <key URI> \(a key in custody\) and --private-jwk <file>/],
    [["sign", "--key-uri", "vault-transit:name=k?address=http://127.0.0.1:1"], /--key-uri needs --alg/],
    [["sign", "--private-jwk", "k.json", "--json"], /sign does not take --json/],
    [["inspect", "x.json", "--alg", "ES256"], /inspect does not take --alg/],
    [["client-assertion", "--private-jwk", "k.json", "--client-id", "app"], /client-assertion needs --audience/],
    [
      ["client-assertion", "--private-jwk", "k.json", "--client-id", "a", "--audience", "b", "--lifetime", "1h"],
      /--lifetime must be a whole number/,
    ],
  ])("usage error %j: exit 2, one line", async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/Run "pulumi-jwk --help" for usage/);
  });

  test("key problems: one line naming the field, exit 2, no stack, no key member", async () => {
    const cases: [string[], RegExp][] = [
      [["sign", "--private-jwk", file("no-alg.json")], /--alg: is needed: the private JWK has no alg member/],
      [["sign", "--private-jwk", file("key.json"), "--alg", "RS256"], /alg: the private JWK is for ES256, not RS256/],
      [["sign", "--private-jwk", file("broken.json")], /not valid JSON at line 1/],
      [["sign", "--private-jwk", file("missing.json")], /ENOENT/],
      [
        ["sign", "--key-uri", "vault-transit:name=k?address=http://127.0.0.1:1&token=s.PASTED", "--alg", "ES256"],
        /"token" would put a secret/,
      ],
      [["sign", "--key-uri", "nope:x=y", "--alg", "ES256"], /unknown key URI scheme "nope:"/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(args, "payload");
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).not.toContain(d);
      expect(r.stderr).not.toContain("s.PASTED");
      expect(r.stdout).toBe("");
    }
  });

  test("--help documents both commands", async () => {
    const r = await cli(["--help"]);
    expect(r.stdout).toMatch(/pulumi-jwk sign \(--key-uri <uri> --alg <alg> \| --private-jwk <file>\)/);
    expect(r.stdout).toMatch(/pulumi-jwk client-assertion/);
  });
});

describe("pulumi-jwk client-assertion", () => {
  test("an RFC 7523 assertion: iss = sub = client id, aud, exp = iat + lifetime, the given jti", async () => {
    const r = await cli([
      "client-assertion",
      "--private-jwk",
      file("key.json"),
      "--client-id",
      "app",
      "--audience",
      "https://as.example/oauth2/token",
      "--lifetime",
      "300",
      "--jti",
      "once",
    ]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const { payload, protectedHeader } = await jose.jwtVerify(r.stdout.trim(), publicKey, { audience: "https://as.example/oauth2/token" });
    expect(protectedHeader).toEqual({ alg: "ES256", kid: "cli-key", typ: "JWT" });
    expect(payload).toMatchObject({ iss: "app", sub: "app", jti: "once" });
    expect(payload.exp! - payload.iat!).toBe(300);
  });

  test("parseCommand: the key and the claims", () => {
    expect(
      parseCommand([
        "client-assertion",
        "--key-uri",
        "awskms:alias=a;region=eu-west-1",
        "--alg",
        "PS256",
        "--kid",
        "k",
        "--client-id",
        "c",
        "--audience",
        "a",
      ]),
    ).toEqual({
      command: "client-assertion",
      key: { keyUri: "awskms:alias=a;region=eu-west-1" },
      alg: "PS256",
      kid: "k",
      clientId: "c",
      audience: "a",
    });
    expect(parseCommand(["sign", "--private-jwk", "k.json"])).toEqual({ command: "sign", key: { privateJwkFile: "k.json" }, payload: "-" });
  });

  test("parseCommand: a kid starting with - (a thumbprint, one time in 64) is the value of --kid, not an option", () => {
    const parsed = parseCommand(["sign", "--private-jwk", "k.json", "--kid", "-Xy3_q", "-"]);
    expect(parsed).toEqual({ command: "sign", key: { privateJwkFile: "k.json" }, kid: "-Xy3_q", payload: "-" });
    // An option of ours after a value option is still an option (the value is missing, said so).
    expect(() => parseCommand(["sign", "--private-jwk", "k.json", "--kid", "--json"])).toThrow(/--kid/);
  });
});
