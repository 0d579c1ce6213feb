/**
 * The `RotationSchedule` resource's behaviour (the custom resource inside `KeyRotation`), engine-free: check,
 * the time-aware diff, and create/update, which advance the lifecycle (rotation/lifecycle.ts) by what the
 * clock allows and generate keys for it. Private key material lives only in `privateJwks`, a secret output
 * (next and current keys: a retiring key never signs again, so its private half is dropped).
 */
import { isDeepStrictEqual } from "node:util";
import type { JWK } from "jose";
import { JwkInputError, type InputFailure } from "../../errors";
import { algorithmSpec } from "../../core/keys/algorithms";
import { describeKey, generateKey, type PublicJwk } from "../../core/keys/material";
import type { Curve } from "../../core/keys/algorithms";
import { applyRotation, kidsIn, planRotation } from "../../core/rotation/lifecycle";
import { nextStep, type NextStep } from "../../core/rotation/next-step";
import { rotationTimings } from "../../core/rotation/policy";
import type { Observation, Plan, Rotation, RotationTimings, ScheduledKey } from "../../core/rotation/types";
import { jwkInputFailures } from "../jwk/logic";
import { containsUnknown } from "../../pulumi/values";
import type { CustodyContext } from "../../custody/types";
import { keyUriTemplateFailures, mintCustodyKey, type CustodyKeyRecord } from "./custody";

/** The inputs, as the provider receives them. */
export interface RotationInputs {
  alg: string;
  crv?: string;
  modulusLength?: number;
  rotateEvery?: string | number;
  rotationTrigger?: unknown;
  publishAhead: string | number;
  retireAfter: string | number;
  tokenLifetime?: string | number;
  jwksCacheTtl?: string | number;
  jwksUri?: string;
  /** A key URI with `{generation}`: each key is created in that custody backend (custody.ts), never in state. */
  keyUriTemplate?: string;
}

/** Inputs whose change is an update (never a replace: a replace would drop every published key at once). */
const INPUT_NAMES = [
  "alg",
  "crv",
  "modulusLength",
  "rotateEvery",
  "rotationTrigger",
  "publishAhead",
  "retireAfter",
  "tokenLifetime",
  "jwksCacheTtl",
  "jwksUri",
  "keyUriTemplate",
] as const;

/** The state. Everything but `privateJwks` (secret) is public. */
export interface RotationOutputs extends RotationInputs {
  schedule: ScheduledKey[];
  currentKid: string;
  /** Public JWKs of every published key (next, current, retiring): what the JwkSets publish. */
  publishedKeys: PublicJwk[];
  /** Public JWKs of the next and current keys: what a client binding carries so the switch has no gap. */
  bindableKeys: PublicJwk[];
  /** Secret: the private JWKs of the current and next keys, by kid. */
  privateJwks: Record<string, JWK>;
  nextStep: NextStep;
  /** With `keyUriTemplate`: where each key in custody is (public references only), by kid. */
  custodyKeys?: Record<string, CustodyKeyRecord>;
  /** With `keyUriTemplate`: the generation number of the last key created in custody. */
  generation?: number;
  /** With `keyUriTemplate`: the key URI of the current key, what the issuer signs with. */
  currentKeyUri?: string;
  /**
   * Set by refresh when the jwksUri did not serve every published key (the current one above all): the next
   * up is an update, which re-publishes through the sets and clears it.
   */
  drift?: ServedDrift;
}

/** Published keys the jwksUri did not serve when refresh read it. */
export interface ServedDrift {
  uri: string;
  missing: { kid: string; state: ScheduledKey["state"] }[];
}

/** Every problem with the inputs, by property. */
export async function rotationInputFailures(inputs: RotationInputs): Promise<InputFailure[]> {
  const failures = [
    ...(await jwkInputFailures({ alg: inputs.alg, crv: inputs.crv, modulusLength: inputs.modulusLength })),
    ...rotationTimings(inputs, containsUnknown).failures,
    ...keyUriTemplateFailures(inputs.keyUriTemplate, inputs.alg, inputs.crv, inputs.modulusLength),
  ];
  const spec = typeof inputs.alg === "string" ? algorithmSpec(inputs.alg) : undefined;
  if (spec && spec.use !== "sig")
    failures.push({ property: "alg", reason: `KeyRotation rotates signing keys; ${spec.alg} is a key-management (encryption) algorithm` });
  return failures;
}

function timingsOf(inputs: RotationInputs): RotationTimings {
  const { timings, failures } = rotationTimings(inputs, containsUnknown);
  if (!timings) throw new JwkInputError(failures.length > 0 ? failures : [{ property: "publishAhead", reason: "is not known" }]);
  return timings;
}

const rotationOf = (olds: RotationOutputs | undefined): Rotation =>
  olds ? { keys: olds.schedule, ...(olds.rotationTrigger !== undefined ? { trigger: olds.rotationTrigger } : {}) } : { keys: [] };

/** The lifecycle's plan for an up at `now`, and the timings it used. */
export function planFor(
  olds: RotationOutputs | undefined,
  news: RotationInputs,
  now: number,
  observation?: Observation,
): { plan: Plan; timings: RotationTimings } {
  const timings = timingsOf(news);
  return { plan: planRotation(rotationOf(olds), timings, news.rotationTrigger, now, observation), timings };
}

/**
 * What refresh makes of the jwksUri's answer: the published keys (next, current, retiring) it does not serve,
 * or undefined when it serves them all, or when it could not be read (an unreachable URL is reported, not
 * recorded as drift: a network blip must not fail a drift gate).
 *
 * @example
 * servedDrift(olds, { uri, kids: [] }) // { uri, missing: [{ kid: olds.currentKid, state: "current" }] }
 */
export function servedDrift(olds: RotationOutputs, observation: Observation | undefined): ServedDrift | undefined {
  if (!observation?.kids) return undefined;
  const served = new Set(observation.kids);
  const missing = olds.schedule
    .filter((k) => k.state !== "retired" && olds.publishedKeys.some((p) => p.kid === k.kid) && !served.has(k.kid))
    .map((k) => ({ kid: k.kid, state: k.state }));
  return missing.length > 0 ? { uri: observation.uri, missing } : undefined;
}

/** The refresh warning for `drift`: kids and states only, what it breaks, and what the next up does. */
export function servedDriftMessage(drift: ServedDrift): string {
  const current = drift.missing.find((k) => k.state === "current");
  return [
    `drift: ${drift.uri.split("?")[0]} does not serve ${drift.missing.length} published key(s)` +
      (current ? `, the current signing key among them: tokens signed now do not verify there` : "") +
      `; the next up re-publishes them to every target (if the targets hold them, the URL serves another document: a cache, a CDN or another origin)`,
    ...drift.missing.map((k) => `  ${k.state.padEnd(9)} ${JSON.stringify(k.kid)}`),
  ].join("\n");
}

/**
 * Whether an up at `now` changes anything: an input changed, a step is due, due times moved, or refresh
 * recorded drift.
 */
export function rotationChanges(olds: RotationOutputs, news: RotationInputs, plan: Plan | undefined): boolean {
  if (containsUnknown(news) || !plan || olds.drift !== undefined) return true;
  const inputsChanged = INPUT_NAMES.some((name) => !isDeepStrictEqual(news[name], olds[name]));
  return inputsChanged || plan.steps.length > 0 || !isDeepStrictEqual(plan.keys, olds.schedule);
}

/** Advances the rotation (create: `olds` undefined) and builds the outputs. */
export async function advanceRotation(
  olds: RotationOutputs | undefined,
  news: RotationInputs,
  now: number,
  observation?: Observation,
  context: CustodyContext = {},
): Promise<RotationOutputs> {
  const failures = await rotationInputFailures(news);
  if (failures.length > 0) throw new JwkInputError(failures);
  const { plan, timings } = planFor(olds, news, now, observation);
  let minted: { publicJwk: PublicJwk; privateJwk?: JWK } | undefined;
  let custody: CustodyKeyRecord | undefined;
  if (plan.steps.some((s) => s.action === "publish")) {
    const shape = { alg: news.alg, crv: news.crv, modulusLength: news.modulusLength };
    if (news.keyUriTemplate !== undefined) {
      const made = await mintCustodyKey(news.keyUriTemplate, (olds?.generation ?? 0) + 1, shape, context);
      [minted, custody] = [{ publicJwk: made.publicJwk }, made.record];
    } else minted = await describeKey(await generateKey({ ...shape, crv: shape.crv as Curve | undefined }), { alg: news.alg, use: "sig" });
  }
  const rotation = applyRotation(rotationOf(olds), plan, timings, now, minted ? { kid: minted.publicJwk.kid, alg: news.alg } : undefined);
  const publics = [...(olds?.publishedKeys ?? []), ...(minted ? [minted.publicJwk] : [])];
  const privates: Record<string, JWK> = {
    ...(olds?.privateJwks ?? {}),
    ...(minted?.privateJwk ? { [minted.publicJwk.kid]: minted.privateJwk } : {}),
  };
  const pick = (...states: ScheduledKey["state"][]) => {
    const kids = kidsIn(rotation, ...states);
    return publics.filter((k) => kids.includes(k.kid));
  };
  const signing = new Set(kidsIn(rotation, "current", "next"));
  const inSchedule = new Set(rotation.keys.map((k) => k.kid));
  const records = Object.fromEntries(
    Object.entries({ ...(olds?.custodyKeys ?? {}), ...(custody && minted ? { [minted.publicJwk.kid]: custody } : {}) }).filter(([kid]) =>
      inSchedule.has(kid),
    ),
  );
  const currentKid = kidsIn(rotation, "current")[0];
  const inputs = Object.fromEntries(INPUT_NAMES.filter((n) => news[n] !== undefined).map((n) => [n, news[n]])) as unknown as RotationInputs;
  return {
    ...inputs,
    schedule: rotation.keys,
    currentKid,
    publishedKeys: pick("next", "current", "retiring"),
    bindableKeys: [...pick("current"), ...pick("next")],
    privateJwks: Object.fromEntries(Object.entries(privates).filter(([kid]) => signing.has(kid))),
    nextStep: nextStep(rotation, timings, news.jwksUri),
    ...(Object.keys(records).length > 0 || custody ? { custodyKeys: records } : {}),
    ...(custody || olds?.generation !== undefined ? { generation: custody?.generation ?? olds?.generation } : {}),
    ...(records[currentKid] ? { currentKeyUri: records[currentKid].keyUri } : {}),
  };
}
