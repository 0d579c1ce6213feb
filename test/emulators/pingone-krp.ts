/**
 * The PingOne emulator's model of a key rotation policy (KRP): its specification (the fields of the API's
 * `KeyRotationPolicy`) and its KrpKeys, each an RSA pair the server generates and names with a time-based UUIDv1.
 * A new policy gets a CURRENT and a NEXT key; a rotation (scheduled every `rotationPeriod` days on the real
 * service, done here by `rotate`) makes NEXT the CURRENT key, keeps the old CURRENT as PREVIOUS and generates a new
 * NEXT with the policy's current specification. The JWKS lists every key the policy holds.
 *
 * @see https://developer.pingidentity.com/pingone-api/platform/certificate-management/key-rotation-policies.html
 */
import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { formatUuidV1, ticksOf } from "../../provider/core/keys/uuid-v1";

/** The writable members of a KRP, as the API takes them. */
export interface KrpSpec {
  name: string;
  dn: string;
  algorithm: string;
  keyLength: number;
  signatureAlgorithm: string;
  usageType: string;
  rotationPeriod: number;
  validityPeriod: number;
}

export interface KrpKey {
  kid: string;
  status: "CURRENT" | "NEXT" | "PREVIOUS";
  jwk: { kty: string; n: string; e: string };
  startsAt: Date;
  expiresAt: Date;
}

export interface StoredKrp {
  id: string;
  spec: KrpSpec;
  keys: KrpKey[];
  rotatedAt?: Date;
}

/** Writable members and the defaults the API applies when a request leaves them out (from the spec). */
export const KRP_DEFAULTS = { rotationPeriod: 90, validityPeriod: 365 } as const;
const DAY_MS = 86_400_000;

/** Names keys with time-ordered UUIDv1 kids: one node and clock sequence per emulator, time never repeats. */
export class KidClock {
  private readonly node = randomBytes(6).toString("hex");
  private readonly clockSeq = randomBytes(2).readUInt16BE() & 0x3fff;
  private last = 0n;

  next(): string {
    let ticks = ticksOf(Date.now());
    if (ticks <= this.last) ticks = this.last + 1n; // two keys in the same 100 ns still order by creation
    this.last = ticks;
    return formatUuidV1(ticks, this.clockSeq, this.node);
  }
}

function newKey(spec: KrpSpec, status: KrpKey["status"], clock: KidClock): KrpKey {
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: spec.keyLength });
  const { kty, n, e } = publicKey.export({ format: "jwk" }) as { kty: string; n: string; e: string };
  const startsAt = new Date();
  return {
    kid: clock.next(),
    status,
    jwk: { kty, n, e },
    startsAt,
    expiresAt: new Date(startsAt.getTime() + spec.validityPeriod * DAY_MS),
  };
}

/** A new policy with its CURRENT and NEXT keys (CURRENT made first, so its kid is older). */
export function createKrp(spec: KrpSpec, clock: KidClock): StoredKrp {
  const current = newKey(spec, "CURRENT", clock);
  return { id: randomUUID(), spec, keys: [current, newKey(spec, "NEXT", clock)] };
}

/** One rotation: NEXT becomes CURRENT, CURRENT becomes PREVIOUS (older PREVIOUS keys are dropped), a new NEXT. */
export function rotateKrp(krp: StoredKrp, clock: KidClock): void {
  krp.keys = krp.keys.filter((k) => k.status !== "PREVIOUS");
  for (const k of krp.keys) k.status = k.status === "CURRENT" ? "PREVIOUS" : "CURRENT";
  krp.keys.push(newKey(krp.spec, "NEXT", clock));
  krp.rotatedAt = new Date();
}

/** The specification in a create or update body, with the API's defaults for what it leaves out. */
export function krpSpecOf(body: Record<string, unknown>): KrpSpec {
  return {
    name: body.name as string,
    dn: body.dn as string,
    algorithm: body.algorithm as string,
    keyLength: body.keyLength as number,
    signatureAlgorithm: body.signatureAlgorithm as string,
    usageType: body.usageType as string,
    rotationPeriod: (body.rotationPeriod as number | undefined) ?? KRP_DEFAULTS.rotationPeriod,
    validityPeriod: (body.validityPeriod as number | undefined) ?? KRP_DEFAULTS.validityPeriod,
  };
}

/** The policy as the API returns it (HAL JSON). */
export function renderKrp(krp: StoredKrp, environmentId: string, apiUrl: string): Record<string, unknown> {
  const self = `${apiUrl}/environments/${environmentId}/keyRotationPolicies/${krp.id}`;
  return {
    _links: { self: { href: self }, environment: { href: `${apiUrl}/environments/${environmentId}` }, jwks: { href: `${self}/jwks` } },
    id: krp.id,
    environment: { id: environmentId },
    ...krp.spec,
    currentKeyId: krp.keys.find((k) => k.status === "CURRENT")!.kid,
    nextKeyId: krp.keys.find((k) => k.status === "NEXT")!.kid,
    ...(krp.rotatedAt ? { rotatedAt: krp.rotatedAt.toISOString() } : {}),
  };
}

/** The policy's JWKS: public members, `use` from the usage type (SIGNING is the only one the API has). */
export function renderJwks(krp: StoredKrp): { keys: Record<string, unknown>[] } {
  return { keys: krp.keys.map((k) => ({ kty: k.jwk.kty, e: k.jwk.e, kid: k.kid, n: k.jwk.n, use: "sig", alg: "RS256" })) };
}

/**
 * Service rules the spec states in prose, as PingOne error details: `rotationPeriod` at most one day less than
 * `validityPeriod`, and RSA key lengths the certificate service generates.
 */
export function krpRuleViolations(spec: KrpSpec): { code: string; target: string; message: string }[] {
  const out: { code: string; target: string; message: string }[] = [];
  if (spec.rotationPeriod > spec.validityPeriod - 1)
    out.push({
      code: "OUT_OF_RANGE",
      target: "rotationPeriod",
      message: `rotationPeriod must be at most validityPeriod - 1 (${spec.validityPeriod - 1})`,
    });
  if (![2048, 3072, 4096].includes(spec.keyLength))
    out.push({ code: "INVALID_VALUE", target: "keyLength", message: "keyLength must be one of 2048, 3072, 4096" });
  return out;
}
