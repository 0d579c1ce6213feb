/**
 * Key URIs in the style of smallstep's KMS URIs (go.step.sm/crypto/kms/uri) and RFC 7512 (PKCS#11):
 * `scheme:name=value;name=value?name=value&name=value`. The path attributes (before `?`) name the key; the
 * query attributes say how to reach it (`module-path`, `pin-source`, `region`, `endpoint`, ...). Values are
 * percent-decoded. A URI is stored in state and shown in messages, so it must never carry a secret value:
 * attributes such as `pin-value`, `token` or `secret` are refused, naming the attribute; secrets come from
 * `pin-source=env:NAME` / `token-source=file:/path` style indirections.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7512
 * @see https://pkg.go.dev/go.step.sm/crypto/kms/uri
 */
import type { InputFailure } from "../errors";

export interface KeyUri {
  /** Lower-case scheme without the colon, e.g. `awskms`. */
  scheme: string;
  /** Attributes that name the key (before `?`). */
  path: Record<string, string>;
  /** Attributes that say how to reach it (after `?`). */
  query: Record<string, string>;
}

/** Attribute names whose value would be a secret in the URI itself. */
const SECRET_ATTRIBUTES = /^(pin-value|pin|password|passphrase|token|secret|secret-access-key|access-key|client-secret)$/i;

/** Whether an attribute name would hold a secret value ({@link keyUriFailures} reports those, once, for every scheme). */
export const isSecretAttribute = (name: string): boolean => SECRET_ATTRIBUTES.test(name);

function attributes(text: string, separator: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  if (text === "") return out;
  for (const part of text.split(separator)) {
    if (part === "") continue;
    const eq = part.indexOf("=");
    if (eq <= 0) return `attribute "${part}" is not name=value`;
    const name = part.slice(0, eq);
    let value: string;
    try {
      value = decodeURIComponent(part.slice(eq + 1));
    } catch {
      return `attribute "${name}" has a malformed percent-encoding`;
    }
    if (name in out) return `attribute "${name}" is given twice`;
    out[name] = value;
  }
  return out;
}

/** Parses a key URI, or returns why it is not one (never quoting a value: it may hold a pasted secret). */
export function parseKeyUri(uri: string): KeyUri | { reason: string } {
  const colon = uri.indexOf(":");
  if (colon <= 0) return { reason: "not a key URI (scheme:name=value;...)" };
  const scheme = uri.slice(0, colon).toLowerCase();
  if (!/^[a-z][a-z0-9+.-]*$/.test(scheme)) return { reason: "the scheme is not a URI scheme" };
  const rest = uri.slice(colon + 1);
  const q = rest.indexOf("?");
  const path = attributes(q < 0 ? rest : rest.slice(0, q), ";");
  if (typeof path === "string") return { reason: path };
  const query = attributes(q < 0 ? "" : rest.slice(q + 1), "&");
  if (typeof query === "string") return { reason: query };
  return { scheme, path, query };
}

/** The attributes of a parsed URI whose value would be a secret. */
function secretAttributesOf(parsed: KeyUri): string[] {
  // RFC 7512: in a PKCS#11 URI's path, `token` is the token's label, not a secret.
  const named = parsed.scheme === "pkcs11" ? Object.keys(parsed.path).filter((a) => a !== "token") : Object.keys(parsed.path);
  return [...named, ...Object.keys(parsed.query)].filter(isSecretAttribute);
}

/** Whether `uri` carries a secret value in an attribute (a `token=`, a `pin-value=`, ...). */
export function carriesSecret(uri: unknown): boolean {
  if (typeof uri !== "string") return false;
  const parsed = parseKeyUri(uri);
  return !("reason" in parsed) && secretAttributesOf(parsed).length > 0;
}

/**
 * Failures for a URI at `path` (an input name): unparsable, or carrying a secret value. Each names the
 * attribute, never its value.
 */
export function keyUriFailures(uri: unknown, path: string): InputFailure[] {
  if (typeof uri !== "string" || uri === "")
    return [{ property: path, reason: "must be a key URI string (scheme:name=value;...?name=value&...)" }];
  const parsed = parseKeyUri(uri);
  if ("reason" in parsed) return [{ property: path, reason: parsed.reason }];
  return secretAttributesOf(parsed).map((a) => ({
    property: path,
    reason: `attribute "${a}" would put a secret in the URI (stored in state and shown in messages); name where to read it instead, e.g. pin-source=env:NAME or token-source=env:NAME`,
  }));
}

/**
 * Reads a `*-source` indirection: `env:NAME` (an environment variable) or `file:/path` (a file's content,
 * trimmed). Returns the secret, or a reason naming the variable or file (never the value).
 */
export async function readSource(source: string, attribute: string): Promise<string | { reason: string }> {
  if (source.startsWith("env:")) {
    const name = source.slice(4);
    const value = process.env[name];
    return value ? value : { reason: `${attribute}: environment variable ${name} is not set` };
  }
  if (source.startsWith("file:")) {
    const { readFile } = await import("node:fs/promises");
    try {
      return (await readFile(source.slice(5), "utf8")).trim();
    } catch (e) {
      return { reason: `${attribute}: cannot read ${source.slice(5)} (${(e as NodeJS.ErrnoException).code ?? "error"})` };
    }
  }
  return { reason: `${attribute}: must be env:NAME or file:/path` };
}
