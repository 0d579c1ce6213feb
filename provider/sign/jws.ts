/**
 * A JWS in compact serialization (RFC 7515 section 7.1) signed by a key in custody or a private JWK: the
 * protected header and payload are encoded here, the signing input is handed whole to the signer (custody
 * backends sign it as a raw message: they hash it themselves, never a digest computed here).
 *
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-5.1
 */
import { JwkInputError } from "../errors";
import { signerFor, type SigningKey } from "./signer";

/** What {@link signJws} signs, and with which key. */
export type SignJwsOptions = SigningKey & {
  /** JWA algorithm, e.g. ES256, RS256, PS256, EdDSA. */
  alg: string;
  /** The header's `kid`; absent: a private JWK's own `kid`, or none. */
  kid?: string;
  /** The payload: bytes, or text encoded as UTF-8. */
  payload: Uint8Array | string;
  /** More protected header members (`typ`, `cty`, ...); `alg` and `kid` are set by their own options. */
  protectedHeader?: Record<string, unknown>;
};

/** Header members this signer cannot honour: it signs the base64url payload and understands no extension. */
const UNSUPPORTED_HEADER = ["b64", "crit"];

const b64u = (bytes: Uint8Array | string) => Buffer.from(bytes).toString("base64url");

function headerOf(o: SignJwsOptions): Record<string, unknown> {
  const extra = o.protectedHeader ?? {};
  if (typeof extra !== "object" || extra === null || Array.isArray(extra))
    throw new JwkInputError([{ property: "protectedHeader", reason: "must be an object of header members" }]);
  for (const m of ["alg", "kid"])
    if (m in extra) throw new JwkInputError([{ property: `protectedHeader.${m}`, reason: `give ${m} as its own option` }]);
  for (const m of UNSUPPORTED_HEADER)
    if (m in extra)
      throw new JwkInputError([{ property: `protectedHeader.${m}`, reason: "is not supported (RFC 7797 and critical extensions)" }]);
  if (o.kid !== undefined && (typeof o.kid !== "string" || o.kid === ""))
    throw new JwkInputError([{ property: "kid", reason: "must be a non-empty string" }]);
  const ownKid = (o.privateJwk as { kid?: unknown } | undefined)?.kid;
  const kid = o.kid ?? (typeof ownKid === "string" && ownKid !== "" ? ownKid : undefined);
  return { alg: o.alg, ...(kid === undefined ? {} : { kid }), ...extra };
}

/**
 * Signs `payload` and returns the compact JWS `header.payload.signature`.
 *
 * @example
 * const jws = await signJws({ keyUri: "awskms:alias=app-signing;region=eu-west-1", alg: "ES256", kid, payload: "hello" });
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-7.1
 */
export async function signJws(options: SignJwsOptions): Promise<string> {
  const sign = signerFor(options, options.alg);
  if (typeof options.payload !== "string" && !(options.payload instanceof Uint8Array))
    throw new JwkInputError([{ property: "payload", reason: "must be bytes (Uint8Array) or a string" }]);
  const input = `${b64u(JSON.stringify(headerOf(options)))}.${b64u(options.payload)}`;
  const signature = await sign(new TextEncoder().encode(input));
  return `${input}.${b64u(signature)}`;
}
