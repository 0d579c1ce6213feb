/**
 * The `ClientKeyBinding` resource's behaviour as functions over a client kind's binder: bind (create and
 * update), measure drift (refresh), release (destroy), and decide update versus replace. Pulumi specifics stay
 * in binding.ts / binding-provider.ts; vendor specifics in each kind's folder (provider/vendors/<vendor>/client.ts).
 */
import { isDeepStrictEqual } from "node:util";
import { ClientNotFoundError, isClientNotFound, JwkInputError } from "../../errors";
import { clientIdentity, KIND_SECTIONS, type ClientConfig } from "../../registry/clients";
import { canReadListed, type DeclaredBinding, type LiveBinding } from "../../clients/types";
import type { SectionOutputs } from "../../registry/client-sections";
import { canonicalKeys } from "../../core/jwks/document";
import type { SetMode } from "../../core/jwks/diff";
import type { PublicJwk } from "../../core/keys/material";
import { declaredSections, keyPurposeFailures, type BindingAuth, type BindingInputs, type ParsedBinding } from "./check";
import { driftOf } from "../../core/jwks/drift";
import { containsUnknown } from "../../pulumi/values";

/** How the client differs from the binding. Empty lists mean no drift. */
export interface BindingDrift {
  /** Bound kids the client does not have. */
  missing: string[];
  /** Bound kids the client has with other content, or holds without accepting them (e.g. INACTIVE keys). */
  changed: string[];
  /** Keys on the client that were not bound (exclusive mode only; additive mode leaves them alone). */
  unexpected: string[];
  /** Declared settings the client no longer has: "authMethod", "signingAlg", "jwksUri", or a kind section's ("<section>.<member>"). */
  settings: string[];
  /** What each kind-specific setting drift means and what up does about it (the kind's `section.drift`). */
  notes?: string[];
}

/** `ClientKeyBinding` outputs, plus what the client kinds' own sections record (typed in the kind's folder). */
export interface BindingOutputs extends SectionOutputs {
  client: ClientConfig;
  mode: SetMode;
  /** The declared keys (canonical order), when bound by keys. */
  keys?: PublicJwk[];
  jwksUri?: string;
  auth?: BindingAuth;
  /** Kids this binding bound (and owns). */
  kids: string[];
  /** `token_endpoint_auth_method` as read back from the client. */
  authMethod?: string;
  /** `token_endpoint_auth_signing_alg` as read back from the client. */
  signingAlg?: string;
  drift: BindingDrift;
  /** Keys on the client this binding does not own and leaves alone (additive mode). */
  foreignKids: string[];
}

/** Receives progress and warnings; never given a secret. */
export type Notify = (severity: "info" | "warning", message: string) => void | Promise<void>;

/**
 * Compares the declared binding with the client's live one. Pure. What the kind recorded at the last up is in
 * the outputs refresh compares with (`binding.inputs`; absent on create).
 */
export function measureBinding(binding: ParsedBinding, live: LiveBinding): { drift: BindingDrift; foreignKids: string[] } {
  const { inputs, declared } = binding;
  const mode = declared.mode;
  const inactive = new Set(live.inactiveKids ?? []);
  const { drift, foreignKids } = driftOf(inputs.keys ?? [], live.keys, mode, (kid) => inactive.has(kid));
  const settings: string[] = [];
  if (inputs.auth?.method !== undefined && live.authMethod !== inputs.auth.method) settings.push("authMethod");
  if (inputs.auth?.signingAlg !== undefined && live.signingAlg !== inputs.auth.signingAlg) settings.push("signingAlg");
  if (inputs.jwksUri !== undefined ? live.jwksUri !== inputs.jwksUri : live.jwksUri !== undefined && mode === "exclusive")
    settings.push("jwksUri");
  const own = binding.section?.drift(declared, live, inputs as unknown as Readonly<Record<string, unknown>>) ?? { settings: [], notes: [] };
  settings.push(...own.settings);
  const notes = own.notes;
  const result: BindingDrift = { missing: drift.missing, changed: drift.changed, unexpected: drift.unexpected, settings };
  return { drift: notes.length > 0 ? { ...result, notes } : result, foreignKids };
}

export function hasBindingDrift(d: BindingDrift | undefined): boolean {
  return d !== undefined && d.missing.length + d.changed.length + d.unexpected.length + d.settings.length > 0;
}

/** Report: the outputs for the binding given the client's binding as read back. Pure. */
export function bindingOutputs(binding: ParsedBinding, live: LiveBinding): BindingOutputs {
  const { inputs } = binding;
  const keys = inputs.keys === undefined ? undefined : canonicalKeys(inputs.keys);
  return {
    client: inputs.client,
    mode: binding.declared.mode,
    ...(keys !== undefined ? { keys } : {}),
    ...(inputs.jwksUri !== undefined ? { jwksUri: inputs.jwksUri } : {}),
    ...(inputs.auth !== undefined ? { auth: inputs.auth } : {}),
    ...declaredSections(inputs),
    ...binding.section?.record(live),
    kids: (keys ?? []).map((k) => k.kid),
    ...(live.authMethod !== undefined ? { authMethod: live.authMethod } : {}),
    ...(live.signingAlg !== undefined ? { signingAlg: live.signingAlg } : {}),
    ...measureBinding(binding, live),
  };
}

/**
 * Plan: what the declared keys cannot do on this client as it is now (pure). When the binding leaves the signing
 * alg to the client, the keys must match the client's alg.
 */
export function planFailures(declared: DeclaredBinding, auth: BindingAuth | undefined, live: LiveBinding, client: string) {
  if (declared.keys === undefined || declared.signingAlg !== undefined || live.signingAlg === undefined) return [];
  return keyPurposeFailures(declared.keys, auth, "keys", live.signingAlg).map((f) => ({
    ...f,
    reason: `${f.reason} (as ${client} has it)`,
  }));
}

/**
 * Makes the client carry the parsed binding (create and update) and returns the outputs as read back: plan
 * against the live client, apply through the kind's adapter, report. A client that does not exist is an error
 * naming it, and nothing is sent when the plan fails.
 *
 * @param owned kids this binding bound before (empty on create)
 * @param previous what was declared before (update; absent on create)
 */
export async function bindClient(binding: ParsedBinding, owned: readonly string[], previous?: DeclaredBinding): Promise<BindingOutputs> {
  const { declared, binder } = binding;
  // The client's own alg is what the keys must match when the binding leaves it alone: read it first (the
  // binder reads again before writing; one GET more only for bindings that do not declare the alg).
  if (declared.keys !== undefined && declared.signingAlg === undefined) {
    const before = await binder.read();
    if (before === undefined) throw new ClientNotFoundError(binder.name, "the server has no such client; nothing was changed");
    const failures = planFailures(declared, binding.inputs.auth, before, binder.name);
    if (failures.length > 0) throw new JwkInputError(failures);
  }
  return bindingOutputs(binding, await binder.apply(declared, owned, previous));
}

/** Refresh: the outputs as the client is now; `undefined` when the client is gone (404). */
export async function readBinding(stored: ParsedBinding<BindingOutputs>): Promise<BindingOutputs | undefined> {
  const olds = stored.inputs;
  // Refresh reads many bindings at once: where the server lists its clients, one list answers them all.
  const live = await (canReadListed(stored.binder) ? stored.binder.readListed() : stored.binder.read());
  if (live === undefined) return undefined;
  const measured: Record<string, unknown> = { ...olds, ...bindingOutputs(stored, live), kids: olds.kids };
  // Some of what a kind records stays as recorded until an up accepts the change, so the drift stays visible.
  const recorded: Record<string, unknown> = { ...olds };
  for (const name of stored.section?.keptOnRefresh ?? []) if (recorded[name] !== undefined) measured[name] = recorded[name];
  return measured as unknown as BindingOutputs;
}

/** Whether a client is left unable to authenticate: private_key_jwt with no key and no jwks_uri. */
export function leftWithoutKey(live: LiveBinding): boolean {
  return live.authMethod === "private_key_jwt" && live.keys.length === 0 && live.jwksUri === undefined;
}

/**
 * Destroy: removes only the kids (and the jwksUri) this binding bound, then says so when the client is left
 * using private_key_jwt with no key at all. A client that no longer exists has nothing left to release.
 */
export async function releaseBinding(stored: ParsedBinding<BindingOutputs>, notify: Notify): Promise<LiveBinding | undefined> {
  const { inputs: olds, binder } = stored;
  let after: LiveBinding;
  try {
    after = await binder.release(olds.kids, olds.jwksUri, stored.declared);
  } catch (e) {
    if (!isClientNotFound(e)) throw e;
    await notify("info", `${e.message}; nothing is left to release, so destroy only removes the binding from the stack`);
    return undefined;
  }
  if (leftWithoutKey(after))
    await notify(
      "warning",
      `${binder.name} still authenticates with private_key_jwt but has no key left after this binding released ` +
        `${olds.kids.length > 0 ? olds.kids.join(", ") : "its jwksUri"}: it cannot obtain tokens until a key is bound`,
    );
  return after;
}

/** A one-line account of drift for the CLI, or undefined when there is none. */
export function formatBindingDrift(client: string, d: BindingDrift): string | undefined {
  if (!hasBindingDrift(d)) return undefined;
  const parts = [
    d.missing.length > 0 ? `missing ${d.missing.join(", ")} (up binds them again)` : "",
    d.changed.length > 0 ? `changed ${d.changed.join(", ")} (up restores them)` : "",
    d.unexpected.length > 0 ? `unexpected ${d.unexpected.join(", ")} (exclusive: up removes them)` : "",
    d.settings.length > 0 && !d.notes?.length ? `settings changed: ${d.settings.join(", ")} (up sets them again)` : "",
    ...(d.notes ?? []),
  ].filter((p) => p !== "");
  return `drift on ${client}: ${parts.join("; ")}`;
}

const field = (o: object, name: string) => (o as Record<string, unknown>)[name];

/**
 * Update or replace: another client (identity) replaces the binding (bind the new one, then release the old);
 * new keys, mode, auth, client settings or drift found by refresh update in place.
 */
export function diffBinding(olds: BindingOutputs, news: BindingInputs): { changes: boolean; replaces: string[] } {
  const replaces =
    containsUnknown(news.client) || !isDeepStrictEqual(clientIdentity(news.client), clientIdentity(olds.client)) ? ["client"] : [];
  const keysChanged =
    containsUnknown(news.keys) ||
    !isDeepStrictEqual(
      news.keys === undefined ? undefined : canonicalKeys(news.keys),
      olds.keys === undefined ? undefined : canonicalKeys(olds.keys),
    );
  const changes =
    replaces.length > 0 ||
    keysChanged ||
    !isDeepStrictEqual(news.client, olds.client) ||
    news.jwksUri !== olds.jwksUri ||
    !isDeepStrictEqual(news.auth, olds.auth) ||
    KIND_SECTIONS.some((name) => !isDeepStrictEqual(field(news, name), field(olds, name))) ||
    (news.mode ?? "additive") !== olds.mode ||
    hasBindingDrift(olds.drift);
  return { changes, replaces };
}
