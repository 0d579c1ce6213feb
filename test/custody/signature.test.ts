/**
 * DER (what AWS KMS's Sign returns for ECDSA) to JOSE r||s: fixed vectors made once with node:crypto `sign`
 * (dsaEncoding "der"), whose r||s form verifies with node:crypto `verify` (dsaEncoding "ieee-p1363"); then fresh
 * signatures of every curve, and malformed input refused.
 */
import { createPublicKey, generateKeyPairSync, sign, verify } from "node:crypto";
import { describe, expect, test } from "vitest";
import { derToJose as derToJoseEcdsa } from "../../provider/custody/signature";

const MESSAGE = Buffer.from("eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0");
const CURVES = [
  { crv: "P-256", size: 32, hash: "sha256" },
  { crv: "P-384", size: 48, hash: "sha384" },
  { crv: "P-521", size: 66, hash: "sha512" },
] as const;
const curve = (crv: string) => CURVES.find((c) => c.crv === crv)!;

/** Made by node:crypto sign(hash, MESSAGE, { key, dsaEncoding: "der" }); `jose` checked with dsaEncoding "ieee-p1363". */
const VECTORS = [
  {
    crv: "P-256",
    case: "r shorter than the curve (leading zero in r||s)",
    jwk: { kty: "EC", x: "-nF1ybteGT72CZeYTO5EcVowXtnZog5eMc1fZKSpgQk", y: "a-NhlAsNwqUee5kKs4x-oQgb27yo_gy7d4GfMzroQeU", crv: "P-256" },
    der: "3044021f4b464fc7de95d20ffff42e001c3ae0fedf85d27b8399e9af8d949106dbf1d3022100a8af65d9150c3aef2c691078ce1e27f06cd3f97ddf5b34335bdf5424518f28bd",
    jose: "004b464fc7de95d20ffff42e001c3ae0fedf85d27b8399e9af8d949106dbf1d3a8af65d9150c3aef2c691078ce1e27f06cd3f97ddf5b34335bdf5424518f28bd",
  },
  {
    crv: "P-256",
    case: "an integer with a 0x00 sign byte in DER",
    jwk: { kty: "EC", x: "-nF1ybteGT72CZeYTO5EcVowXtnZog5eMc1fZKSpgQk", y: "a-NhlAsNwqUee5kKs4x-oQgb27yo_gy7d4GfMzroQeU", crv: "P-256" },
    der: "3046022100a23c6217cc7c51b4e387fe44aba5bcd13d836bbe4498b6cdfa66a422680f3bb3022100ff98fee44bd275e76dcbd2d7f8161e65c3657fd972a9ca077374c0ab050ab427",
    jose: "a23c6217cc7c51b4e387fe44aba5bcd13d836bbe4498b6cdfa66a422680f3bb3ff98fee44bd275e76dcbd2d7f8161e65c3657fd972a9ca077374c0ab050ab427",
  },
  {
    crv: "P-384",
    case: "r shorter than the curve (leading zero in r||s)",
    jwk: {
      kty: "EC",
      x: "kBuQ9pjgFCSm-zVRtKh3XCNO7_QlrdcPabXUNIAJf1CNKmTct5jdx-Aw-zDvFegz",
      y: "8S3iZR4S-AEL8irX51mA-nx9ELmSGNUX_Jr5HgAppvPujprEYeRZC2HWUMwq83z6",
      crv: "P-384",
    },
    der: "3063022f63e559a441a15034316fda5f31584f58b0aa96a0ed9f58306249840a10cb188d0d0c50e2082be12b1db122fbbf41bb0230618a26b808cfe742be533b3b056565cd27875757eeb2bc252a9aff4cc604343989d545d4edbe99bf813d63929fe706e0",
    jose: "0063e559a441a15034316fda5f31584f58b0aa96a0ed9f58306249840a10cb188d0d0c50e2082be12b1db122fbbf41bb618a26b808cfe742be533b3b056565cd27875757eeb2bc252a9aff4cc604343989d545d4edbe99bf813d63929fe706e0",
  },
  {
    crv: "P-384",
    case: "an integer with a 0x00 sign byte in DER",
    jwk: {
      kty: "EC",
      x: "kBuQ9pjgFCSm-zVRtKh3XCNO7_QlrdcPabXUNIAJf1CNKmTct5jdx-Aw-zDvFegz",
      y: "8S3iZR4S-AEL8irX51mA-nx9ELmSGNUX_Jr5HgAppvPujprEYeRZC2HWUMwq83z6",
      crv: "P-384",
    },
    der: "3065023100b83eb9df8167dee632bd6d12ae9acf12f821a22aa94d44fdc61d666dc473ed6deeb50d82305a1d457b73a62649a816f0023073ee00348cb9cdada9dcd65682e0dba1e642681a55d010da3c6a990e07a27a40bbfabee6c7737f7e527ba9e8c2c71607",
    jose: "b83eb9df8167dee632bd6d12ae9acf12f821a22aa94d44fdc61d666dc473ed6deeb50d82305a1d457b73a62649a816f073ee00348cb9cdada9dcd65682e0dba1e642681a55d010da3c6a990e07a27a40bbfabee6c7737f7e527ba9e8c2c71607",
  },
  {
    crv: "P-521",
    case: "r shorter than the curve (leading zero in r||s)",
    jwk: {
      kty: "EC",
      x: "ATaLZHd01FbottlcLdNemPOQi7be5Sb169oSWsVtUM3cT6rYa72zFEUK86EuLmDud4KXy8wnG4wxlZek5ied-bzb",
      y: "AK5_-36qDW3CNFlnAgwRgeYmiLbKDtSAyh1solFzyy77j40uuSd-nnQYljkbdkYU3FSE-OxxbHydm2B7nFqko6u7",
      crv: "P-521",
    },
    der: "308186024109f0537ab4f9a461a5051f4564238ce1a485ba73815cbfb52f89fbbc4777be7b0b58c8c90c11ec58a1320aea3a10c53cfaf65349ee38559aad7ac89cd37a7bc9090241245d3508da3c1b76eaa316a9454d16bd2a423d73bd8d8e1aabf8a5ee964f88b8fcd1cd08f4f3e5feeb4532daee5ae92ca941c36c9c7ea2dae78abdd2c7fd3cef14",
    jose: "0009f0537ab4f9a461a5051f4564238ce1a485ba73815cbfb52f89fbbc4777be7b0b58c8c90c11ec58a1320aea3a10c53cfaf65349ee38559aad7ac89cd37a7bc90900245d3508da3c1b76eaa316a9454d16bd2a423d73bd8d8e1aabf8a5ee964f88b8fcd1cd08f4f3e5feeb4532daee5ae92ca941c36c9c7ea2dae78abdd2c7fd3cef14",
  },
];

describe("derToJoseEcdsa", () => {
  test.each(VECTORS)("$crv: $case", ({ crv, jwk, der, jose }) => {
    const { size, hash } = curve(crv);
    const out = Buffer.from(derToJoseEcdsa(Buffer.from(der, "hex"), size));
    expect(out.toString("hex")).toBe(jose);
    expect(out.length).toBe(2 * size);
    expect(verify(hash, MESSAGE, { key: createPublicKey({ key: jwk, format: "jwk" }), dsaEncoding: "ieee-p1363" }, out)).toBe(true);
  });

  test.each(CURVES)("$crv: fresh DER signatures convert to r||s that verify", ({ crv, size, hash }) => {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: crv });
    for (let i = 0; i < 50; i++) {
      const der = sign(hash, MESSAGE, { key: privateKey, dsaEncoding: "der" });
      const jose = derToJoseEcdsa(der, size);
      expect(jose.length).toBe(2 * size);
      expect(verify(hash, MESSAGE, { key: publicKey, dsaEncoding: "ieee-p1363" }, jose)).toBe(true);
    }
  });

  test("refuses what is not a DER ECDSA signature, or one of a larger curve", () => {
    const p256 = Buffer.from(VECTORS[0]!.der, "hex");
    expect(() => derToJoseEcdsa(Buffer.from("00", "hex"), 32)).toThrow(/no SEQUENCE/);
    expect(() => derToJoseEcdsa(p256.subarray(0, p256.length - 1), 32)).toThrow();
    expect(() => derToJoseEcdsa(Buffer.concat([p256, Buffer.from([0])]), 32)).toThrow();
    expect(() => derToJoseEcdsa(Buffer.from("3006020101020181", "hex"), 32)).toThrow(); // negative s
    expect(() => derToJoseEcdsa(Buffer.from("3003020101", "hex"), 32)).toThrow();
    const p384 = VECTORS.find((v) => v.crv === "P-384")!;
    expect(() => derToJoseEcdsa(Buffer.from(p384.der, "hex"), 32)).toThrow();
  });
});
