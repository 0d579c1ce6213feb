/**
 * Chooses a client kind's adapter from a typed map by `kind`; an unknown kind is an explicit error naming the
 * kinds there are. Adding a kind: its module exports a `ClientKind` and its config type; add one line to
 * `KINDS` and one member to `ClientConfig` (and, for a kind with its own section, one entry in
 * registry/client-sections.ts).
 */
import { JwkInputError, type InputFailure } from "../errors";
import { hydraKind, type HydraClientConfig } from "../vendors/hydra/client";
import { janssenClientKind, type JanssenClientConfig } from "../vendors/janssen/client";
import { keycloakKind, type KeycloakClientConfig } from "../vendors/keycloak/client";
import { oktaClientKind, type OktaClientConfig } from "../vendors/okta/client";
import { pingOneKind, type PingOneClientConfig } from "../vendors/pingone/client";
import { reachFiveKind, type ReachFiveClientConfig } from "../vendors/reachfive/client";
import { rfc7592Kind, type Rfc7592ClientConfig } from "../clients/rfc7592/rfc7592";
import { queuedBinder } from "../clients/queued";
import type { ClientBinder, ClientKind, ClientOpenContext, DeclaredBinding, KindSection, LiveBinding } from "../clients/types";
import { CLIENT_SECTIONS, SECTION_INPUTS } from "./client-sections";

/** Every client kind this package can bind keys to, discriminated by `kind`. */
export type ClientConfig =
  | Rfc7592ClientConfig
  | KeycloakClientConfig
  | HydraClientConfig
  | JanssenClientConfig
  | OktaClientConfig
  | PingOneClientConfig
  | ReachFiveClientConfig;

// A kind's section types (`ClientKind<C, S, L>`) stay the kind's: the generic logic sees them as `unknown`.
const KINDS: { [K in ClientConfig["kind"]]: ClientKind<Extract<ClientConfig, { kind: K }>> } = {
  rfc7592: rfc7592Kind,
  keycloak: keycloakKind,
  hydra: hydraKind,
  janssen: janssenClientKind,
  okta: oktaClientKind,
  pingone: pingOneKind,
  reachfive: reachFiveKind,
};

/** Client kinds this package can bind keys to. */
export const CLIENT_KINDS = Object.keys(KINDS) as ClientConfig["kind"][];

function kindOf(config: ClientConfig): ClientKind<ClientConfig> {
  return KINDS[config.kind];
}

/** Everything wrong with a client reference, by property path. */
export function clientFailures(value: unknown, path: string): InputFailure[] {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return [{ property: path, reason: `must be an object with a "kind" (${CLIENT_KINDS.join(", ")})` }];
  const c = value as Record<string, unknown>;
  if (!CLIENT_KINDS.includes(c.kind as ClientConfig["kind"]))
    return [
      { property: `${path}.kind`, reason: `unknown client kind ${JSON.stringify(c.kind)}; expected one of ${CLIENT_KINDS.join(", ")}` },
    ];
  return kindOf(c as unknown as ClientConfig).configFailures(c, path);
}

/** The input properties of the kinds' own sections, e.g. a kind's name (registry/client-sections.ts). */
export const KIND_SECTIONS: readonly string[] = SECTION_INPUTS;

/** The section the client's kind binds, if it binds one. */
export function sectionOf(config: ClientConfig): KindSection | undefined {
  return (KINDS[config.kind] as ClientKind<ClientConfig> | undefined)?.section;
}

/** A kind's own section declared for a client of another kind (`kind` as given, possibly invalid). */
export function foreignSectionFailures(kind: unknown, declared: Readonly<Record<string, unknown>>): InputFailure[] {
  return CLIENT_SECTIONS.filter((s) => declared[s.name] !== undefined && sectionOfKind(kind) !== s).map((s) => ({
    property: s.name,
    reason: s.foreignReason(kind),
  }));
}

/** Whether the binding names a section instead of keys: its kind binds one, or one is declared (refused elsewhere). */
export function bindsSection(kind: unknown, declared: Readonly<Record<string, unknown>>): boolean {
  return sectionOfKind(kind) !== undefined || CLIENT_SECTIONS.some((s) => declared[s.name] !== undefined);
}

function sectionOfKind(kind: unknown): KindSection | undefined {
  return CLIENT_KINDS.includes(kind as ClientConfig["kind"]) ? sectionOf({ kind } as ClientConfig) : undefined;
}

/** The declared binding's section: the client kind's own input property, if its kind has one. */
export function declaredSection(config: ClientConfig, declared: Readonly<Record<string, unknown>>): { section?: unknown } {
  const name = sectionOf(config)?.name;
  return name !== undefined && declared[name] !== undefined ? { section: declared[name] } : {};
}

/** Setting drift of the kind's own section, if it has one. */
export function sectionDrift(
  config: ClientConfig,
  declared: DeclaredBinding,
  live: LiveBinding,
  recorded: Readonly<Record<string, unknown>> | undefined,
): { settings: string[]; notes: string[] } {
  return sectionOf(config)?.drift(declared, live, recorded) ?? { settings: [], notes: [] };
}

/** What the client's kind cannot bind (checked before anything is sent). */
export function clientBindingFailures(config: ClientConfig, declared: DeclaredBinding, path: string): InputFailure[] {
  // Another kind's section never reaches here: `declaredSection` carries only the client kind's own, and
  // `foreignSectionFailures` refuses the others by input property.
  return kindOf(config).bindingFailures(declared, path);
}

/** What names the client: a binding whose client identity changes is replaced. */
export function clientIdentity(config: ClientConfig): unknown {
  return { kind: config.kind, id: kindOf(config).identity(config) };
}

/**
 * Opens the adapter for a client reference.
 *
 * @example
 * const binder = openClient({ kind: "rfc7592", registrationClientUri: "https://op.example/reg/abc" })
 */
/** The environment variables the client's kind reads its credentials from (names, never values). */
export function clientCredentialVariables(config: ClientConfig): string[] {
  return kindOf(config).credentialVariables?.(config) ?? [];
}

export function openClient(config: ClientConfig, context: ClientOpenContext = {}): ClientBinder {
  const failures = clientFailures(config, "client");
  if (failures.length > 0) throw new JwkInputError(failures);
  // Every write to one client, by any binding in this process, queues behind the others (clients/queued.ts).
  return queuedBinder(kindOf(config).open(config, context));
}
