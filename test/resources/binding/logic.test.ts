/**
 * ClientKeyBinding's pure logic: input checks by property path, update versus replace, drift, and bind /
 * release over an in-memory client document (the real servers are in test/clients and test/engine).
 */
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { documentBinder } from "../../../provider/clients/document";
import type { LiveBinding } from "../../../provider/clients/types";
import type { PublicJwk } from "../../../provider/core/keys/material";
import { bindingInputFailures, type BindingInputs } from "../../../provider/resources/binding/check";
import { diffBinding, formatBindingDrift } from "../../../provider/resources/binding/logic";
import { bindClient, bindingOutputs, measureBinding, readBinding, releaseBinding } from "./parsed";

function ecKey(kid: string, extra: Partial<PublicJwk> = {}): PublicJwk {
  const jwk = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" }) as Record<string, string>;
  return { kty: "EC", crv: "P-256", x: jwk.x!, y: jwk.y!, kid, use: "sig", alg: "ES256", ...extra };
}
const client = { kind: "rfc7592" as const, registrationClientUri: "http://127.0.0.1:1/reg/app" };
const inputs = (o: Partial<BindingInputs> = {}): BindingInputs => ({ client, keys: [ecKey("a")], ...o });
const properties = async (i: BindingInputs) => (await bindingInputFailures(i)).map((f) => f.property);

function memoryClient(initial: LiveBinding | undefined) {
  let doc = initial;
  let writes = 0;
  const binder = documentBinder({
    name: "client app",
    read: async () => doc && structuredClone(doc),
    write: async (next) => {
      writes++;
      doc = structuredClone(next);
    },
  });
  return { binder, doc: () => doc, writes: () => writes };
}

describe("bindingInputFailures", () => {
  it("accepts a sig key with the declared alg", async () => {
    expect(await bindingInputFailures(inputs({ auth: { method: "private_key_jwt", signingAlg: "ES256" } }))).toEqual([]);
  });

  it("refuses an enc key for client authentication, and a key without use", async () => {
    const f = await bindingInputFailures(inputs({ keys: [ecKey("e", { use: "enc", alg: "ECDH-ES" }), ecKey("n", { use: undefined })] }));
    expect(f.map((x) => x.property)).toEqual(["keys[0].use", "keys[1].use"]);
    expect(f[0]!.reason).toMatch(/"enc" key cannot sign client assertions/);
  });

  it("refuses an alg that is not the client's signing alg", async () => {
    const f = await bindingInputFailures(inputs({ auth: { signingAlg: "ES384" } }));
    expect(f).toEqual([{ property: "keys[0].alg", reason: expect.stringContaining('"ES256" is not the client\'s signing alg "ES384"') }]);
  });

  it("refuses private members and duplicate kids", async () => {
    const priv = { ...ecKey("p"), d: "c2VjcmV0c2VjcmV0c2VjcmV0" };
    expect(await properties(inputs({ keys: [priv] }))).toContain("keys[0].d");
    expect(await properties(inputs({ keys: [ecKey("same"), ecKey("same")] }))).toEqual(["keys[1].kid"]);
  });

  it("names the known kinds for an unknown one, and checks the reference's members", async () => {
    const f = await bindingInputFailures(inputs({ client: { kind: "nope" } as never }));
    expect(f).toEqual([{ property: "client.kind", reason: expect.stringContaining("expected one of rfc7592") }]);
    expect(await properties(inputs({ client: { ...client, token: "x" } as never }))).toEqual(["client.token"]);
  });

  it("wants keys or jwksUri, not both, and a known auth method", async () => {
    expect(await properties({ client })).toEqual(["keys"]);
    expect(await properties(inputs({ jwksUri: "https://x.example/jwks" }))).toEqual(["jwksUri"]);
    expect(await properties(inputs({ auth: { method: "magic" }, mode: "sometimes" as never }))).toEqual(["mode", "auth.method"]);
  });
});

describe("diffBinding and drift", () => {
  const outs = bindingOutputs(inputs(), { keys: [] });
  it("replaces on another client, updates on settings, none when equal", () => {
    expect(
      diffBinding(outs, { ...inputs(), client: { ...client, registrationClientUri: "http://127.0.0.1:1/reg/other" } }).replaces,
    ).toEqual(["client"]);
    expect(diffBinding(outs, { ...inputs(), keys: outs.keys!, client: { ...client, timeoutMs: 5000 } })).toEqual({
      changes: true,
      replaces: [],
    });
    expect(
      diffBinding({ ...outs, drift: { missing: [], changed: [], unexpected: [], settings: [] } }, { ...inputs(), keys: outs.keys! }),
    ).toEqual({
      changes: false,
      replaces: [],
    });
  });

  it("measures missing keys, foreign kids and changed settings", () => {
    const i = inputs({ auth: { method: "private_key_jwt" } });
    const m = measureBinding(i, { keys: [ecKey("other")], authMethod: "client_secret_basic" });
    expect(m).toEqual({ drift: { missing: ["a"], changed: [], unexpected: [], settings: ["authMethod"] }, foreignKids: ["other"] });
    expect(formatBindingDrift("client app", m.drift)).toMatch(/missing a .*settings changed: authMethod/);
    expect(diffBinding({ ...bindingOutputs(i, { keys: [] }), ...m }, i).changes).toBe(true);
  });
});

describe("bind, read, release", () => {
  it("binds, reads drift, releases only its kid and warns when private_key_jwt is left with no key", async () => {
    const k = ecKey("a");
    const c = memoryClient({ keys: [], authMethod: "client_secret_basic" });
    const outs = await bindClient(inputs({ keys: [k], auth: { method: "private_key_jwt" } }), [], c.binder);
    expect(outs).toMatchObject({ kids: ["a"], authMethod: "private_key_jwt", drift: { missing: [], settings: [] } });
    const notes: string[] = [];
    await releaseBinding(outs, c.binder, (s, m) => void notes.push(`${s}: ${m}`));
    expect(c.doc()!.keys).toEqual([]);
    expect(notes).toEqual([expect.stringMatching(/^warning: client app still authenticates with private_key_jwt but has no key left/)]);
  });

  it("no warning when someone else's key remains; gone client reads as undefined and releases with a note", async () => {
    const c = memoryClient({ keys: [ecKey("theirs")], authMethod: "private_key_jwt" });
    const outs = await bindClient(inputs(), [], c.binder);
    const notes: string[] = [];
    await releaseBinding(outs, c.binder, (s, m) => void notes.push(`${s}: ${m}`));
    expect(notes).toEqual([]);
    expect(c.doc()!.keys.map((k) => k.kid)).toEqual(["theirs"]);
    const gone = memoryClient(undefined);
    expect(await readBinding(outs, gone.binder)).toBeUndefined();
    await releaseBinding(outs, gone.binder, (s, m) => void notes.push(`${s}: ${m}`));
    expect(notes).toEqual([expect.stringMatching(/^info: client app does not exist/)]);
  });

  it("refuses keys whose alg differs from the client's live signing alg, before any write", async () => {
    const c = memoryClient({ keys: [], authMethod: "private_key_jwt", signingAlg: "RS256" });
    await expect(bindClient(inputs(), [], c.binder)).rejects.toMatchObject({
      code: "ERR_JWK_INVALID_INPUT",
      failures: [{ property: "keys[0].alg", reason: expect.stringContaining('signing alg "RS256"') }],
    });
    expect(c.writes()).toBe(0);
  });

  it("refresh reads through readListed where the binder has it (one list per server), else through read", async () => {
    const c = memoryClient({ keys: [ecKey("theirs")], authMethod: "private_key_jwt" });
    const outs = await bindClient(inputs(), [], c.binder);
    const listedOnly = { ...c.binder, read: () => Promise.reject(new Error("a single read")), readListed: () => c.binder.read() };
    expect((await readBinding(outs, listedOnly))?.kids).toEqual(outs.kids);
  });
});
