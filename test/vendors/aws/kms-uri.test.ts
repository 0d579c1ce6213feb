/**
 * awskms URIs: what each names and asks of KMS (key id or alias, region, endpoint, profile, pending window, key
 * spec, signing algorithm), and every refusal at preview: EdDSA (naming what is supported), unknown attributes
 * (named), secrets in the URI, http to a non-loopback endpoint, a missing region, a window outside 7-30 days.
 */
import { describe, expect, test } from "vitest";
import { awsKmsBackend } from "../../../provider/vendors/aws/kms";
import { createKeyInput, jwkMatches, kmsAlgorithm, parseAwsKmsUri, SUPPORTED_ALGS } from "../../../provider/vendors/aws/kms-uri";

const ARN = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
const failures = (uri: string, alg = "ES256") => awsKmsBackend.requestFailures({ uri, alg }, "keyUri");
const reasons = (uri: string, alg = "ES256") => failures(uri, alg).map((f) => f.reason);

describe("parseAwsKmsUri", () => {
  test("an alias to create or adopt, with its region; defaults: 30-day window, the algorithm's key spec", () => {
    expect(parseAwsKmsUri("awskms:alias=jwk-signing;region=eu-west-1", "ES256", "keyUri")).toEqual({
      alias: "alias/jwk-signing",
      region: "eu-west-1",
      pendingWindowDays: 30,
      keySpec: "ECC_NIST_P256",
      signingAlgorithm: "ECDSA_SHA_256",
      ecdsaSize: 32,
    });
    expect(parseAwsKmsUri("awskms:alias=alias/team/jwk;region=us-east-1", "ES384", "k")).toMatchObject({
      alias: "alias/team/jwk",
      keySpec: "ECC_NIST_P384",
    });
  });

  test("a key id or a key ARN to adopt; the ARN gives the region; endpoint, profile, window and key spec after ?", () => {
    expect(
      parseAwsKmsUri(
        "awskms:key-id=1234abcd-12ab-34cd-56ef-1234567890ab;region=eu-west-1?endpoint=http://127.0.0.1:4566&profile=ci&pending-window-days=7&key-spec=RSA_3072",
        "PS256",
        "keyUri",
      ),
    ).toEqual({
      keyId: "1234abcd-12ab-34cd-56ef-1234567890ab",
      region: "eu-west-1",
      endpoint: "http://127.0.0.1:4566",
      profile: "ci",
      pendingWindowDays: 7,
      keySpec: "RSA_3072",
      signingAlgorithm: "RSASSA_PSS_SHA_256",
    });
    expect(parseAwsKmsUri(`awskms:key-id=${ARN}`, "RS256", "keyUri")).toMatchObject({
      keyId: ARN,
      region: "eu-west-1",
      keySpec: "RSA_2048",
    });
    expect(parseAwsKmsUri(`awskms:key-id=${encodeURIComponent(ARN)};region=eu-west-1`, "RS256", "keyUri")).toMatchObject({ keyId: ARN });
    expect(parseAwsKmsUri("awskms:alias=a;region=eu-west-1?endpoint=https://kms.internal.example", "ES256", "k")).toMatchObject({
      endpoint: "https://kms.internal.example",
    });
  });

  test("every JOSE algorithm maps to its key specs and signing algorithm (RAW messages, never DIGEST)", () => {
    expect(SUPPORTED_ALGS).toEqual(["ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512"]);
    expect(kmsAlgorithm("ES512")).toEqual({ keySpecs: ["ECC_NIST_P521"], signingAlgorithm: "ECDSA_SHA_512", ecdsaSize: 66 });
    expect(kmsAlgorithm("RS384")).toEqual({
      keySpecs: ["RSA_2048", "RSA_3072", "RSA_4096"],
      signingAlgorithm: "RSASSA_PKCS1_V1_5_SHA_384",
    });
    expect(kmsAlgorithm("PS512")?.signingAlgorithm).toBe("RSASSA_PSS_SHA_512");
    expect(kmsAlgorithm("EdDSA")).toBeUndefined();
    expect(kmsAlgorithm("toString")).toBeUndefined();
  });

  test("CreateKey asks for a non-exportable signing key of the spec, tagged with its alias", () => {
    const address = parseAwsKmsUri("awskms:alias=jwk;region=eu-west-1?key-spec=RSA_4096", "RS512", "k");
    expect(Array.isArray(address)).toBe(false);
    expect(createKeyInput(address as Exclude<typeof address, unknown[]>, "RS512")).toEqual({
      KeySpec: "RSA_4096",
      KeyUsage: "SIGN_VERIFY",
      Description: "pulumi-jwk RS512 signing key (alias/jwk)",
      Tags: [{ TagKey: "pulumi-jwk:alias", TagValue: "alias/jwk" }],
    });
  });

  test("a public JWK matches an algorithm only when it is of its kind", () => {
    expect(jwkMatches({ kty: "EC", crv: "P-256" }, "ES256")).toBe(true);
    expect(jwkMatches({ kty: "EC", crv: "P-384" }, "ES256")).toBe(false);
    expect(jwkMatches({ kty: "RSA" }, "PS256")).toBe(true);
    expect(jwkMatches({ kty: "EC", crv: "P-521" }, "RS256")).toBe(false);
  });
});

describe("requestFailures", () => {
  test("a good URI has none", () => {
    expect(failures("awskms:alias=jwk;region=eu-west-1")).toEqual([]);
  });

  test("EdDSA is refused, naming the algorithms the backend serves", () => {
    expect(failures("awskms:alias=jwk;region=eu-west-1", "EdDSA")).toEqual([
      {
        property: "keyUri",
        reason:
          "AWS KMS keys here serve ES256, ES384, ES512, RS256, RS384, RS512, PS256, PS384, PS512, not EdDSA (no Ed25519 key for JOSE signing in this backend: choose ES256 or another listed algorithm)",
      },
    ]);
    expect(reasons("awskms:alias=jwk;region=eu-west-1", "HS256")[0]).toMatch(/serve ES256, .*, not HS256$/);
  });

  test("unknown attributes are refused, naming them (and not their values)", () => {
    const r = reasons("awskms:alias=jwk;region=eu-west-1;colour=blue?shade=dark-secret-looking");
    expect(r).toHaveLength(1);
    expect(r[0]).toMatch(/^unknown attributes "colour", "shade"; an awskms URI takes key-id or alias/);
    expect(r[0]).not.toContain("dark-secret-looking");
  });

  test("a secret in the URI is refused by name, once", () => {
    const r = reasons("awskms:alias=jwk;region=eu-west-1?secret-access-key=abc123");
    expect(r).toHaveLength(1);
    expect(r[0]).toMatch(/attribute "secret-access-key" would put a secret in the URI/);
    expect(r.join()).not.toContain("abc123");
  });

  test.each([
    ["awskms:region=eu-west-1", /names no key/],
    ["awskms:alias=a;key-id=1234abcd-12ab-34cd-56ef-1234567890ab;region=eu-west-1", /key-id or alias, not both/],
    ["awskms:alias=jwk", /names no region/],
    ["awskms:alias=jwk;region=Europe", /not an AWS region/],
    [`awskms:key-id=${ARN};region=us-east-1`, /differs from the region of the key ARN/],
    ["awskms:key-id=alias/jwk;region=eu-west-1", /names an alias: use alias=/],
    ["awskms:key-id=nope;region=eu-west-1", /neither a KMS key id/],
    ["awskms:alias=aws/ebs;region=eu-west-1", /reserves for its own keys/],
    ["awskms:alias=a b;region=eu-west-1", /must be 1-250 letters/],
    ["awskms:alias=jwk;region=eu-west-1?region=eu-west-1", /given both before and after/],
    ["awskms:alias=jwk;region=eu-west-1?endpoint=http://kms.example.com", /must be https \(plain http is allowed for loopback hosts only/],
    ["awskms:alias=jwk;region=eu-west-1?endpoint=not a url", /not a URL/],
    ["awskms:alias=jwk;region=eu-west-1?endpoint=https://u:p@kms.example.com", /carries credentials/],
    ["awskms:alias=jwk;region=eu-west-1?pending-window-days=6", /from 7 to 30/],
    ["awskms:alias=jwk;region=eu-west-1?pending-window-days=31", /from 7 to 30/],
    ["awskms:alias=jwk;region=eu-west-1?key-spec=RSA_2048", /must be ECC_NIST_P256 for ES256/],
    ["vault-transit:alias=jwk;region=eu-west-1", /scheme is "vault-transit", not awskms/],
    ["awskms:alias", /not name=value/],
  ])("%s is refused", (uri, reason) => {
    expect(reasons(uri)).toEqual(expect.arrayContaining([expect.stringMatching(reason)]));
  });
});
