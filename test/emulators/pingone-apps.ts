/**
 * The PingOne emulator's applications: what an OIDC application holds, and PUT semantics. `PUT
 * .../applications/{id}` replaces every writable member with the body's; a body without `signing` puts the
 * application back on the environment's default key rotation policy (the known failure this project guards
 * against: tools whose model of an application has no `signing` member reset it on every update).
 */
import { invalid } from "./pingone-wire";
import type { Reply } from "./server";

export type App = Record<string, unknown> & { id: string; createdAt: string };

/** Members the API sets itself (readOnly in the spec): a body's values for them are ignored. */
const READ_ONLY = ["_links", "id", "environment", "createdAt", "updatedAt", "clientSecret"];
/** What ApplicationOIDC requires (its own and Application's `required`). */
export const OIDC_REQUIRED = ["enabled", "name", "protocol", "type", "tokenEndpointAuthMethod"];
/** The spec: `signing` applies to OIDC applications of these types. */
const SIGNING_TYPES = ["WEB_APP", "NATIVE_APP", "SINGLE_PAGE_APP", "CUSTOM_APP"];

/** The policy an application signs with. */
export const appPolicy = (app: App): string => (app.signing as { keyRotationPolicy: { id: string } }).keyRotationPolicy.id;

/**
 * Applies a PUT body to `app`; a reply when PingOne would refuse it (nothing is changed then).
 * @param policyExists whether a policy id names a policy of the environment
 */
export function saveApplication(
  app: App,
  body: Record<string, unknown>,
  defaultPolicyId: string,
  policyExists: (id: string) => boolean,
): Reply | undefined {
  const signing = body.signing as { keyRotationPolicy?: { id?: string } } | undefined;
  const policyId = signing?.keyRotationPolicy?.id ?? defaultPolicyId;
  if (!policyExists(policyId))
    return invalid([{ code: "INVALID_VALUE", target: "signing.keyRotationPolicy.id", message: `No key rotation policy ${policyId}` }]);
  if (signing && !SIGNING_TYPES.includes(String(body.type)))
    return invalid([{ code: "INVALID_VALUE", target: "signing", message: `signing applies to ${SIGNING_TYPES.join(", ")} applications` }]);
  for (const k of Object.keys(app)) if (!READ_ONLY.includes(k)) delete app[k];
  for (const [k, v] of Object.entries(body)) if (!READ_ONLY.includes(k)) app[k] = v;
  app.signing = { keyRotationPolicy: { id: policyId } };
  app.updatedAt = new Date().toISOString();
  return undefined;
}

/** A new OIDC web application, saved as the console creates one (on the default policy). */
export function newApplication(id: string, name: string, defaultPolicyId: string): App {
  const app: App = { id, createdAt: new Date().toISOString() };
  const body = {
    name,
    enabled: true,
    type: "WEB_APP",
    protocol: "OPENID_CONNECT",
    tokenEndpointAuthMethod: "CLIENT_SECRET_BASIC",
    grantTypes: ["AUTHORIZATION_CODE"],
    responseTypes: ["CODE"],
    redirectUris: ["https://app.example.com/cb"],
  };
  saveApplication(app, body, defaultPolicyId, () => true);
  return app;
}
