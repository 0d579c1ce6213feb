/**
 * AWS Secrets Manager key URIs (`awssm:`), in the style of the `awskms` ones (kms-uri.ts) and of smallstep's KMS
 * URIs. Pure: no SDK, no I/O.
 *
 *     awssm:name=jwk/signing;region=eu-west-1?recovery-window-days=30
 *
 * - `name` (required): the secret's name (created, or adopted when it exists and holds a private JWK);
 *   `region` (required, before or after `?`), `profile` (a profile of the SDK's shared config);
 * - query attributes: `endpoint=` (another endpoint; plain http for loopback hosts only, e.g. a test server),
 *   `recovery-window-days=` (7-30, default 30: how long a destroyed key's secret can still be restored).
 *
 * Credentials are never in the URI: the SDK's default chain provides them.
 *
 * @see https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_CreateSecret.html
 */
import type { InputFailure } from "../../errors";
import { isLoopbackHost } from "../../core/loopback-host";
import { isSecretAttribute, keyUriFailures, parseKeyUri } from "../../custody/uri";

export const AWS_SECRETS_MANAGER_SCHEME = "awssm";

export const DEFAULT_RECOVERY_WINDOW_DAYS = 30;

/** A checked `awssm:` URI. */
export interface SecretAddress {
  name: string;
  region: string;
  endpoint?: string;
  profile?: string;
  recoveryWindowDays: number;
}

const PATH_ATTRIBUTES = new Set(["name", "region", "profile"]);
const QUERY_ATTRIBUTES = new Set(["region", "profile", "endpoint", "recovery-window-days"]);
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
/** What CreateSecret accepts as a name (an ARN is not a name: adopt by name). */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

/** Reads an `awssm:` URI: the address, or every failure (by `path`), naming the attribute, never its value. */
export function parseSecretsManagerUri(uri: string, path: string): SecretAddress | InputFailure[] {
  const generic = keyUriFailures(uri, path);
  if (generic.length > 0) return generic;
  const parsed = parseKeyUri(uri);
  if ("reason" in parsed) return [{ property: path, reason: parsed.reason }];
  const failures: InputFailure[] = [];
  const fail = (reason: string): void => void failures.push({ property: path, reason });
  if (parsed.scheme !== AWS_SECRETS_MANAGER_SCHEME) fail(`the scheme is "${parsed.scheme}", not ${AWS_SECRETS_MANAGER_SCHEME}`);

  const unknown = [
    ...Object.keys(parsed.path).filter((a) => !PATH_ATTRIBUTES.has(a) && !isSecretAttribute(a)),
    ...Object.keys(parsed.query).filter((a) => !QUERY_ATTRIBUTES.has(a) && !isSecretAttribute(a)),
  ];
  if (unknown.length > 0)
    fail(
      `unknown attribute${unknown.length > 1 ? "s" : ""} ${unknown.map((a) => `"${a}"`).join(", ")}; an awssm URI takes name, region, profile ` +
        `(before "?"), and endpoint, recovery-window-days (after "?")`,
    );
  const either = (name: string): string | undefined => {
    if (name in parsed.path && name in parsed.query) fail(`attribute "${name}" is given both before and after "?"`);
    return parsed.path[name] ?? parsed.query[name];
  };

  const name = parsed.path.name;
  if (name === undefined) fail("names no secret: give name=<secret name>, e.g. awssm:name=jwk/signing;region=eu-west-1");
  else if (!SECRET_NAME.test(name)) fail('attribute "name" must be 1-512 letters, digits or / _ + = . @ - (a secret name, not an ARN)');

  const region = either("region");
  if (region === undefined) fail("names no region: add region=<region> (the same name in two regions is two secrets)");
  else if (!REGION.test(region)) fail('attribute "region" is not an AWS region name (e.g. eu-west-1)');

  const profile = either("profile");
  if (profile !== undefined && !/^[A-Za-z0-9._+=,@-]{1,128}$/.test(profile)) fail('attribute "profile" is not a profile name');

  const endpoint = parsed.query.endpoint;
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

  let recoveryWindowDays = DEFAULT_RECOVERY_WINDOW_DAYS;
  const window = parsed.query["recovery-window-days"];
  if (window !== undefined) {
    if (!/^\d{1,2}$/.test(window) || Number(window) < 7 || Number(window) > 30)
      fail('attribute "recovery-window-days" must be a whole number of days from 7 to 30 (what DeleteSecret accepts)');
    else recoveryWindowDays = Number(window);
  }

  if (failures.length > 0 || name === undefined || region === undefined) return failures;
  const address: SecretAddress = { name, region, recoveryWindowDays };
  if (endpoint !== undefined) address.endpoint = endpoint;
  if (profile !== undefined) address.profile = profile;
  return address;
}
