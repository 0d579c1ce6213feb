/**
 * Keys that load everywhere (issue 7, guarantee 5), as a property over the Jwk input space: every alg and
 * curve, any subset of its operations as keyOps (in any order), use and kid given or not, keys generated or
 * imported (PKCS#8, PKCS#1, SEC1 PEM, or a JWK carrying stale metadata), then an in-place update. Whatever
 * check accepts must give a `privateJwk` that jose `importJWK` and node `createPrivateKey` load, and a
 * `publicJwk` with public operations only that jose `createLocalJWKSet` serves and that verifies or encrypts
 * as its alg says. What check refuses must be refused at keyOps, naming the missing operation.
 */
import { createPrivateKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from "node:crypto";
import fc from "fast-check";
import { CompactEncrypt, compactDecrypt, createLocalJWKSet, importJWK, jwtVerify, SignJWT, type JWK } from "jose";
import { beforeAll, expect, test } from "vitest";
import { algorithmSpec, keyTypeFor, SUPPORTED_ALGORITHMS, type Curve } from "../../../provider/core/keys/algorithms";
import { PRIVATE_MEMBERS, publicKeyFailures } from "../../../provider/core/jwks/validate";
import { createJwk, diffJwk, jwkInputFailures, updateJwk, type JwkInputs, type JwkOutputs } from "../../../provider/resources/jwk/logic";

/** One key pair per (kty, curve) to import, made once: RSA generation is too slow to repeat per run. */
const pool = new Map<string, KeyObject>();
beforeAll(() => {
  pool.set("RSA", generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey);
  for (const crv of ["P-256", "P-384", "P-521"]) pool.set(`EC/${crv}`, generateKeyPairSync("ec", { namedCurve: crv }).privateKey);
  pool.set("OKP/Ed25519", generateKeyPairSync("ed25519").privateKey);
  pool.set("OKP/X25519", generateKeyPairSync("x25519").privateKey);
});

type Source = "generate" | "pkcs8" | "pkcs1" | "sec1" | "jwk";

interface Case {
  alg: string;
  crvIndex: number;
  keyOps: string[] | undefined;
  giveUse: boolean;
  kid: string | undefined;
  source: Source;
  staleMetadata: { kid?: string; alg?: string; use?: string; key_ops?: string[] };
  update: { alg: number; keyOps: string[] | undefined; kid: string | undefined };
}

const opsSubset = (alg: string) => {
  const spec = algorithmSpec(alg)!;
  return fc.option(fc.shuffledSubarray([...spec.privateOps, ...spec.publicOps]), { nil: undefined });
};

const caseArb: fc.Arbitrary<Case> = fc.constantFrom(...SUPPORTED_ALGORITHMS).chain((alg) =>
  fc.record({
    alg: fc.constant(alg),
    crvIndex: fc.nat(3),
    keyOps: opsSubset(alg),
    giveUse: fc.boolean(),
    kid: fc.option(fc.string({ minLength: 1, maxLength: 12 }), { nil: undefined }),
    source: fc.constantFrom<Source>("generate", "pkcs8", "pkcs1", "sec1", "jwk", "jwk"),
    staleMetadata: fc.record(
      {
        kid: fc.string(),
        alg: fc.constantFrom(...SUPPORTED_ALGORITHMS),
        use: fc.constantFrom("sig", "enc"),
        key_ops: fc.constant(["verify"]),
      },
      { requiredKeys: [] },
    ),
    update: fc.record({
      alg: fc.nat(20),
      keyOps: opsSubset(alg),
      kid: fc.option(fc.string({ minLength: 1, maxLength: 12 }), { nil: undefined }),
    }),
  }),
);

/** The inputs for a case: the import source matches the alg's key type, or falls back to generating. */
function inputsFor(c: Case): JwkInputs {
  const spec = algorithmSpec(c.alg)!;
  const crv: Curve | undefined = spec.curves.length > 0 ? spec.curves[c.crvIndex % spec.curves.length] : undefined;
  const kty = keyTypeFor(spec, crv);
  const key = pool.get(kty === "RSA" ? "RSA" : `${kty}/${crv}`)!;
  const base: JwkInputs = {
    alg: c.alg,
    ...(spec.curves.length > 1 ? { crv } : {}),
    ...(c.keyOps !== undefined ? { keyOps: c.keyOps } : {}),
    ...(c.giveUse ? { use: spec.use } : {}),
    ...(c.kid !== undefined ? { kid: c.kid } : {}),
  };
  const pemOf = (type: "pkcs8" | "pkcs1" | "sec1") => ({ ...base, privateKeyPem: key.export({ type, format: "pem" }) as string });
  if (c.source === "pkcs8") return pemOf("pkcs8");
  if (c.source === "pkcs1" && kty === "RSA") return pemOf("pkcs1");
  if (c.source === "sec1" && kty === "EC") return pemOf("sec1");
  if (c.source === "jwk") return { ...base, privateJwk: { ...(key.export({ format: "jwk" }) as JsonWebKey), ...c.staleMetadata } };
  return base;
}

/** Every way the outputs must load and work. */
async function assertPortable(out: JwkOutputs): Promise<void> {
  const spec = algorithmSpec(out.alg)!;
  const priv = out.privateJwk!;
  // The private JWK, as stored in the program's output: jose (WebCrypto) and node both load it.
  await importJWK(priv);
  expect(createPrivateKey({ key: priv as JsonWebKey, format: "jwk" }).type).toBe("private");
  for (const op of priv.key_ops ?? []) expect(spec.privateOps).toContain(op);
  // The published key: public members and public operations only, valid to our own publishing rules.
  const pub = out.publicJwk as JWK;
  for (const m of PRIVATE_MEMBERS) expect(pub).not.toHaveProperty(m);
  for (const op of pub.key_ops ?? []) expect(spec.publicOps).toContain(op);
  expect(publicKeyFailures(pub, "publicJwk")).toEqual([]);
  const jwks = createLocalJWKSet({ keys: [pub] });
  if (spec.use === "sig") {
    const token = await new SignJWT({ sub: "portable" }).setProtectedHeader({ alg: out.alg, kid: out.kid }).sign(await importJWK(priv));
    const { payload } = await jwtVerify(token, jwks);
    expect(payload.sub).toBe("portable");
  } else {
    const plaintext = new TextEncoder().encode("portable");
    const jwe = await new CompactEncrypt(plaintext)
      .setProtectedHeader({ alg: out.alg, enc: "A256GCM", kid: out.kid })
      .encrypt(await importJWK(pub));
    expect(new TextDecoder().decode((await compactDecrypt(jwe, await importJWK(priv))).plaintext)).toBe("portable");
  }
}

test("property: whatever the inputs, check refuses them at keyOps or every output loads and works", async () => {
  const seen = { refused: 0, generated: 0, imported: 0, updated: 0 };
  await fc.assert(
    fc.asyncProperty(caseArb, async (c) => {
      const inputs = inputsFor(c);
      const failures = await jwkInputFailures(inputs);
      if (failures.length > 0) {
        // The only refusal this input space can meet: keyOps that would leave a half unusable for its alg.
        seen.refused++;
        expect(failures).toEqual(
          failures.map(() => ({ property: "keyOps", reason: expect.stringMatching(/needs "\w+"( and "\w+")? on it/) })),
        );
        return;
      }
      const created = await createJwk(inputs);
      await assertPortable(created);
      seen[created.imported ? "imported" : "generated"]++;

      // An in-place update (alg within the family, new keyOps, kid) keeps the key portable.
      const family = SUPPORTED_ALGORITHMS.filter((a) => algorithmSpec(a)!.family === algorithmSpec(c.alg)!.family);
      const { privateKeyPem: _p, privateJwk: _j, ...kept } = inputs;
      const next: JwkInputs = {
        ...kept,
        ...(inputs.privateKeyPem !== undefined ? { privateKeyPem: inputs.privateKeyPem } : {}),
        ...(inputs.privateJwk !== undefined ? { privateJwk: inputs.privateJwk } : {}),
        alg: family[c.update.alg % family.length]!,
        keyOps: c.update.keyOps,
        kid: c.update.kid,
      };
      delete next.use; // implied by the alg; the family shares it
      if ((await diffJwk(created, next)).replaces.length > 0 || (await jwkInputFailures(next)).length > 0) return;
      await assertPortable(await updateJwk(created, next));
      seen.updated++;
    }),
    { numRuns: 150 },
  );
  // Not vacuous: each path of the input space was taken.
  for (const [path, count] of Object.entries(seen)) expect(count, `${path} cases`).toBeGreaterThan(5);
}, 120_000);

test("regression: keyOps [sign, verify] gives a privateJwk jose loads and publishes [verify] only", async () => {
  const out = await createJwk({ alg: "ES256", keyOps: ["sign", "verify"] });
  expect(out.privateJwk!.key_ops).toEqual(["sign"]);
  expect(out.publicJwk.key_ops).toEqual(["verify"]);
  await assertPortable(out);
});
