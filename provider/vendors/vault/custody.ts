/**
 * Vault / OpenBao transit as a custody backend (`vault-transit:`): keys generated inside transit, never
 * exportable, signed with where they live. The URI, in the style of smallstep's KMS URIs (path attributes name
 * the key, query attributes say how to reach it):
 *
 *     vault-transit:name=jwk-signing;mount=transit?address=https://vault.example:8200&token-source=env:VAULT_TOKEN
 *
 * - `name` (required): the transit key name; `mount` (default `transit`): the engine's mount path;
 *   `namespace` (Vault Enterprise / OpenBao namespaces, sent as a path prefix); `version`: pin one key version
 *   (default: the latest).
 * - `address` (required): the server's base URL (https, or http to a loopback host only);
 *   `token-source` (default `env:VAULT_TOKEN`): where to read the token, `env:NAME` or `file:/path`. A `token=`
 *   value is refused by the URI parser: the URI is stored in state.
 *
 * Transit keeps deleted keys unless `deletion_allowed` was set on the key, so this backend has no delayed
 * deletion: destroying a `Jwk` keeps the key (and says so). ECDSA signatures are asked in ASN.1 DER (transit's
 * `jws` marshaling gives r||s on P-256 only) and converted to JOSE r||s here.
 *
 * @see https://openbao.org/api-docs/secret/transit/
 * @see https://developer.hashicorp.com/vault/api-docs/secret/transit
 */
import { createPublicKey } from "node:crypto";
import { JwkInputError, isHttpError, type InputFailure } from "../../errors";
import type { PublicJwk } from "../../core/keys/material";
import { jwkThumbprint } from "../../core/keys/thumbprint";
import { callOptions, HttpClient, type AuthStrategy } from "../../http/send";
import { credentialTransportProblem } from "../../http/transport";
import { derToJose, ECDSA_OCTETS } from "../../custody/signature";
import type { CustodyBackend, CustodyContext, CustodyKey, CustodyRequest, KeyCreator, KeyRotator, KeySigner } from "../../custody/types";
import { keyUriFailures, parseKeyUri, readSource } from "../../custody/uri";

export const VAULT_TRANSIT_SCHEME = "vault-transit";

/** What transit can hold for each JWA signing algorithm: its key types and the hash it signs with. */
const ALGORITHMS: Readonly<Record<string, { types: readonly string[]; hash?: string; pss?: boolean }>> = {
  ES256: { types: ["ecdsa-p256"], hash: "sha2-256" },
  ES384: { types: ["ecdsa-p384"], hash: "sha2-384" },
  ES512: { types: ["ecdsa-p521"], hash: "sha2-512" },
  RS256: { types: ["rsa-2048", "rsa-3072", "rsa-4096"], hash: "sha2-256" },
  RS384: { types: ["rsa-2048", "rsa-3072", "rsa-4096"], hash: "sha2-384" },
  RS512: { types: ["rsa-2048", "rsa-3072", "rsa-4096"], hash: "sha2-512" },
  PS256: { types: ["rsa-2048", "rsa-3072", "rsa-4096"], hash: "sha2-256", pss: true },
  PS384: { types: ["rsa-2048", "rsa-3072", "rsa-4096"], hash: "sha2-384", pss: true },
  PS512: { types: ["rsa-2048", "rsa-3072", "rsa-4096"], hash: "sha2-512", pss: true },
  EdDSA: { types: ["ed25519"] },
  Ed25519: { types: ["ed25519"] },
};

/** JWA algorithms a transit key can serve. */
export const VAULT_TRANSIT_ALGORITHMS = Object.keys(ALGORITHMS);

const PATH_ATTRIBUTES = ["name", "mount", "namespace", "version"];
const QUERY_ATTRIBUTES = ["address", "token-source"];
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

interface TransitUri {
  name: string;
  mount: string;
  namespace?: string | undefined;
  version?: number | undefined;
  address: string;
  tokenSource: string;
}

/** The key type to create for a request. */
function keyTypeFor(request: CustodyRequest): string | undefined {
  const spec = ALGORITHMS[request.alg];
  if (!spec) return undefined;
  if (spec.types[0]?.startsWith("rsa-")) return `rsa-${request.modulusLength ?? 2048}`;
  return spec.types[0];
}

/** Failures of the query attributes that say how to reach the server: `address` and `token-source` (shared with vault-kv). */
export function reachFailures(query: Record<string, string>, path: string): InputFailure[] {
  const f: InputFailure[] = [];
  const address = query.address;
  if (address === undefined) f.push({ property: path, reason: "needs ?address=<server URL>, e.g. ?address=https://vault.example:8200" });
  else {
    let u: URL | undefined;
    try {
      u = new URL(address);
    } catch {
      // reported below
    }
    if (!u || (u.protocol !== "https:" && u.protocol !== "http:"))
      f.push({ property: path, reason: "address is not an absolute http(s) URL" });
    else if (u.username || u.password || u.search || u.hash)
      f.push({ property: path, reason: "address must be the server's base URL, without credentials, query or fragment" });
    else {
      const problem = credentialTransportProblem(u);
      if (problem) f.push({ property: path, reason: `address: ${problem}` });
    }
  }
  const source = query["token-source"];
  if (source !== undefined && !/^(env:[A-Za-z_][A-Za-z0-9_]*|file:\/.+)$/.test(source))
    f.push({ property: path, reason: "token-source must be env:NAME or file:/absolute/path" });
  return f;
}

function uriFailures(uri: string, path: string): InputFailure[] {
  const f = keyUriFailures(uri, path);
  if (f.length > 0) return f;
  const parsed = parseKeyUri(uri);
  if ("reason" in parsed) return [{ property: path, reason: parsed.reason }];
  if (parsed.scheme !== VAULT_TRANSIT_SCHEME) return [{ property: path, reason: `not a ${VAULT_TRANSIT_SCHEME}: URI` }];
  for (const a of Object.keys(parsed.path))
    if (!PATH_ATTRIBUTES.includes(a))
      f.push({
        property: path,
        reason: `unknown attribute "${a}" before "?"; ${VAULT_TRANSIT_SCHEME} takes ${PATH_ATTRIBUTES.join(", ")}`,
      });
  for (const a of Object.keys(parsed.query))
    if (!QUERY_ATTRIBUTES.includes(a))
      f.push({
        property: path,
        reason: `unknown attribute "${a}" after "?"; ${VAULT_TRANSIT_SCHEME} takes ${QUERY_ATTRIBUTES.join(", ")}`,
      });
  const { name, mount, namespace, version } = parsed.path;
  if (name === undefined)
    f.push({ property: path, reason: `needs name=<transit key name>, e.g. ${VAULT_TRANSIT_SCHEME}:name=jwk-signing` });
  else if (!SEGMENT.test(name)) f.push({ property: path, reason: "name must be a transit key name (letters, digits, _ . -)" });
  for (const [a, v] of [
    ["mount", mount],
    ["namespace", namespace],
  ] as const)
    if (v !== undefined && !v.split("/").every((s) => SEGMENT.test(s)))
      f.push({ property: path, reason: `${a} must be a path of names (letters, digits, _ . -) separated by /` });
  if (version !== undefined && !/^[1-9][0-9]*$/.test(version)) f.push({ property: path, reason: "version must be a positive integer" });
  f.push(...reachFailures(parsed.query, path));
  return f;
}

function transitUri(uri: string): TransitUri {
  const failures = uriFailures(uri, "keyUri");
  const parsed = parseKeyUri(uri);
  if (failures.length > 0 || "reason" in parsed) throw new JwkInputError(failures);
  const { name, mount, namespace, version } = parsed.path;
  return {
    name: name,
    mount: mount ?? "transit",
    namespace,
    version: version === undefined ? undefined : Number(version),
    address: parsed.query.address.replace(/\/+$/, ""),
    tokenSource: parsed.query["token-source"] ?? "env:VAULT_TOKEN",
  };
}

/** Vault's error bodies: `{"errors": ["..."]}`. */
export function vaultError(body: unknown): { message?: string } {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  const messages = Array.isArray(errors) ? errors.filter((e): e is string => typeof e === "string" && e.length > 0) : [];
  return messages.length > 0 ? { message: messages.join("; ") } : {};
}

export function tokenAuth(source: string): AuthStrategy {
  let token: string | undefined;
  return {
    async authorization() {
      if (token === undefined) {
        const read = await readSource(source, "keyUri token-source");
        if (typeof read !== "string") throw new JwkInputError([{ property: "keyUri", reason: read.reason }]);
        token = read;
      }
      // Vault and OpenBao take the token as a bearer token as well as in X-Vault-Token.
      return `Bearer ${token}`;
    },
  };
}

function client(t: TransitUri, context: CustodyContext): HttpClient {
  const prefix = t.namespace ? `/${t.namespace}` : "";
  return new HttpClient({
    target: `${VAULT_TRANSIT_SCHEME} ${t.address} ${t.mount}/keys/${t.name}`,
    baseUrl: `${t.address}/v1${prefix}/${t.mount}`,
    auth: tokenAuth(t.tokenSource),
    errorBody: vaultError,
    ...callOptions(context),
  });
}

interface TransitKeyData {
  type?: string;
  latest_version?: number;
  keys?: Record<string, { public_key?: string } | number>;
}

/** The public JWK (bare members and the thumbprint as kid) of a transit key version's `public_key`. */
function publicJwkOf(type: string, publicKey: string): PublicJwk {
  const bare: Record<string, unknown> =
    type === "ed25519"
      ? { kty: "OKP", crv: "Ed25519", x: Buffer.from(publicKey, "base64").toString("base64url") }
      : createPublicKey(publicKey).export({ format: "jwk" });
  const members = bare.kty === "RSA" ? ["kty", "n", "e"] : bare.kty === "EC" ? ["kty", "crv", "x", "y"] : ["kty", "crv", "x"];
  const jwk = Object.fromEntries(members.map((m) => [m, bare[m]])) as PublicJwk;
  return { ...jwk, kid: jwkThumbprint(jwk) };
}

/** The key and its transit type, or undefined when transit has no key of that name. */
async function readKey(t: TransitUri, http: HttpClient): Promise<{ key: CustodyKey; type: string } | undefined> {
  let data: TransitKeyData;
  try {
    const r = await http.send({ operation: "read transit key", method: "GET", path: `keys/${t.name}`, expect: [200] });
    data = (r.body as { data?: TransitKeyData } | undefined)?.data ?? {};
  } catch (e) {
    if (isHttpError(e) && e.status === 404) return undefined;
    throw e;
  }
  const version = t.version ?? data.latest_version;
  const entry = version === undefined ? undefined : data.keys?.[String(version)];
  const publicKey = typeof entry === "object" ? entry.public_key : undefined;
  const type = data.type ?? "unknown";
  if (!Object.values(ALGORITHMS).some((a) => a.types.includes(type)))
    throw new JwkInputError([{ property: "keyUri", reason: `transit key ${t.name} is a ${type} key, not a signing key pair` }]);
  // A pinned version may be gone (min_available_version, trimmed versions).
  if (!publicKey) throw new JwkInputError([{ property: "keyUri", reason: `transit key ${t.name} has no version ${String(version)}` }]);
  return {
    key: {
      publicJwk: publicJwkOf(type, publicKey),
      reference: { backend: VAULT_TRANSIT_SCHEME, id: `${t.mount}/keys/${t.name}`, version: String(version) },
      state: "enabled",
    },
    type,
  };
}

/** A failure when a transit key of `type` cannot serve `alg`. */
function typeFailure(type: string | undefined, request: CustodyRequest): InputFailure | undefined {
  const spec = ALGORITHMS[request.alg];
  if (!spec || (type !== undefined && spec.types.includes(type))) return undefined;
  return { property: "keyUri", reason: `the transit key is ${String(type)}; alg ${request.alg} needs ${spec.types.join(" or ")}` };
}

export const vaultTransitBackend: CustodyBackend & KeyCreator & KeySigner & KeyRotator = {
  scheme: VAULT_TRANSIT_SCHEME,

  requestFailures(request, path) {
    const f = uriFailures(request.uri, path);
    if (!ALGORITHMS[request.alg]) {
      f.push({
        property: "alg",
        reason: `a ${VAULT_TRANSIT_SCHEME} key signs only: it can serve ${VAULT_TRANSIT_ALGORITHMS.join(", ")}, not ${JSON.stringify(request.alg)} (transit keys cannot be used for RSA-OAEP or ECDH-ES key management)`,
      });
    } else if (ALGORITHMS[request.alg]?.types[0]?.startsWith("rsa-") && request.modulusLength !== undefined) {
      if (![2048, 3072, 4096].includes(request.modulusLength))
        f.push({ property: "modulusLength", reason: `transit RSA keys have 2048, 3072 or 4096 bits, not ${request.modulusLength}` });
    }
    return f;
  },

  async describe(request, context) {
    const t = transitUri(request.uri);
    return (await readKey(t, client(t, context)))?.key;
  },

  async create(request, context) {
    const t = transitUri(request.uri);
    const http = client(t, context);
    // A second create on the same name also succeeds in transit (and changes nothing): read first, so an
    // existing key of another type is refused rather than silently used for the wrong algorithm.
    const existing = await readKey(t, http);
    if (existing) {
      const failure = typeFailure(existing.type, request);
      if (failure) throw new JwkInputError([failure]);
      context.log?.(`${VAULT_TRANSIT_SCHEME}: adopted the existing transit key ${t.mount}/keys/${t.name}`);
      return existing.key;
    }
    if (t.version !== undefined)
      throw new JwkInputError([
        { property: "keyUri", reason: `transit key ${t.name} does not exist; a version can only pin an existing key` },
      ]);
    const type = keyTypeFor(request);
    await http.send({
      operation: "create transit key",
      method: "POST",
      path: `keys/${t.name}`,
      body: { type, exportable: false, allow_plaintext_backup: false },
      expect: [200, 204],
      // Creating an existing name is a no-op in transit, so a repeat after an unclear failure is safe.
      idempotent: true,
    });
    const created = await readKey(t, http);
    if (!created) throw new JwkInputError([{ property: "keyUri", reason: `transit key ${t.name} was created but cannot be read back` }]);
    const failure = typeFailure(created.type, request);
    if (failure) throw new JwkInputError([failure]); // another writer made it first, with another type
    return created.key;
  },

  /**
   * `POST <mount>/keys/<name>/rotate`: a new version, which signs from now on (a URI without `version` signs
   * with the latest). Older versions stay in transit (never trimmed here). When the latest version is already
   * past `known` (a retried rotation, or a rotation by hand), that version is returned instead.
   */
  async rotateKey(request, known, context) {
    const t = transitUri(request.uri);
    if (t.version !== undefined)
      throw new JwkInputError([
        { property: "keyUri", reason: `pins version ${t.version} of transit key ${t.name}: remove version= to rotate it` },
      ]);
    const http = client(t, context);
    const before = await readKey(t, http);
    if (!before) throw new JwkInputError([{ property: "keyUri", reason: `transit key ${t.name} is gone; nothing to rotate` }]);
    const previous = `version ${known.version ?? "?"} stays in transit key ${t.name} (this package never trims versions: min_available_version, by hand)`;
    if (Number(before.key.reference.version) > Number(known.version ?? 0)) return { ...before.key, previous };
    // Not idempotent (each call adds a version): sent once; the read above makes a retried rotation a no-op.
    await http.send({ operation: "rotate transit key", method: "POST", path: `keys/${t.name}/rotate`, body: {}, expect: [200, 204] });
    const after = await readKey(t, http);
    if (!after) throw new JwkInputError([{ property: "keyUri", reason: `transit key ${t.name} was rotated but cannot be read back` }]);
    return { ...after.key, previous };
  },

  async sign(request, data, context) {
    const t = transitUri(request.uri);
    const spec = ALGORITHMS[request.alg];
    if (!spec) throw new JwkInputError([{ property: "alg", reason: `a ${VAULT_TRANSIT_SCHEME} key cannot sign ${request.alg}` }]);
    const body: Record<string, unknown> = { input: Buffer.from(data).toString("base64"), prehashed: false };
    if (t.version !== undefined) body.key_version = t.version;
    if (spec.types[0]?.startsWith("rsa-")) {
      body.signature_algorithm = spec.pss ? "pss" : "pkcs1v15";
      if (spec.pss) body.salt_length = "hash"; // RFC 7518 section 3.5: salt as long as the hash
    }
    if (spec.types[0]?.startsWith("ecdsa-")) body.marshaling_algorithm = "asn1";
    const r = await client(t, context).send({
      operation: "sign",
      method: "POST",
      path: `sign/${t.name}${spec.hash ? `/${spec.hash}` : ""}`,
      body,
      expect: [200],
      idempotent: true, // signing changes nothing
    });
    const signature = (r.body as { data?: { signature?: unknown } } | undefined)?.data?.signature;
    const match = typeof signature === "string" ? /^vault:v\d+:([A-Za-z0-9+/=]+)$/.exec(signature) : null;
    if (!match?.[1]) throw new Error(`${VAULT_TRANSIT_SCHEME} sign: the answer holds no vault:v<N>:<base64> signature`);
    const raw = new Uint8Array(Buffer.from(match[1], "base64"));
    const octets = ECDSA_OCTETS[request.alg];
    return octets === undefined ? raw : derToJose(raw, octets);
  },
};
