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
import { readAwsUri, REGION, sdkSettings } from "./uri-reader";

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

const ATTRIBUTES = {
  path: new Set(["name", "region", "profile"]),
  query: new Set(["region", "profile", "endpoint", "recovery-window-days"]),
  takes: 'an awssm URI takes name, region, profile (before "?"), and endpoint, recovery-window-days (after "?")',
};
/** What CreateSecret accepts as a name (an ARN is not a name: adopt by name). */
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

/** Reads an `awssm:` URI: the address, or every failure (by `path`), naming the attribute, never its value. */
export function parseSecretsManagerUri(uri: string, path: string): SecretAddress | InputFailure[] {
  const reader = readAwsUri(uri, path, AWS_SECRETS_MANAGER_SCHEME, ATTRIBUTES);
  if (Array.isArray(reader)) return reader;
  const { parsed, failures, fail, either } = reader;

  const name = parsed.path.name;
  if (name === undefined) fail("names no secret: give name=<secret name>, e.g. awssm:name=jwk/signing;region=eu-west-1");
  else if (!SECRET_NAME.test(name)) fail('attribute "name" must be 1-512 letters, digits or / _ + = . @ - (a secret name, not an ARN)');

  const region = either("region");
  if (region === undefined) fail("names no region: add region=<region> (the same name in two regions is two secrets)");
  else if (!REGION.test(region)) fail('attribute "region" is not an AWS region name (e.g. eu-west-1)');

  const { profile, endpoint } = sdkSettings(reader);

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
