/**
 * The resources the plugin gained with issue 20 item 2, without the engine: KeyRotation's schedule keeps its
 * private JWKs as an RPC secret and a URN-less read of it (an import) is refused naming the plugin's token; a
 * construct of a type the plugin does not compose is refused; PingOneKeyRotationPolicy cannot be imported; the
 * ReachFiveAccountKey import id is the account's URL or the id the resource got.
 */
import { isRpcSecret } from "@pulumi/pulumi/runtime/rpc";
import { describe, expect, test } from "vitest";
import { jwkProvider } from "../../provider/plugin/provider";
import { unwrapSecrets } from "../../provider/plugin/rpc-values";
import { accountUrlOfImportId } from "../../provider/plugin/vendor-resources";

const urn = (type: string, name: string) => `urn:pulumi:dev::proj::jwk:index:KeyRotation$jwk:index:${type}::${name}`;
const provider = jwkProvider();

async function errorOf(p: Promise<unknown>): Promise<{ code?: string; message?: string } | undefined> {
  return p.then(
    () => undefined,
    (e: { code?: string; message?: string }) => e,
  );
}

describe("RotationSchedule (KeyRotation's part)", () => {
  const inputs = { alg: "ES256", publishAhead: "10m", retireAfter: "15m", rotateEvery: "60m" };

  test("create: the first key current, the private JWKs an RPC secret, no dynamic internals stored", async () => {
    const { id, outs } = await provider.create!(urn("RotationSchedule", "r-schedule"), inputs);
    expect(id).toBe(`rotation:${outs.currentKid}`);
    expect(isRpcSecret(outs.privateJwks)).toBe(true);
    const jwks = unwrapSecrets(outs.privateJwks) as Record<string, { d?: string }>;
    expect(jwks[outs.currentKid]!.d).toEqual(expect.any(String));
    expect(outs).not.toHaveProperty("__urn");
    expect(JSON.stringify(outs.publishedKeys)).not.toContain('"d"');
  });

  test("an up when nothing is due changes nothing", async () => {
    const { id, outs } = await provider.create!(urn("RotationSchedule", "r-schedule"), inputs);
    await expect(provider.diff!(id, urn("RotationSchedule", "r-schedule"), outs, inputs)).resolves.toMatchObject({ changes: false });
  });

  test("import is refused with ERR_JWK_NOT_IMPORTABLE, naming the plugin's token", async () => {
    const e = await errorOf(provider.read!("rotation:k", urn("RotationSchedule", "r-schedule"), {}));
    expect(e?.code).toBe("ERR_JWK_NOT_IMPORTABLE");
    expect(e?.message).toContain("jwk:index:RotationSchedule");
  });
});

test("construct of anything but KeyRotation: ERR_JWK_PLUGIN_UNKNOWN_TYPE", async () => {
  const e = await errorOf(provider.construct!("x", "jwk:index:Jwk", {}, {}));
  expect(e?.code).toBe("ERR_JWK_PLUGIN_UNKNOWN_TYPE");
});

test("PingOneKeyRotationPolicy import is refused with ERR_JWK_NOT_IMPORTABLE, naming the plugin's token", async () => {
  const e = await errorOf(provider.read!("p", "urn:pulumi:dev::proj::jwk:index:PingOneKeyRotationPolicy::p", {}));
  expect(e?.code).toBe("ERR_JWK_NOT_IMPORTABLE");
  expect(e?.message).toContain("jwk:index:PingOneKeyRotationPolicy");
});

describe("ReachFiveAccountKey import ids", () => {
  test("the account's URL, or the id the resource got (reachfive:<URL>)", () => {
    expect(accountUrlOfImportId("https://acme.reach5.net")).toBe("https://acme.reach5.net");
    expect(accountUrlOfImportId(" reachfive:https://acme.reach5.net ")).toBe("https://acme.reach5.net");
  });
  test("anything else: ERR_JWKS_IMPORT_ID naming the accepted forms", () => {
    expect(() => accountUrlOfImportId("acme")).toThrow(expect.objectContaining({ code: "ERR_JWKS_IMPORT_ID" }));
    expect(() => accountUrlOfImportId("acme")).toThrow(/reachfive:<URL>/);
  });
});
