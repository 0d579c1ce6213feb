/**
 * The `JwkSet` resource's behaviour as functions over a target adapter: validate, publish, detect drift,
 * decide update versus replace, withdraw. Pulumi specifics stay in jwkset.ts / jwkset-provider.ts.
 */
import { JwkInputError, type InputFailure } from "../errors";
import { canonicalKeys } from "../jwks/document";
import { diffKeySets, sameKey, type SetMode } from "../jwks/diff";
import { keySetFailures } from "../jwks/validate";
import type { PublicJwk } from "../keys/material";
import { applyDiff } from "../targets/apply";
import { openTarget, targetFailures } from "../targets/index";
import type { KeySetTarget, TargetConfig } from "../targets/types";
import { stableStringify } from "../util/stable-json";
import { containsUnknown, UNKNOWN } from "./values";

export interface JwkSetInputs {
  target: TargetConfig;
  keys: PublicJwk[];
  /** Default "additive": never remove keys this stack did not publish unless asked to. */
  mode?: SetMode;
}

/** How the live set differs from the declared one, by kid. Empty lists mean no drift. */
export interface Drift {
  /** Declared keys the target does not hold. */
  missing: string[];
  /** Declared keys the target holds with other content. */
  changed: string[];
  /** Keys the target holds that were not declared (exclusive mode only; additive mode leaves them alone). */
  unexpected: string[];
}

export interface JwkSetOutputs {
  target: TargetConfig;
  mode: SetMode;
  /** The declared keys as published, canonical order. */
  keys: PublicJwk[];
  /** Kids this resource published and owns. */
  kids: string[];
  /** Drift found by the last read (refresh); empty right after create or update. */
  drift: Drift;
  /** Live kids this resource does not own and leaves alone (additive mode). */
  foreignKids: string[];
}

const MODES: readonly SetMode[] = ["exclusive", "additive"];

/** Everything wrong with JwkSet inputs, by property path. Unknown (preview-time) values are skipped. */
export async function jwkSetInputFailures(inputs: JwkSetInputs): Promise<InputFailure[]> {
  const f: InputFailure[] = [];
  if (!containsUnknown(inputs.target)) f.push(...targetFailures(inputs.target, "target"));
  if (inputs.mode !== undefined && (inputs.mode as string) !== UNKNOWN && !MODES.includes(inputs.mode)) {
    f.push({ property: "mode", reason: `must be "exclusive" or "additive", not ${JSON.stringify(inputs.mode)}` });
  }
  if (!Array.isArray(inputs.keys)) {
    if (inputs.keys !== UNKNOWN) f.push({ property: "keys", reason: "required, an array of public JWKs" });
  } else if (!containsUnknown(inputs.keys)) {
    f.push(...(await keySetFailures(inputs.keys, "keys")));
  }
  return f;
}

function modeOf(inputs: { mode?: SetMode | undefined }): SetMode {
  return inputs.mode ?? "additive";
}

async function assertValid(inputs: JwkSetInputs): Promise<void> {
  const failures = await jwkSetInputFailures(inputs);
  if (failures.length > 0) throw new JwkInputError(failures);
}

/** Compares declared keys with live keys. */
export function driftOf(declared: readonly PublicJwk[], live: readonly Record<string, unknown>[], mode: SetMode): { drift: Drift; foreignKids: string[] } {
  const liveByKid = new Map(live.filter((k) => typeof k.kid === "string").map((k) => [k.kid as string, k]));
  const declaredKids = new Set(declared.map((k) => k.kid));
  const drift: Drift = { missing: [], changed: [], unexpected: [] };
  for (const k of declared) {
    const l = liveByKid.get(k.kid);
    if (!l) drift.missing.push(k.kid);
    else if (!sameKey(l, k)) drift.changed.push(k.kid);
  }
  const others = live.filter((k) => !(typeof k.kid === "string" && declaredKids.has(k.kid))).map((k) => (typeof k.kid === "string" ? k.kid : "(no kid)"));
  if (mode === "exclusive") drift.unexpected.push(...others);
  return { drift, foreignKids: mode === "additive" ? others.sort() : [] };
}

function hasDrift(d: Drift | undefined): boolean {
  return d !== undefined && d.missing.length + d.changed.length + d.unexpected.length > 0;
}

/**
 * Makes the target hold the declared keys and returns the outputs, measured from a fresh read of the target.
 *
 * @param owned kids published by this resource before (empty on create)
 */
export async function publishKeySet(inputs: JwkSetInputs, owned: readonly string[], target: KeySetTarget = openTarget(inputs.target)): Promise<JwkSetOutputs> {
  await assertValid(inputs);
  const mode = modeOf(inputs);
  const desired = canonicalKeys(inputs.keys);
  const live = await target.list();
  await applyDiff(target, live, await diffKeySets(desired, live, { mode, owned }));
  const after = await target.list();
  const measured = driftOf(desired, after, mode);
  return { target: inputs.target, mode, keys: desired, kids: desired.map((k) => k.kid), ...measured };
}

/** Reads the live set and reports drift against what was last published (refresh). */
export async function readKeySet(olds: JwkSetOutputs, target: KeySetTarget = openTarget(olds.target)): Promise<JwkSetOutputs> {
  const live = await target.list();
  return { ...olds, ...driftOf(olds.keys, live, olds.mode) };
}

/** Removes what this resource published; keys it does not own stay. */
export async function withdrawKeySet(olds: JwkSetOutputs, target: KeySetTarget = openTarget(olds.target)): Promise<void> {
  const live = await target.list();
  await applyDiff(target, live, await diffKeySets([], live, { mode: "additive", owned: olds.kids }));
}

/**
 * Update or replace: a new target replaces (publish there, then withdraw from the old one); new keys, a new
 * mode or drift found by refresh update in place.
 */
export function diffKeySet(olds: JwkSetOutputs, news: JwkSetInputs): { changes: boolean; replaces: string[] } {
  const replaces = containsUnknown(news.target) || stableStringify(news.target) !== stableStringify(olds.target) ? ["target"] : [];
  const keysChanged = containsUnknown(news.keys) || stableStringify(canonicalKeys(news.keys)) !== stableStringify(canonicalKeys(olds.keys));
  const changes = replaces.length > 0 || keysChanged || modeOf(news) !== olds.mode || hasDrift(olds.drift);
  return { changes, replaces };
}
