/**
 * How pulumi-jwk reaches a PingOne environment: the region's API and auth hosts, and a worker-app access token
 * by client credentials (the client id from `clientId` or PINGONE_CLIENT_ID, the secret from PINGONE_CLIENT_SECRET
 * or the variable `clientSecretEnv` names; neither ever enters inputs or state). Shared by the key rotation
 * policy resource and the `pingone` client kind of ClientKeyBinding.
 *
 * @see https://developer.pingidentity.com/pingone-api/getting-started/regions.html (regional hosts)
 * @see https://developer.pingidentity.com/pingone-api/auth/auth-api-overview.html (worker app token)
 */
import type { InputFailure } from "../../errors";
import { clientCredentials, credentialFromEnv } from "../../http/auth";
import { callOptions, HttpClient } from "../../http/send";
import { optionalStringFailures, urlFailures, type OpenContext } from "../../targets/kind";

/** PingOne's regions by top-level domain: the Management API host and the auth host. */
export const PINGONE_REGIONS = {
  com: { api: "https://api.pingone.com/v1", auth: "https://auth.pingone.com" },
  eu: { api: "https://api.pingone.eu/v1", auth: "https://auth.pingone.eu" },
  asia: { api: "https://api.pingone.asia/v1", auth: "https://auth.pingone.asia" },
  ca: { api: "https://api.pingone.ca/v1", auth: "https://auth.pingone.ca" },
} as const;
export type PingOneRegion = keyof typeof PINGONE_REGIONS;

/** Where and as whom: the environment, its region, and the worker app. */
export interface PingOneConnection {
  /** The environment (a UUID) that holds the policies and applications. */
  environmentId: string;
  /** "com" (default, North America), "eu", "asia" or "ca". */
  region?: PingOneRegion;
  /** Overrides the region's Management API base (`https://api.pingone.<tld>/v1`), e.g. for an emulator. */
  apiUrl?: string;
  /** Overrides the region's auth host (`https://auth.pingone.<tld>`). */
  authUrl?: string;
  /** The worker app's environment when it is not `environmentId` (an administrators' environment). */
  workerEnvironmentId?: string;
  /** The worker app's client id; default the environment variable PINGONE_CLIENT_ID. */
  clientId?: string;
  /** The variable that holds the worker app's secret (default PINGONE_CLIENT_SECRET). */
  clientSecretEnv?: string;
}

export const CONNECTION_MEMBERS = ["environmentId", "region", "apiUrl", "authUrl", "workerEnvironmentId", "clientId", "clientSecretEnv"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const idFailures = (value: unknown, path: string, required: boolean): InputFailure[] =>
  value === undefined && !required
    ? []
    : typeof value === "string" && UUID.test(value)
      ? []
      : [{ property: path, reason: `must be a PingOne ID (a UUID such as 3f2c...-...), got ${JSON.stringify(value)}` }];

/** Every problem with the connection members of `config`; `prefix` is the property path ("" or "client."). */
export function connectionFailures(config: Record<string, unknown>, prefix: string): InputFailure[] {
  const f: InputFailure[] = [...idFailures(config.environmentId, `${prefix}environmentId`, true)];
  f.push(...idFailures(config.workerEnvironmentId, `${prefix}workerEnvironmentId`, false));
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a region is looked up by its string form, as before
  if (config.region !== undefined && !Object.hasOwn(PINGONE_REGIONS, String(config.region)))
    f.push({
      property: `${prefix}region`,
      reason: `must be one of ${Object.keys(PINGONE_REGIONS).join(", ")} (the top-level domain of your PingOne hosts), got ${JSON.stringify(config.region)}`,
    });
  for (const m of ["apiUrl", "authUrl"]) if (config[m] !== undefined) f.push(...urlFailures(config[m], `${prefix}${m}`));
  f.push(...optionalStringFailures(config.clientId, `${prefix}clientId`));
  f.push(...optionalStringFailures(config.clientSecretEnv, `${prefix}clientSecretEnv`));
  return f;
}

/** The Management API base URL and auth host of a connection. */
export function hostsOf(c: PingOneConnection): { api: string; auth: string } {
  const region = PINGONE_REGIONS[c.region ?? "com"];
  return { api: (c.apiUrl ?? region.api).replace(/\/+$/, ""), auth: (c.authUrl ?? region.auth).replace(/\/+$/, "") };
}

/**
 * An HTTP client for the environment's Management API, authenticated as the worker app. `what` names the
 * resource in messages (e.g. `key rotation policy "signing"`).
 */
export function openPingOne(c: PingOneConnection, what: string, context: OpenContext = {}): HttpClient {
  const { api, auth } = hostsOf(c);
  const target = `pingone ${api} environment ${c.environmentId} ${what}`;
  const secretEnv = c.clientSecretEnv ?? "PINGONE_CLIENT_SECRET";
  return new HttpClient({
    target,
    baseUrl: `${api}/environments/${c.environmentId}/`,
    auth: clientCredentials({
      tokenUrl: `${auth}/${c.workerEnvironmentId ?? c.environmentId}/as/token`,
      clientId: c.clientId ?? credentialFromEnv("PINGONE_CLIENT_ID", "the worker app's client id", "clientId", { secret: false }),
      clientSecret: credentialFromEnv(secretEnv, "the worker app's client secret", "clientSecretEnv"),
      scopes: [],
    }),
    ...callOptions(context),
  });
}
