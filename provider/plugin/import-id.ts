/**
 * The ids `pulumi import jwk:index:JwkSet <name> <id>` accepts, one per way of naming a target. An id is
 * never encrypted in state, so none of these carries a credential: adapters read those from the environment.
 *
 * - `file:<path>`: a JWKS file (relative paths resolve against the program's directory).
 * - `okta:<appId>@<orgUrl>`: an Okta app's key set, e.g. `okta:0oa1b2c3@https://acme.okta.com`.
 * - `url:<JWKS URL>`: a published JWKS, read-only (`url:https://idp.example.com/.well-known/jwks.json`).
 * - a target configuration as JSON, any kind, with its optional members, e.g.
 *   `{"kind":"janssen","url":"https://jans.example.com/jans-config-api","tokenUrl":"https://jans.example.com/jans-auth/restv1/token"}`.
 * - ClientKeyBinding: the client reference as JSON, e.g.
 *   `{"kind":"rfc7592","registrationClientUri":"https://op.example/reg/app","tokenEnv":"APP_RAT"}`.
 * - the id a JwkSet got when it was created (`file:{"kind":"file","id":"/srv/jwks.json"}`,
 *   `okta:{"kind":"okta","id":{"orgUrl":...,"appId":...}}`); a Janssen target needs the JSON form (its
 *   token URL is not part of the id).
 */
import { clientFailures, type ClientConfig } from "../registry/clients";
import { targetFailures } from "../registry/targets";
import type { TargetConfig } from "../registry/targets";
import { JwksImportIdError } from "../errors";

const FORMS = '`file:<path>`, `okta:<appId>@<orgUrl>`, `url:<JWKS URL>`, or the target configuration as JSON (`{"kind":"janssen",...}`)';

function parseJson(id: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new JwksImportIdError(id, `not valid JSON; expected ${FORMS}`);
  }
}

/** The configuration of a created JwkSet's id (`<kind>:{"kind":<kind>,"id":<identity>}`, jwkset-provider.ts). */
function fromCreatedId(id: string, kind: string, identity: unknown): Record<string, unknown> {
  const named = identity as { kind?: unknown; id?: unknown } | null;
  if (typeof named !== "object" || named === null || named.kind !== kind) throw new JwksImportIdError(id, `expected ${FORMS}`);
  if (kind === "file" && typeof named.id === "string") return { kind, path: named.id };
  if (kind === "url" && typeof named.id === "string") return { kind, url: named.id };
  if (kind === "okta" && typeof named.id === "object" && named.id !== null) return { kind, ...named.id };
  throw new JwksImportIdError(id, `a ${kind} target's id does not say everything needed to reach it; give ${FORMS}`);
}

function configOf(id: string): Record<string, unknown> {
  if (id.startsWith("{")) {
    const config = parseJson(id, id);
    if (typeof config !== "object" || config === null || Array.isArray(config)) throw new JwksImportIdError(id, `expected ${FORMS}`);
    return config as Record<string, unknown>;
  }
  const colon = id.indexOf(":");
  const kind = colon > 0 ? id.slice(0, colon) : "";
  const rest = id.slice(colon + 1);
  if (rest.startsWith("{")) return fromCreatedId(id, kind, parseJson(id, rest));
  if (kind === "file" && rest.length > 0) return { kind, path: rest };
  if (kind === "url" && rest.length > 0) return { kind, url: rest };
  if (kind === "okta") {
    const at = rest.indexOf("@");
    if (at > 0) return { kind, appId: rest.slice(0, at), orgUrl: rest.slice(at + 1) };
  }
  throw new JwksImportIdError(id, `expected ${FORMS}`);
}

/**
 * The target configuration an import id names, checked like a JwkSet's `target` input.
 *
 * @example
 * targetOfImportId("okta:0oa1@https://acme.okta.com") // { kind: "okta", appId: "0oa1", orgUrl: "https://acme.okta.com" }
 */
export function targetOfImportId(id: string): TargetConfig {
  const config = configOf(id.trim());
  const failures = targetFailures(config, "target");
  if (failures.length > 0) throw new JwksImportIdError(id, failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
  return config as unknown as TargetConfig;
}

/**
 * The client reference a ClientKeyBinding import id names: the reference as JSON, checked like the `client`
 * input (a credential pasted in is an unknown member).
 *
 * @example
 * clientOfImportId('{"kind":"rfc7592","registrationClientUri":"https://op.example/reg/app"}')
 */
export function clientOfImportId(id: string): ClientConfig {
  const text = id.trim();
  const config = text.startsWith("{") ? parseJson(id, text) : undefined;
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new JwksImportIdError(id, 'expected the client reference as JSON, e.g. {"kind":"rfc7592","registrationClientUri":"..."}');
  }
  const failures = clientFailures(config, "client");
  if (failures.length > 0) throw new JwksImportIdError(id, failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
  return config as ClientConfig;
}
