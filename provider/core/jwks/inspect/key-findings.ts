/**
 * Findings about one published key, apart from its certificates (x509-findings.ts): private members, a key that
 * does not load, `alg` against the JOSE registry, `kty` and `use`, the RSA modulus size, members of another key
 * type, a missing kid and a kid that is not the RFC 7638 thumbprint. Pure; works on the entry as served (empty
 * and null members still there), loading the key from its normalised form.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7517#section-4
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-6
 */
import { MIN_RSA_BITS } from "../../keys/algorithms";
import { rsaModulusBits } from "../../keys/material";
import { jwkThumbprint } from "../../keys/thumbprint";
import { normaliseKey } from "../document";
import { keyMemberFailures, PRIVATE_MEMBERS } from "../validate";
import { finding, type Finding } from "./findings";
import { likelyAlg, registeredAlg } from "./jwa";

/** The members of each key type's key (public and private), RFC 7518 section 6 and RFC 8037 section 2. */
const KEY_MEMBERS: Record<string, readonly string[]> = {
  RSA: ["n", "e", "d", "p", "q", "dp", "dq", "qi", "oth"],
  EC: ["crv", "x", "y", "d"],
  OKP: ["crv", "x", "d"],
  oct: ["k"],
};
const ALL_KEY_MEMBERS = [...new Set(Object.values(KEY_MEMBERS).flat())];

function shownValue(v: unknown): string {
  if (v === null) return "null";
  if (v === "") return "an empty string";
  return "present";
}

function privateMembers(entry: Record<string, unknown>): Finding[] {
  const present = PRIVATE_MEMBERS.filter((m) => entry[m] !== undefined && entry[m] !== null && entry[m] !== "");
  if (present.length === 0) return [];
  // The values are never repeated: they are the leak.
  return [
    finding(
      "private-member",
      `private or symmetric key member(s) ${present.map((m) => `"${m}"`).join(", ")} published: this key material is exposed; ` +
        "revoke and replace the key",
    ),
  ];
}

function foreignMembers(entry: Record<string, unknown>, kty: string): Finding[] {
  const own = KEY_MEMBERS[kty];
  if (!own) return [];
  return ALL_KEY_MEMBERS.filter((m) => !own.includes(m) && Object.hasOwn(entry, m) && !PRIVATE_MEMBERS.includes(m as never)).map((m) =>
    finding(
      "member-not-for-kty",
      `"${m}" (${shownValue(entry[m])}) is not a member of ${kty === "RSA" || kty === "EC" ? "an" : "a"} ${kty} key; clients ignore it`,
    ),
  );
}

function algFindings(key: Record<string, unknown>): Finding[] {
  const alg = key.alg;
  if (alg === undefined) return [];
  if (typeof alg !== "string") return [finding("alg-unregistered", `alg must be a string, not ${JSON.stringify(alg)}`)];
  const spec = registeredAlg(alg);
  if (!spec) {
    const meant = likelyAlg(alg);
    return [
      finding(
        "alg-unregistered",
        `alg "${alg}" is not a registered JOSE algorithm (RFC 7518, RFC 8037)${meant ? `; did you mean "${meant}"?` : ""}`,
      ),
    ];
  }
  const out: Finding[] = [];
  if (typeof key.kty === "string" && !spec.kty.includes(key.kty))
    out.push(finding("alg-kty-mismatch", `alg ${alg} takes ${spec.kty.join(" or ")} keys, not kty ${key.kty}`));
  else if (spec.crv && typeof key.crv === "string" && !spec.crv.includes(key.crv))
    out.push(finding("alg-kty-mismatch", `alg ${alg} takes a key on ${spec.crv.join(", ")}, not ${key.crv}`));
  if (typeof key.use === "string" && (key.use === "sig" || key.use === "enc") && key.use !== spec.use)
    out.push(finding("use-alg-mismatch", `use "${key.use}" does not agree with alg ${alg}, which is for use "${spec.use}"`));
  return out;
}

/** RSA below 2048 bits; the size is said. */
function modulusFindings(key: Record<string, unknown>): Finding[] {
  if (key.kty !== "RSA" || typeof key.n !== "string" || !/^[A-Za-z0-9_-]+$/.test(key.n)) return [];
  const bits = rsaModulusBits(key.n);
  return bits < MIN_RSA_BITS
    ? [finding("rsa-modulus-short", `RSA modulus is ${bits} bits; RFC 7518 section 3.3 requires at least ${MIN_RSA_BITS}`)]
    : [];
}

/** The key loads (members well-formed, point on the curve, usable exponent); each reason is a `key-invalid`. */
function loadFindings(key: Record<string, unknown>): Finding[] {
  return keyMemberFailures(key, "key", false).map((f) => {
    const member = f.property.slice("key".length).replace(/^\./, "");
    return finding("key-invalid", member ? `${member}: ${f.reason}` : f.reason);
  });
}

function kidFindings(key: Record<string, unknown>, loads: boolean): Finding[] {
  if (typeof key.kid !== "string" || key.kid.length === 0)
    return [finding("missing-kid", "no kid: clients cannot pick this key out of the set, and rotation cannot name it")];
  if (!loads) return [];
  const thumbprint = jwkThumbprint(key);
  return key.kid === thumbprint ? [] : [finding("kid-not-thumbprint", `kid is not the RFC 7638 thumbprint (${thumbprint})`)];
}

/**
 * Findings about one entry of a JWK Set, certificates aside, in a fixed order.
 *
 * @example
 * keyFindings({ kty: "RSA", n, e: "AQAB", alg: "RS-256", crv: "" })
 * // [{ code: "alg-unregistered", ... 'did you mean "RS256"?' }, { code: "member-not-for-kty", ... }, ...]
 */
export function keyFindings(entry: unknown): Finding[] {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry))
    return [finding("key-invalid", "not a JSON object, so not a JWK")];
  const raw = entry as Record<string, unknown>;
  const key = normaliseKey(raw);
  const load = loadFindings(key);
  const modulus = modulusFindings(key);
  return [
    ...privateMembers(raw),
    ...load,
    ...modulus,
    ...algFindings(key),
    ...(typeof key.kty === "string" ? foreignMembers(raw, key.kty) : []),
    ...kidFindings(key, load.length === 0 && typeof key.kty === "string" && key.kty !== "oct"),
  ];
}
