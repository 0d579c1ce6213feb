/**
 * `pkcs11:` key URIs (RFC 7512) and what they ask of a token. Pure: no addon, no I/O.
 *
 *     pkcs11:token=jwk;object=signing;id=%01%02?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=env:HSM_PIN
 *
 * - path (names the key): `token` (required, the token's label), `object` (required, the key pair's label),
 *   `id` (the key pair's CKA_ID, percent-encoded bytes; a new key gets a random 8-byte id when absent), `serial`
 *   (the token's serial number, when two tokens share a label), `type` (only `private`, RFC 7512's name for the
 *   half that signs);
 * - query (how to reach it): `module-path` (required, the PKCS#11 module's absolute path) and `pin-source`
 *   (required: `env:NAME` or `file:/path`, where the user PIN is read). A `pin-value` (or any other secret
 *   attribute) is refused by {@link keyUriFailures}, naming it: the URI is stored in state.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7512
 */
import type { InputFailure } from "../../errors";
import { keyUriFailures, parseKeyUri } from "../uri";

export const PKCS11_SCHEME = "pkcs11";

/** What one JWA algorithm needs of the token: the key type (and curve), and how it is signed. */
export interface Pkcs11Algorithm {
  keyType: "EC" | "RSA";
  /** The NIST curve of an EC key, as JWK `crv`. */
  crv?: "P-256" | "P-384" | "P-521";
  /** The hash: computed on the host for ECDSA (CKM_ECDSA signs a digest), by the token for RSA. */
  hash: "sha256" | "sha384" | "sha512";
  /** RSA padding; absent for ECDSA. */
  padding?: "pkcs1" | "pss";
}

const ALGORITHMS: Readonly<Record<string, Pkcs11Algorithm>> = {
  ES256: { keyType: "EC", crv: "P-256", hash: "sha256" },
  ES384: { keyType: "EC", crv: "P-384", hash: "sha384" },
  ES512: { keyType: "EC", crv: "P-521", hash: "sha512" },
  RS256: { keyType: "RSA", hash: "sha256", padding: "pkcs1" },
  RS384: { keyType: "RSA", hash: "sha384", padding: "pkcs1" },
  RS512: { keyType: "RSA", hash: "sha512", padding: "pkcs1" },
  PS256: { keyType: "RSA", hash: "sha256", padding: "pss" },
  PS384: { keyType: "RSA", hash: "sha384", padding: "pss" },
  PS512: { keyType: "RSA", hash: "sha512", padding: "pss" },
};

/** JWA algorithms a `pkcs11:` key can serve. */
export const PKCS11_ALGORITHMS = Object.keys(ALGORITHMS);

/** RSA modulus sizes a new key may have. */
const MODULUS_LENGTHS = [2048, 3072, 4096];

export const pkcs11Algorithm = (alg: string): Pkcs11Algorithm | undefined => ALGORITHMS[alg];

/** A checked `pkcs11:` URI. */
export interface Pkcs11Address {
  token: string;
  object: string;
  /** CKA_ID bytes, when the URI gives them. */
  id?: Buffer;
  serial?: string;
  modulePath: string;
  pinSource: string;
}

const PATH_ATTRIBUTES = ["token", "object", "id", "serial", "type"];
const QUERY_ATTRIBUTES = ["module-path", "pin-source"];

/**
 * The raw `id` of a URI's path, as bytes (RFC 7512: any bytes, percent-encoded; `decodeURIComponent` would
 * refuse those that are no UTF-8), and the URI with that value blanked for the generic parser.
 */
function splitId(uri: string): { id?: Buffer | string; rest: string } {
  const q = uri.indexOf("?");
  const path = q < 0 ? uri : uri.slice(0, q);
  const m = /([:;])id=([^;]*)/.exec(path);
  if (!m) return { rest: uri };
  const raw = m[2] ?? "";
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === "%") {
      const hex = raw.slice(i + 1, i + 3);
      if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return { id: 'attribute "id" has a malformed percent-encoding', rest: uri };
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(raw[i] ?? "", "utf8"));
  }
  const start = m.index + 1;
  return { id: Buffer.from(bytes), rest: `${uri.slice(0, start)}id=x${uri.slice(start + 3 + raw.length)}` };
}

/** The address a URI names, or every failure (by `path`), each naming the attribute, never a value. */
export function parsePkcs11Uri(uri: string, path: string): Pkcs11Address | InputFailure[] {
  const { id, rest } = splitId(uri);
  if (typeof id === "string") return [{ property: path, reason: id }];
  const f = keyUriFailures(rest, path);
  if (f.length > 0) return f;
  const parsed = parseKeyUri(rest);
  if ("reason" in parsed) return [{ property: path, reason: parsed.reason }];
  if (parsed.scheme !== PKCS11_SCHEME) return [{ property: path, reason: `not a ${PKCS11_SCHEME}: URI` }];
  for (const [where, names, known] of [
    ['before "?"', Object.keys(parsed.path), PATH_ATTRIBUTES],
    ['after "?"', Object.keys(parsed.query), QUERY_ATTRIBUTES],
  ] as const)
    for (const a of names)
      if (!known.includes(a))
        f.push({ property: path, reason: `unknown attribute "${a}" ${where}; ${PKCS11_SCHEME}: takes ${known.join(", ")} there` });
  const { token, object, serial, type } = parsed.path;
  if (!token) f.push({ property: path, reason: "needs token=<token label>, e.g. pkcs11:token=jwk;object=signing" });
  if (!object) f.push({ property: path, reason: "needs object=<key label>, e.g. pkcs11:token=jwk;object=signing" });
  if (id !== undefined && id.length === 0)
    f.push({ property: path, reason: "id is empty: give the key's CKA_ID bytes (e.g. id=%01) or leave id out" });
  if (type !== undefined && type !== "private") f.push({ property: path, reason: `type must be "private" (the signing half) or absent` });
  const modulePath = parsed.query["module-path"];
  if (!modulePath)
    f.push({
      property: path,
      reason: "needs ?module-path=<the PKCS#11 module's absolute path>, e.g. module-path=/usr/lib/softhsm/libsofthsm2.so",
    });
  else if (!modulePath.startsWith("/")) f.push({ property: path, reason: "module-path must be an absolute path" });
  const pinSource = parsed.query["pin-source"];
  if (!pinSource)
    f.push({ property: path, reason: "needs &pin-source=env:NAME or file:/path (where the user PIN is read; never the PIN itself)" });
  else if (!/^(env:[A-Za-z_][A-Za-z0-9_]*|file:\/.+)$/.test(pinSource))
    f.push({ property: path, reason: "pin-source must be env:NAME or file:/absolute/path" });
  if (f.length > 0 || !token || !object || !modulePath || !pinSource) return f;
  return { token, object, ...(id ? { id } : {}), ...(serial ? { serial } : {}), modulePath, pinSource };
}

/** What is wrong with a request before the token is reached: the URI, the algorithm, the modulus length. */
export function pkcs11RequestFailures(uri: string, alg: string, modulusLength: number | undefined, path: string): InputFailure[] {
  const parsed = parsePkcs11Uri(uri, path);
  const f = Array.isArray(parsed) ? parsed : [];
  const spec = ALGORITHMS[alg];
  if (!spec)
    f.push({
      property: "alg",
      reason: `a ${PKCS11_SCHEME}: key signs only: it can serve ${PKCS11_ALGORITHMS.join(", ")}, not ${JSON.stringify(alg)}`,
    });
  else if (spec.keyType === "RSA" && modulusLength !== undefined && !MODULUS_LENGTHS.includes(modulusLength))
    f.push({
      property: "modulusLength",
      reason: `a ${PKCS11_SCHEME}: RSA key is created with 2048, 3072 or 4096 bits, not ${modulusLength}`,
    });
  return f;
}

const encodeId = (id: Buffer): string => [...id].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");

/** The key's name as state records it: RFC 7512 path attributes, e.g. `token=jwk;object=signing;id=%01`. */
export function referenceId(address: Pkcs11Address, id: Buffer | undefined): string {
  const at = (v: string) => encodeURIComponent(v);
  return `token=${at(address.token)};object=${at(address.object)}${id && id.length > 0 ? `;id=${encodeId(id)}` : ""}`;
}
