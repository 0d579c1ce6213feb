/**
 * What the `awskms:` and `awssm:` URI parsers share (kms-uri.ts, secrets-manager-uri.ts): the generic checks, the
 * scheme, unknown attributes, attributes allowed on either side of "?", and the SDK settings both take (`region`,
 * `profile`, `endpoint`). Each failure names the attribute, never its value. Pure: no SDK, no I/O.
 */
import type { InputFailure } from "../../errors";
import { isLoopbackHost } from "../../core/loopback-host";
import { isSecretAttribute, keyUriFailures, parseKeyUri, type KeyUri } from "../../custody/uri";

/** The attributes a scheme accepts, and the sentence listing them for an "unknown attribute" failure. */
export interface UriAttributes {
  path: ReadonlySet<string>;
  query: ReadonlySet<string>;
  /** e.g. `an awssm URI takes name, region, profile (before "?"), and endpoint (after "?")`. */
  takes: string;
}

/** A URI being read: its parts, the failures so far, and helpers that add to them. */
export interface UriReader {
  parsed: KeyUri;
  failures: InputFailure[];
  fail: (reason: string) => void;
  /** An attribute allowed before or after "?" (a failure when given on both sides). */
  either: (name: string) => string | undefined;
}

export const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** Starts reading `uri` of `scheme`, or returns the failures that stop it (generic ones, an unparsable URI). */
export function readAwsUri(uri: string, path: string, scheme: string, attributes: UriAttributes): UriReader | InputFailure[] {
  const generic = keyUriFailures(uri, path);
  if (generic.length > 0) return generic;
  const parsed = parseKeyUri(uri);
  if ("reason" in parsed) return [{ property: path, reason: parsed.reason }];
  const failures: InputFailure[] = [];
  const fail = (reason: string): void => void failures.push({ property: path, reason });
  if (parsed.scheme !== scheme) fail(`the scheme is "${parsed.scheme}", not ${scheme}`);
  const unknown = [
    ...Object.keys(parsed.path).filter((a) => !attributes.path.has(a) && !isSecretAttribute(a)),
    ...Object.keys(parsed.query).filter((a) => !attributes.query.has(a) && !isSecretAttribute(a)),
  ];
  if (unknown.length > 0)
    fail(`unknown attribute${unknown.length > 1 ? "s" : ""} ${unknown.map((a) => `"${a}"`).join(", ")}; ${attributes.takes}`);
  const either = (name: string): string | undefined => {
    if (name in parsed.path && name in parsed.query) fail(`attribute "${name}" is given both before and after "?"`);
    return parsed.path[name] ?? parsed.query[name];
  };
  return { parsed, failures, fail, either };
}

/** `profile` (before or after "?") and `endpoint` (after "?"), checked: https, or plain http to a loopback host. */
export function sdkSettings(reader: UriReader): { profile?: string; endpoint?: string } {
  const { fail } = reader;
  const profile = reader.either("profile");
  if (profile !== undefined && !/^[A-Za-z0-9._+=,@-]{1,128}$/.test(profile)) fail('attribute "profile" is not a profile name');
  const endpoint = reader.parsed.query.endpoint;
  if (endpoint !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {
      fail('attribute "endpoint" is not a URL');
    }
    if (url && url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname)))
      fail('attribute "endpoint" must be https (plain http is allowed for loopback hosts only: localhost, 127.0.0.0/8, ::1)');
    if (url && (url.username !== "" || url.password !== ""))
      fail('attribute "endpoint" carries credentials: credentials come from the SDK\'s default chain');
  }
  return { ...(profile !== undefined ? { profile } : {}), ...(endpoint !== undefined ? { endpoint } : {}) };
}
