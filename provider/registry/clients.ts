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
import type { ClientBinder, ClientKind, ClientOpenContext } from "../clients/types";
import { SECTION_INPUTS } from "./client-sections";

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

/** The rules of the kind named `kind` (as given, possibly invalid): what it cannot bind, its own section. */
export function clientKindOf(kind: unknown): ClientKind<ClientConfig> | undefined {
  return CLIENT_KINDS.includes(kind as ClientConfig["kind"]) ? KINDS[kind as ClientConfig["kind"]] : undefined;
}

/** What names the client: a binding whose client identity changes is replaced. */
export function clientIdentity(config: ClientConfig): unknown {
  return { kind: config.kind, id: kindOf(config).identity(config) };
}

/**
 * A client reference checked and opened for one operation: all the binding logic asks the registry, in one call.
 */
export interface OpenedClient {
  /** The kind's rules: what it cannot bind (`bindingFailures`) and its own section, if it has one. */
  readonly kind: ClientKind<ClientConfig>;
  /** The client's adapter; its writes queue behind every other writer of the same client (clients/queued.ts). */
  readonly binder: ClientBinder;
  /** What names the client (`clientIdentity`). */
  readonly identity: unknown;
}

/**
 * Checks a client reference (an explicit error listing what is wrong) and opens its adapter.
 *
 * @example
 * const { binder } = openClient({ kind: "rfc7592", registrationClientUri: "https://op.example/reg/abc" })
 */
/** The environment variables the client's kind reads its credentials from (names, never values). */
export function clientCredentialVariables(config: ClientConfig): string[] {
  return kindOf(config).credentialVariables?.(config) ?? [];
}

export function openClient(config: ClientConfig, context: ClientOpenContext = {}): OpenedClient {
  const failures = clientFailures(config, "client");
  if (failures.length > 0) throw new JwkInputError(failures);
  const kind = kindOf(config);
  // Every write to one client, by any binding in this process, queues behind the others (clients/queued.ts).
  return { kind, binder: queuedBinder(kind.open(config, context)), identity: { kind: config.kind, id: kind.identity(config) } };
}
