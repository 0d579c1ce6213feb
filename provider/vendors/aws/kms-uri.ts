/**
 * AWS KMS key URIs, in the style of smallstep's `awskms` URIs (go.step.sm/crypto/kms/awskms), and what they ask
 * of KMS. Pure: no SDK, no I/O.
 *
 * - `awskms:key-id=<key id or key ARN>;region=<region>` adopts an existing key;
 * - `awskms:alias=<name>;region=<region>` creates the key under that alias, or adopts the key the alias names;
 * - query attributes: `endpoint=` (another KMS endpoint; plain http for loopback hosts only, e.g. a test server),
 *   `profile=` (a profile of the SDK's shared config), `pending-window-days=` (7-30, default 30: the wait before a
 *   deleted key is gone), `key-spec=` (RSA_2048, RSA_3072 or RSA_4096 for RS* and PS* keys; default RSA_2048).
 *
 * The region is part of the key's name (the same alias in two regions is two keys), so it is in the URI, or in
 * the key's ARN; never taken from the environment. Credentials are never in the URI: the SDK's default chain
 * (environment, shared config and its `profile`, SSO, instance or task role) provides them.
 *
 * @see https://pkg.go.dev/go.step.sm/crypto/kms/awskms
 * @see https://docs.aws.amazon.com/kms/latest/developerguide/asymmetric-key-specs.html
 */
import type { InputFailure } from "../../errors";
import { readAwsUri, REGION, sdkSettings } from "./uri-reader";

export const AWS_KMS_SCHEME = "awskms";

/** What one JOSE algorithm is in KMS: the key specs that can hold it and the signing algorithm. */
interface KmsAlgorithm {
  keySpecs: readonly string[];
  signingAlgorithm: string;
  /** Bytes of r and of s in the JOSE signature (ECDSA only). */
  ecdsaSize?: number;
}

const RSA_SPECS = ["RSA_2048", "RSA_3072", "RSA_4096"] as const;

/** The algorithms this backend serves. EdDSA is not among them (see SUPPORTED_ALGS). */
const ALGORITHMS: Readonly<Record<string, KmsAlgorithm>> = {
  ES256: { keySpecs: ["ECC_NIST_P256"], signingAlgorithm: "ECDSA_SHA_256", ecdsaSize: 32 },
  ES384: { keySpecs: ["ECC_NIST_P384"], signingAlgorithm: "ECDSA_SHA_384", ecdsaSize: 48 },
  ES512: { keySpecs: ["ECC_NIST_P521"], signingAlgorithm: "ECDSA_SHA_512", ecdsaSize: 66 },
  RS256: { keySpecs: RSA_SPECS, signingAlgorithm: "RSASSA_PKCS1_V1_5_SHA_256" },
  RS384: { keySpecs: RSA_SPECS, signingAlgorithm: "RSASSA_PKCS1_V1_5_SHA_384" },
  RS512: { keySpecs: RSA_SPECS, signingAlgorithm: "RSASSA_PKCS1_V1_5_SHA_512" },
  // KMS's RSASSA-PSS uses a salt as long as the digest, which is what RFC 7518 section 3.5 requires.
  PS256: { keySpecs: RSA_SPECS, signingAlgorithm: "RSASSA_PSS_SHA_256" },
  PS384: { keySpecs: RSA_SPECS, signingAlgorithm: "RSASSA_PSS_SHA_384" },
  PS512: { keySpecs: RSA_SPECS, signingAlgorithm: "RSASSA_PSS_SHA_512" },
};

export const SUPPORTED_ALGS = Object.keys(ALGORITHMS);

/** Largest message KMS signs as `MessageType: RAW`; longer ones would need DIGEST, which this backend never uses. */
export const MAX_RAW_MESSAGE_BYTES = 4096;

export const DEFAULT_PENDING_WINDOW_DAYS = 30;

/** A checked `awskms:` URI: which key, where, and how to reach it. */
export interface AwsKmsKeyAddress {
  /** The key id or key ARN of an adopted key (exactly one of keyId and alias). */
  keyId?: string;
  /** The full alias name, `alias/<name>`, of a key created or adopted by alias. */
  alias?: string;
  region: string;
  endpoint?: string;
  profile?: string;
  pendingWindowDays: number;
  /** The key spec CreateKey asks for. */
  keySpec: string;
  /** The signing algorithm Sign uses. */
  signingAlgorithm: string;
  /** Bytes of r and of s in a JOSE ECDSA signature; absent for RSA. */
  ecdsaSize?: number;
}

const ATTRIBUTES = {
  path: new Set(["key-id", "alias", "region", "profile"]),
  query: new Set(["region", "profile", "endpoint", "pending-window-days", "key-spec"]),
  takes: 'an awskms URI takes key-id or alias, and region, profile (before "?"), and endpoint, pending-window-days, key-spec (after "?")',
};

const KEY_ID = /^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;
const KEY_ARN = /^arn:aws[a-z-]*:kms:([a-z0-9-]+):\d{12}:key\/(mrk-[0-9a-f]{32}|[0-9a-f-]{36})$/;
const ALIAS_NAME = /^[A-Za-z0-9/_-]{1,250}$/;

/** The KMS key spec and signing algorithm for an algorithm, or undefined when this backend cannot hold it. */
export function kmsAlgorithm(alg: string): KmsAlgorithm | undefined {
  return Object.hasOwn(ALGORITHMS, alg) ? ALGORITHMS[alg] : undefined;
}

/**
 * Reads an `awskms:` URI for a key of algorithm `alg`: the address, or every failure (by `path`), each naming
 * the attribute, never its value.
 */
export function parseAwsKmsUri(uri: string, alg: string, path: string): AwsKmsKeyAddress | InputFailure[] {
  const reader = readAwsUri(uri, path, AWS_KMS_SCHEME, ATTRIBUTES);
  if (Array.isArray(reader)) return reader;
  const { parsed, failures, fail, either } = reader;

  const algorithm = kmsAlgorithm(alg);
  if (!algorithm) {
    fail(
      `AWS KMS keys here serve ${SUPPORTED_ALGS.join(", ")}, not ${alg}` +
        (alg === "EdDSA" ? " (no Ed25519 key for JOSE signing in this backend: choose ES256 or another listed algorithm)" : ""),
    );
  }

  const keyId = parsed.path["key-id"];
  const aliasValue = parsed.path.alias;
  let alias: string | undefined;
  let arnRegion: string | undefined;
  if (keyId === undefined && aliasValue === undefined)
    fail("names no key: give key-id=<key id or ARN> (adopt) or alias=<name> (create or adopt)");
  if (keyId !== undefined && aliasValue !== undefined) fail("give key-id or alias, not both");
  if (keyId !== undefined) {
    const arn = KEY_ARN.exec(keyId);
    if (arn) arnRegion = arn[1];
    else if (!KEY_ID.test(keyId)) {
      fail(
        keyId.startsWith("alias/") || keyId.includes(":alias/")
          ? 'attribute "key-id" names an alias: use alias=<name> instead'
          : 'attribute "key-id" is neither a KMS key id (a UUID or mrk-...) nor a key ARN (arn:aws:kms:<region>:<account>:key/<id>)',
      );
    }
  }
  if (aliasValue !== undefined) {
    const name = aliasValue.startsWith("alias/") ? aliasValue.slice("alias/".length) : aliasValue;
    if (!ALIAS_NAME.test(name)) fail('attribute "alias" must be 1-250 letters, digits, "/", "_" or "-" (an optional alias/ prefix aside)');
    else if (name.startsWith("aws/")) fail('attribute "alias" is in the alias/aws/ namespace, which AWS reserves for its own keys');
    else alias = `alias/${name}`;
  }

  const region = either("region");
  if (region !== undefined && !REGION.test(region)) fail('attribute "region" is not an AWS region name (e.g. eu-west-1)');
  if (region !== undefined && arnRegion !== undefined && region !== arnRegion)
    fail('attribute "region" differs from the region of the key ARN');
  if (region === undefined && arnRegion === undefined) {
    fail("names no region: add region=<region> (the same alias or key id in two regions is two keys, so the URI says which)");
  }

  const { profile, endpoint } = sdkSettings(reader);

  let pendingWindowDays = DEFAULT_PENDING_WINDOW_DAYS;
  const window = parsed.query["pending-window-days"];
  if (window !== undefined) {
    if (!/^\d{1,2}$/.test(window) || Number(window) < 7 || Number(window) > 30) {
      fail('attribute "pending-window-days" must be a whole number of days from 7 to 30 (what ScheduleKeyDeletion accepts)');
    } else pendingWindowDays = Number(window);
  }

  let keySpec = algorithm?.keySpecs[0];
  const spec = parsed.query["key-spec"];
  if (spec !== undefined && algorithm) {
    if (!algorithm.keySpecs.includes(spec)) fail(`attribute "key-spec" must be ${algorithm.keySpecs.join(" or ")} for ${alg}`);
    else keySpec = spec;
  }

  if (failures.length > 0 || !algorithm || !keySpec) return failures;
  const address: AwsKmsKeyAddress = {
    region: (region ?? arnRegion) as string,
    pendingWindowDays,
    keySpec,
    signingAlgorithm: algorithm.signingAlgorithm,
  };
  if (keyId !== undefined) address.keyId = keyId;
  if (alias !== undefined) address.alias = alias;
  if (endpoint !== undefined) address.endpoint = endpoint;
  if (profile !== undefined) address.profile = profile;
  if (algorithm.ecdsaSize !== undefined) address.ecdsaSize = algorithm.ecdsaSize;
  return address;
}

/** The tag a key made by a rotation carries: the ARN of the key it replaces (how a retried rotation finds it). */
export const REPLACES_TAG = "pulumi-jwk:replaces";

/**
 * What CreateKey is sent for an address: a non-exportable signing key of the address's spec, tagged with its
 * alias and, for a key made by a rotation, with the key it `replaces`.
 */
export function createKeyInput(
  address: AwsKmsKeyAddress,
  alg: string,
  replaces?: string,
): { KeySpec: string; KeyUsage: "SIGN_VERIFY"; Description: string; Tags: { TagKey: string; TagValue: string }[] } {
  const tags = [{ TagKey: "pulumi-jwk:alias", TagValue: address.alias ?? "" }];
  if (replaces !== undefined) tags.push({ TagKey: REPLACES_TAG, TagValue: replaces });
  return {
    KeySpec: address.keySpec,
    KeyUsage: "SIGN_VERIFY",
    Description: `pulumi-jwk ${alg} signing key (${address.alias ?? "adopted"}${replaces !== undefined ? `, replacing ${replaces}` : ""})`,
    Tags: tags,
  };
}

/** The KeyId every other KMS call takes: the key id or ARN, or the alias name. */
export function kmsKeyId(address: AwsKmsKeyAddress): string {
  return (address.keyId ?? address.alias) as string;
}

/**
 * Whether a public JWK is a key of the algorithm's kind (curve for ECDSA, RSA for RS and PS): an adopted key or an
 * alias pointing at a key of another kind must not be published under this algorithm.
 */
export function jwkMatches(jwk: { kty?: unknown; crv?: unknown }, alg: string): boolean {
  const spec = kmsAlgorithm(alg)?.keySpecs[0];
  if (spec === "ECC_NIST_P256") return jwk.kty === "EC" && jwk.crv === "P-256";
  if (spec === "ECC_NIST_P384") return jwk.kty === "EC" && jwk.crv === "P-384";
  if (spec === "ECC_NIST_P521") return jwk.kty === "EC" && jwk.crv === "P-521";
  return spec !== undefined && jwk.kty === "RSA";
}
