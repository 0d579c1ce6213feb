/**
 * The shared merge for client kinds whose keys are one document: additive keeps what the binding does not
 * own (in place), exclusive keeps only declared keys, collisions change nothing, release removes only owned
 * kids, and a binder writes once (or not at all) and reads back.
 */
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  documentBinder,
  mergeClientKeys,
  readDocumentKeys,
  releaseClientKeys,
  type ClientDocumentStore,
} from "../../provider/clients/document";
import type { LiveBinding } from "../../provider/clients/types";
import type { PublicJwk } from "../../provider/core/keys/material";

function ecKey(kid: string): PublicJwk {
  const jwk = generateKeyPairSync("ec", { namedCurve: "P-256" }).publicKey.export({ format: "jwk" }) as Record<string, string>;
  return { kty: "EC", crv: "P-256", x: jwk.x!, y: jwk.y!, kid, use: "sig", alg: "ES256" };
}
const kids = (b: LiveBinding) => b.keys.map((k) => k.kid);
const [a, b, c, foreign] = ["a", "b", "c", "foreign"].map(ecKey) as [PublicJwk, PublicJwk, PublicJwk, PublicJwk];

describe("mergeClientKeys", () => {
  it("additive: adds declared keys after the client's own, which stay in place", () => {
    const next = mergeClientKeys("c", { mode: "additive", keys: [a] }, { keys: [foreign], authMethod: "client_secret_basic" }, []);
    expect(kids(next)).toEqual(["foreign", "a"]);
    expect(next.authMethod).toBe("client_secret_basic");
  });

  it("additive rotation: removes the owned key no longer declared, keeps the foreign one", () => {
    const next = mergeClientKeys("c", { mode: "additive", keys: [b] }, { keys: [a, foreign] }, ["a"]);
    expect(kids(next)).toEqual(["foreign", "b"]);
  });

  it("exclusive: only the declared keys remain", () => {
    const next = mergeClientKeys("c", { mode: "exclusive", keys: [b] }, { keys: [a, foreign] }, []);
    expect(kids(next)).toEqual(["b"]);
  });

  it("sets the declared auth method and alg, drops a jwks_uri when binding keys", () => {
    const next = mergeClientKeys(
      "c",
      { mode: "additive", keys: [a], authMethod: "private_key_jwt", signingAlg: "ES256" },
      { keys: [], jwksUri: "https://x.example/jwks", authMethod: "client_secret_basic", signingAlg: "RS256" },
      [],
    );
    expect(next).toEqual({ keys: [a], authMethod: "private_key_jwt", signingAlg: "ES256" });
  });

  it("refuses to overwrite a kid it does not own (additive), naming the kid", () => {
    const impostor = { ...b, kid: "foreign" };
    expect(() => mergeClientKeys("client x", { mode: "additive", keys: [impostor] }, { keys: [foreign] }, [])).toThrow(
      expect.objectContaining({ code: "ERR_JWKS_BINDING_COLLISION", message: expect.stringContaining('"foreign"') }),
    );
  });

  it("a jwksUri replaces inline keys, but not someone else's in additive mode", () => {
    expect(mergeClientKeys("c", { mode: "exclusive", jwksUri: "https://x.example/jwks" }, { keys: [foreign] }, [])).toEqual({
      keys: [],
      jwksUri: "https://x.example/jwks",
    });
    expect(() => mergeClientKeys("c", { mode: "additive", jwksUri: "https://x.example/jwks" }, { keys: [foreign] }, [])).toThrow(
      expect.objectContaining({ code: "ERR_JWKS_FOREIGN_KEYS_IN_THE_WAY" }),
    );
  });

  it("property: additive never drops or changes a key it does not own; every declared key ends up present", () => {
    const pool = [a, b, c, foreign];
    fc.assert(
      fc.property(fc.subarray(pool), fc.subarray(pool), fc.subarray(["a", "b", "c"]), (declared, live, owned) => {
        const ownedNotForeign = owned.filter((k) => live.some((l) => l.kid === k) || declared.some((d) => d.kid === k));
        const next = mergeClientKeys("c", { mode: "additive", keys: declared }, { keys: live }, ownedNotForeign);
        for (const d of declared) expect(next.keys).toContainEqual(d);
        for (const l of live) if (!ownedNotForeign.includes(l.kid)) expect(next.keys).toContainEqual(l);
        expect(new Set(kids(next)).size).toBe(next.keys.length);
      }),
    );
  });
});

describe("releaseClientKeys", () => {
  it("removes only owned kids and the binding's own jwksUri", () => {
    expect(kids(releaseClientKeys({ keys: [a, foreign], authMethod: "private_key_jwt" }, ["a"]))).toEqual(["foreign"]);
    expect(releaseClientKeys({ keys: [], jwksUri: "https://mine" }, [], "https://mine")).toEqual({ keys: [] });
    expect(releaseClientKeys({ keys: [], jwksUri: "https://theirs" }, [], "https://mine")).toEqual({ keys: [], jwksUri: "https://theirs" });
  });
});

describe("documentBinder", () => {
  function store(initial: LiveBinding | undefined) {
    let doc = initial;
    const writes: LiveBinding[] = [];
    const s: ClientDocumentStore = {
      name: "test client",
      read: async () => doc && structuredClone(doc),
      write: async (next) => {
        writes.push(next);
        doc = structuredClone(next);
      },
    };
    return { s, writes };
  }

  it("writes once and reads back; no write when nothing changes", async () => {
    const { s, writes } = store({ keys: [foreign] });
    const after = await documentBinder(s).apply({ mode: "additive", keys: [a] }, []);
    expect(kids(after)).toEqual(["foreign", "a"]);
    await documentBinder(s).apply({ mode: "additive", keys: [a] }, ["a"]);
    expect(writes).toHaveLength(1);
  });

  it("a client that does not exist is an error naming it, and nothing is written", async () => {
    const { s, writes } = store(undefined);
    await expect(documentBinder(s).apply({ mode: "additive", keys: [a] }, [])).rejects.toMatchObject({
      code: "ERR_JWKS_CLIENT_NOT_FOUND",
      message: expect.stringContaining("test client"),
    });
    expect(writes).toHaveLength(0);
  });
});

describe("foreign keys in a document: written back exactly as read, or refused", () => {
  // Someone else's key as the server holds it: an empty member, a private member, members out of canonical order.
  const theirsAsRead = {
    alg: "ES256",
    kid: "theirs",
    kty: "EC",
    crv: "P-256",
    x: foreign.x,
    y: foreign.y,
    x5c: null,
    d: "their-d",
    use: "",
  };
  function rawStore(raw: Record<string, unknown>[], refuses?: (key: Record<string, unknown>) => string | undefined) {
    let stored = structuredClone(raw);
    const writes: Record<string, unknown>[][] = [];
    const s: ClientDocumentStore = {
      name: "test client",
      read: async () => ({ keys: readDocumentKeys(structuredClone(stored)) }),
      write: async (next) => {
        writes.push(structuredClone(next.keys));
        stored = structuredClone(next.keys);
      },
      ...(refuses ? { refuses } : {}),
    };
    return { s, writes };
  }

  it("the binding sees public members only, without empty ones", async () => {
    const { s } = rawStore([theirsAsRead]);
    expect((await documentBinder(s).read())?.keys).toEqual([
      { alg: "ES256", kid: "theirs", kty: "EC", crv: "P-256", x: foreign.x, y: foreign.y },
    ]);
  });

  it("bind and release write the foreign key back deep-equal to what was read; only its own keys change", async () => {
    const { s, writes } = rawStore([theirsAsRead]);
    await documentBinder(s).apply({ mode: "additive", keys: [a] }, []);
    expect(writes[0]).toEqual([theirsAsRead, a]);
    await documentBinder(s).apply({ mode: "additive", keys: [b] }, ["a"]);
    expect(writes[1]).toEqual([theirsAsRead, b]);
    await documentBinder(s).release(["b"]);
    expect(writes[2]).toEqual([theirsAsRead]);
  });

  it("a key the binding owns goes back as declared, not as read", async () => {
    const { s, writes } = rawStore([{ ...a, d: "stray" }, theirsAsRead]);
    await documentBinder(s).apply({ mode: "additive", keys: [a, c] }, ["a"]);
    expect(writes[0]).toEqual([a, theirsAsRead, c]);
  });

  it("where the server would refuse a foreign key as read, the write is refused before sending, naming the kid and why", async () => {
    const { s, writes } = rawStore([theirsAsRead], (k) => (k.d !== undefined ? "it carries private members (d)" : undefined));
    const error = await documentBinder(s)
      .apply({ mode: "additive", keys: [a] }, [])
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "ERR_JWKS_FOREIGN_KEY_UNWRITABLE",
      refused: [{ kid: "theirs", reason: "it carries private members (d)" }],
      message: expect.stringContaining('key "theirs": it carries private members (d)'),
    });
    expect((error as Error).message).not.toContain("their-d");
    expect(writes).toHaveLength(0);
  });
});
