/**
 * Client kind `pingone`: binds a PingOne application to a key rotation policy (`signing.keyRotationPolicy.id`).
 * PingOne generates and rotates the keys; what a binding governs is which policy signs the application's tokens.
 *
 * `PUT .../applications/{id}` replaces the whole application: a body without `signing` puts it back on the
 * environment's default policy. Tools that model applications without that member (a console save, another IaC
 * tool's update) reset the binding silently; `read` shows it as drift and `apply` puts the policy back, sending
 * the application as read with only `signing` changed.
 *
 * @see https://developer.pingidentity.com/pingone-api/platform/applications/applications-1/update-application-oidc-protocol.html
 */
import { ClientNotFoundError, ClientResponseError, type InputFailure, isHttpError } from "../../errors";
import { PingOneBindingError } from "./errors";
import { unknownMemberFailures, type OpenContext } from "../../targets/kind";
import type { HttpClient } from "../../http/send";
import { CONNECTION_MEMBERS, connectionFailures, hostsOf, openPingOne, type PingOneConnection } from "./connection";
import type { ClientBinder, ClientKind, DeclaredBinding, LiveBinding } from "../../clients/types";
import { pingOneSection, type PingOneSigning } from "./binding-section";

type Declared = DeclaredBinding<PingOneSigning>;
type Live = LiveBinding<PingOneSigning>;
import { writerKey } from "../../targets/queue";

/** A PingOne application: its environment (and how to reach it) and its id. */
export interface PingOneClientConfig extends PingOneConnection {
  kind: "pingone";
  applicationId: string;
}

/** Members of an application the API sets itself (readOnly in the spec): never sent back. */
const READ_ONLY = ["_links", "id", "environment", "createdAt", "updatedAt", "clientSecret"];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An application as read: what a PUT must send back, and the policy it signs with. */
export interface LiveApplication {
  writable: Record<string, unknown>;
  policyId: string | undefined;
}

/** Interprets a `readOneApplication` body. @throws ClientResponseError when it is not an application */
export function processApplication(body: unknown, client: string): LiveApplication {
  if (typeof body !== "object" || body === null || Array.isArray(body) || typeof (body as { id?: unknown }).id !== "string")
    throw new ClientResponseError(client, "read the application", "the answer is not a PingOne application (no id)");
  const b = body as Record<string, unknown>;
  const writable = Object.fromEntries(Object.entries(b).filter(([k]) => !READ_ONLY.includes(k)));
  const id = (b.signing as { keyRotationPolicy?: { id?: unknown } } | undefined)?.keyRotationPolicy?.id;
  return { writable, policyId: typeof id === "string" ? id : undefined };
}

const live = (app: LiveApplication): Live => ({
  keys: [],
  ...(app.policyId !== undefined ? { section: { keyRotationPolicyId: app.policyId } } : {}),
});

class PingOneApplication implements ClientBinder<PingOneSigning, PingOneSigning> {
  readonly name: string;
  readonly writer: string;
  private readonly path: string;

  constructor(
    private readonly http: HttpClient,
    config: PingOneClientConfig,
  ) {
    this.name = `pingone application ${config.applicationId} in environment ${config.environmentId}`;
    this.path = `applications/${encodeURIComponent(config.applicationId)}`;
    this.writer = writerKey(hostsOf(config).api, "environments", config.environmentId, "applications", config.applicationId);
  }

  private async get(): Promise<LiveApplication | undefined> {
    try {
      const res = await this.http.send({ operation: "read the application", method: "GET", path: this.path, expect: [200] });
      return processApplication(res.body, this.name);
    } catch (e) {
      if (isHttpError(e) && e.status === 404 && e.vendorCode === "NOT_FOUND") return undefined;
      throw e;
    }
  }

  /** Sends the application back with only `signing` changed (absent: PingOne's default policy). */
  private async put(app: LiveApplication, policyId: string | undefined, why: string): Promise<Live> {
    const { signing: _old, ...rest } = app.writable;
    const body = policyId === undefined ? rest : { ...rest, signing: { keyRotationPolicy: { id: policyId } } };
    try {
      const res = await this.http.send({ operation: why, method: "PUT", path: this.path, body, expect: [200] });
      return live(processApplication(res.body, this.name));
    } catch (e) {
      if (isHttpError(e) && (e.status === 400 || e.status === 404))
        throw new PingOneBindingError(`${this.name}: PingOne refused to ${why} (${e.message}); the application is unchanged`, {
          cause: e,
        });
      throw e;
    }
  }

  async read(): Promise<Live | undefined> {
    const app = await this.get();
    return app === undefined ? undefined : live(app);
  }

  async apply(declared: Declared): Promise<Live> {
    const app = await this.get();
    if (app === undefined) throw new ClientNotFoundError(this.name, "PingOne answers 404 NOT_FOUND");
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- bindingFailures required the section before anything is sent
    const wanted = declared.section!.keyRotationPolicyId;
    if (app.policyId === wanted) return live(app);
    return this.put(app, wanted, `sign with key rotation policy ${wanted}`);
  }

  /** Puts the application back on the default policy, unless someone has moved it to another policy since. */
  async release(_owned: readonly string[], _jwksUri?: string, declared?: Declared): Promise<Live> {
    const app = await this.get();
    if (app === undefined) throw new ClientNotFoundError(this.name, "PingOne answers 404 NOT_FOUND");
    if (declared?.section === undefined || app.policyId !== declared.section.keyRotationPolicyId) return live(app);
    return this.put(app, undefined, "return to the environment's default key rotation policy");
  }
}

/** Registered as `pingone` in registry/clients.ts. */
export const pingOneKind: ClientKind<PingOneClientConfig, PingOneSigning, PingOneSigning> = {
  credentialVariables: (c) => [...(c.clientId === undefined ? ["PINGONE_CLIENT_ID"] : []), c.clientSecretEnv ?? "PINGONE_CLIENT_SECRET"],
  configFailures(config, path) {
    const f: InputFailure[] = [
      ...unknownMemberFailures(config, [...CONNECTION_MEMBERS, "applicationId"], path),
      ...connectionFailures(config, `${path}.`),
    ];
    if (typeof config.applicationId !== "string" || !UUID.test(config.applicationId))
      f.push({
        property: `${path}.applicationId`,
        reason: `must be the PingOne application's ID (a UUID), got ${JSON.stringify(config.applicationId)}`,
      });
    return f;
  },
  bindingFailures(declared) {
    const refuse = (property: string) => ({
      property,
      reason:
        "a pingone client signs with keys PingOne generates: bind a key rotation policy with `pingone: { keyRotationPolicyId }` instead",
    });
    const f: InputFailure[] = [];
    if (declared.keys !== undefined) f.push(refuse("keys"));
    if (declared.jwksUri !== undefined) f.push(refuse("jwksUri"));
    if (declared.authMethod !== undefined || declared.signingAlg !== undefined)
      f.push({ property: "auth", reason: "a pingone binding governs only the application's signing policy; leave auth out" });
    const id = (declared.section as Partial<PingOneSigning> | undefined)?.keyRotationPolicyId;
    if (typeof id !== "string" || id === "")
      f.push({
        property: "pingone.keyRotationPolicyId",
        reason: "required for a pingone client: the policy's id (PingOneKeyRotationPolicy.policyId)",
      });
    return f;
  },
  identity: (c) => ({ api: hostsOf(c).api, environmentId: c.environmentId, applicationId: c.applicationId }),
  open: (config, context: OpenContext) =>
    new PingOneApplication(openPingOne(config, `application ${config.applicationId}`, context), config),
  section: pingOneSection,
};
