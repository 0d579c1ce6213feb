/**
 * Everything wrong with `ClientKeyBinding` inputs, by property path, before anything is sent: the client
 * reference, the keys (public, unique kids, `use: "sig"` when they authenticate the client, the client's
 * signing alg), `jwksUri`, `mode` and `auth`. Pure; unknown (preview-time) values are skipped.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7523#section-2.2 (a client assertion is a JWS signed with a client key)
 */
import { JwkInputError, type InputFailure } from "../../errors";
import { clientFailures, clientKindOf, KIND_SECTIONS, type ClientConfig } from "../../registry/clients";
import { CLIENT_SECTIONS, type SectionInputs } from "../../registry/client-sections";
import type { ClientBinder, ClientKind, DeclaredBinding, KindSection } from "../../clients/types";
import { SET_MODES, type SetMode } from "../../core/jwks/diff";
import { keySetFailures } from "../../core/jwks/validate";
import type { PublicJwk } from "../../core/keys/material";
import { urlFailures } from "../../targets/kind";
import { containsUnknown, UNKNOWN } from "../../pulumi/values";

/** Token endpoint auth settings of a binding. */
export interface BindingAuth {
  /** `token_endpoint_auth_method`, e.g. "private_key_jwt"; absent leaves the client's as it is. */
  method?: string;
  /** `token_endpoint_auth_signing_alg`, e.g. "ES256"; absent leaves the client's as it is. */
  signingAlg?: string;
}

/** `ClientKeyBinding` inputs, plus the client kinds' own sections (one property each, typed in the kind's folder). */
export interface BindingInputs extends SectionInputs {
  client: ClientConfig;
  keys?: PublicJwk[];
  jwksUri?: string;
  mode?: SetMode;
  auth?: BindingAuth;
}

const asRecord = (inputs: BindingInputs) => inputs as unknown as Readonly<Record<string, unknown>>;

/** RFC 7591 section 2 and OpenID Connect Core section 9. */
export const AUTH_METHODS = [
  "private_key_jwt",
  "client_secret_jwt",
  "client_secret_basic",
  "client_secret_post",
  "tls_client_auth",
  "self_signed_tls_client_auth",
  "none",
] as const;
/** JWS algorithms a client assertion can be signed with by a client key (RFC 7518 section 3.1, RFC 8037). */
export const SIGNING_ALGS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA", "Ed25519"];

const known = (v: unknown) => v !== undefined && !containsUnknown(v);

/** Whether the keys sign client assertions: unless the binding sets an auth method other than private_key_jwt. */
export function keysAuthenticate(auth: BindingAuth | undefined): boolean {
  return auth?.method === undefined || auth.method === "private_key_jwt";
}

/** What a key cannot do in this binding: sign client assertions without `use: "sig"`, or with another alg. */
export function keyPurposeFailures(keys: readonly PublicJwk[], auth: BindingAuth | undefined, path: string, signingAlg = auth?.signingAlg) {
  const authenticate = keysAuthenticate(auth);
  return keys.flatMap((k, i): InputFailure[] => {
    const at = `${path}[${i}]`;
    if (k.use === undefined)
      return [
        {
          property: `${at}.use`,
          reason:
            'required: "sig" for a key that signs client assertions ("enc" to encrypt to the client); servers skip client keys without it',
        },
      ];
    if (k.use === "enc" && authenticate)
      return [
        { property: `${at}.use`, reason: `an "enc" key cannot sign client assertions (auth method private_key_jwt); bind a "sig" key` },
      ];
    if (k.use === "sig" && signingAlg !== undefined && k.alg !== undefined && k.alg !== signingAlg)
      return [
        {
          property: `${at}.alg`,
          reason: `"${k.alg}" is not the client's signing alg "${signingAlg}" (auth.signingAlg); the server would refuse its assertions`,
        },
      ];
    return [];
  });
}

function authFailures(auth: unknown): InputFailure[] {
  if (auth === undefined || containsUnknown(auth)) return [];
  if (typeof auth !== "object" || auth === null || Array.isArray(auth))
    return [{ property: "auth", reason: "must be an object { method, signingAlg }" }];
  const a = auth as Record<string, unknown>;
  const f: InputFailure[] = Object.keys(a)
    .filter((m) => m !== "method" && m !== "signingAlg")
    .map((m) => ({ property: `auth.${m}`, reason: "unknown member; auth takes method and signingAlg" }));
  if (a.method !== undefined && !AUTH_METHODS.includes(a.method as (typeof AUTH_METHODS)[number]))
    f.push({ property: "auth.method", reason: `must be one of ${AUTH_METHODS.join(", ")}, not ${JSON.stringify(a.method)}` });
  if (a.signingAlg !== undefined && !SIGNING_ALGS.includes(a.signingAlg as string))
    f.push({
      property: "auth.signingAlg",
      reason: `must be an asymmetric JWS alg (${SIGNING_ALGS.join(", ")}), not ${JSON.stringify(a.signingAlg)}`,
    });
  return f;
}

/** The declared binding handed to the client kind (defaults applied; the kind's own section, if it has one). */
export function declaredOf(inputs: BindingInputs, section: KindSection | undefined): DeclaredBinding {
  const own = section !== undefined ? asRecord(inputs)[section.name] : undefined;
  return {
    mode: inputs.mode ?? "additive",
    ...(inputs.keys !== undefined ? { keys: inputs.keys } : {}),
    ...(inputs.jwksUri !== undefined ? { jwksUri: inputs.jwksUri } : {}),
    ...(inputs.auth?.method !== undefined ? { authMethod: inputs.auth.method } : {}),
    ...(inputs.auth?.signingAlg !== undefined ? { signingAlg: inputs.auth.signingAlg } : {}),
    ...(own !== undefined ? { section: own } : {}),
  };
}

/** The kinds' own sections as declared (kept in the outputs too, e.g. to tell a changed rotation trigger). */
export function declaredSections(inputs: BindingInputs): Partial<SectionInputs> {
  const given = asRecord(inputs);
  return Object.fromEntries(KIND_SECTIONS.filter((name) => given[name] !== undefined).map((name) => [name, given[name]]));
}

/** What a client kind tells the binding logic: its rules (what it cannot bind, its own section). */
type KindRules = Pick<ClientKind<ClientConfig>, "bindingFailures" | "section">;

/**
 * Everything wrong with ClientKeyBinding inputs.
 *
 * @example
 * await bindingInputFailures({ client: { kind: "rfc7592", registrationClientUri: uri }, keys: [encKey] })
 * // [{ property: "keys[0].use", reason: 'an "enc" key cannot sign client assertions ...' }]
 */
export async function bindingInputFailures(inputs: BindingInputs): Promise<InputFailure[]> {
  const f: InputFailure[] = [];
  if (!containsUnknown(inputs.client)) f.push(...clientFailures(inputs.client, "client"));
  f.push(...(await declarationFailures(inputs, clientKindOf(inputs.client?.kind), f.length)));
  return f;
}

/** Everything wrong with the inputs but the client reference, given its kind's rules (`undefined`: no such kind). */
async function declarationFailures(inputs: BindingInputs, kind: KindRules | undefined, clientFailureCount = 0): Promise<InputFailure[]> {
  const f: InputFailure[] = [];
  if (inputs.mode !== undefined && (inputs.mode as string) !== UNKNOWN && !SET_MODES.includes(inputs.mode))
    f.push({ property: "mode", reason: `must be "additive" or "exclusive", not ${JSON.stringify(inputs.mode)}` });
  f.push(...authFailures(inputs.auth));
  // A kind's own section (a policy, server-generated keys) binds something other than keys; the kind checks it
  // has what it needs, and every other kind refuses it.
  const declared = asRecord(inputs);
  if (!containsUnknown(inputs.client))
    f.push(
      ...CLIENT_SECTIONS.filter((s) => declared[s.name] !== undefined && kind?.section !== s).map((s) => ({
        property: s.name,
        reason: s.foreignReason(inputs.client?.kind),
      })),
    );
  const bindsSection = kind?.section !== undefined || CLIENT_SECTIONS.some((s) => declared[s.name] !== undefined);
  if (inputs.keys === undefined && inputs.jwksUri === undefined && !bindsSection)
    f.push({ property: "keys", reason: "one of keys (public JWKs, e.g. Jwk.publicJwk) or jwksUri is required" });
  if (inputs.keys !== undefined && inputs.jwksUri !== undefined)
    f.push({ property: "jwksUri", reason: "give keys or jwksUri, not both: a client has either jwks or jwks_uri (RFC 7591)" });
  if (known(inputs.jwksUri)) f.push(...urlFailures(inputs.jwksUri, "jwksUri"));
  if (known(inputs.keys)) {
    if (!Array.isArray(inputs.keys)) f.push({ property: "keys", reason: "must be an array of public JWKs" });
    else {
      const keyFailures = await keySetFailures(inputs.keys, "keys");
      f.push(...keyFailures);
      if (keyFailures.length === 0 && !containsUnknown(inputs.auth)) f.push(...keyPurposeFailures(inputs.keys, inputs.auth, "keys"));
      if (inputs.keys.length === 0 && inputs.auth?.method === "private_key_jwt")
        f.push({ property: "keys", reason: "auth method private_key_jwt needs at least one key (or a jwksUri)" });
    }
  }
  // Another kind's section never reaches the kind: `declaredOf` carries only its own, and the others are refused above.
  if (f.length + clientFailureCount === 0 && kind !== undefined && !containsUnknown(inputs))
    f.push(...kind.bindingFailures(declaredOf(inputs, kind.section), "keys"));
  return f;
}

/**
 * A binding as the provider methods work on it, parsed once at their boundary: the inputs (or stored outputs)
 * as given, the declared binding handed to the kind, the client's adapter and its kind's section.
 */
export interface ParsedBinding<I extends BindingInputs = BindingInputs> {
  readonly inputs: I;
  readonly declared: DeclaredBinding;
  readonly binder: ClientBinder;
  /** The kind's own section (drift, what it records), if it has one. */
  readonly section: KindSection | undefined;
}

/**
 * The one parse of a create's or an update's inputs: throws `JwkInputError` listing every failure, so nothing is
 * sent for a binding the engine's check would refuse (the engine checked them already; direct callers may not).
 *
 * @param client the opened client (registry/clients.ts `openClient`), or a kind's rules with an adapter of one's own
 */
export async function parseBinding(inputs: BindingInputs, client: { kind: KindRules; binder: ClientBinder }): Promise<ParsedBinding> {
  const failures = await declarationFailures(inputs, client.kind);
  if (failures.length > 0) throw new JwkInputError(failures);
  return storedBinding(inputs, client);
}

/** A binding as stored (refresh, destroy): taken as written, by this version or an older one. */
export function storedBinding<I extends BindingInputs>(stored: I, client: { kind: KindRules; binder: ClientBinder }): ParsedBinding<I> {
  const section = client.kind.section;
  return { inputs: stored, declared: declaredOf(stored, section), binder: client.binder, section };
}
