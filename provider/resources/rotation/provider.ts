/**
 * The `RotationSchedule` dynamic provider's methods, loaded by name from the stub stored in state (see
 * rotation.ts). The clock is read here and only here (rotation/clock.ts); when a promotion is due, the jwksUri
 * is read at diff (to decide whether it happens) and again at update (to act on what it serves then). Refresh
 * (`read`) reads the jwksUri too: a published key it does not serve is drift, which the next up clears (the
 * sets' own refresh reports and repairs what each target holds).
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { now } from "../../core/rotation/clock";
import { describeSteps, dueIn, nextStep } from "../../core/rotation/next-step";
import { observeJwks } from "./observe";
import type { Observation } from "../../core/rotation/types";
import { engineSink } from "../../pulumi/engine-log";
import {
  advanceRotation,
  planFor,
  rotationChanges,
  rotationInputFailures,
  servedDrift,
  servedDriftMessage,
  type RotationInputs,
  type RotationOutputs,
} from "./logic";
import { containsUnknown } from "../../pulumi/values";
import { progress } from "../../pulumi/progress";
import type { ScheduledKey } from "../../core/rotation/types";
import { releaseCustodyKeys } from "./custody";
import { withUrn, type WithUrn } from "../../pulumi/urn";

/**
 * What the jwksUri serves, read only when it matters: when a promotion is due (an hourly up with nothing due
 * sends no request, and an unreachable URL blocks only the promotion).
 */
async function observe(olds: RotationOutputs | undefined, news: RotationInputs, at: number): Promise<Observation | undefined> {
  if (!news.jwksUri || !olds) return undefined;
  const unobserved = planFor(olds, news, at).plan;
  return unobserved.steps.some((s) => s.action === "promote") ? observeJwks(news.jwksUri) : undefined;
}

export async function check(_olds: RotationInputs, news: RotationInputs): Promise<dynamic.CheckResult> {
  return { inputs: news, failures: await rotationInputFailures(news) };
}

/**
 * Changes only when an input changed or a step is due: an up when nothing is due is a no-op. Tells the CLI
 * (under this resource) what this up does, or what comes next and when, and why a due promotion waits.
 */
export async function diff(_id: string, olds: WithUrn<RotationOutputs>, news: WithUrn<RotationInputs>): Promise<dynamic.DiffResult> {
  if (containsUnknown(news)) return { changes: true };
  const at = now();
  const { plan, timings } = planFor(olds, news, at, await observe(olds, news, at));
  const log = engineSink(process.argv[2], news.__urn ?? olds.__urn, "KeyRotation: ");
  const steps = describeSteps(plan, timings, at);
  if (olds.drift)
    await log("info", `this update clears the drift refresh recorded (${olds.drift.uri.split("?")[0]} did not serve every published key)`);
  if (plan.blocked) await log("warning", `promotion blocked: ${plan.blocked.reason}`);
  if (steps.length > 0) await log("info", `this update will ${steps.join("; ")}`);
  else {
    const ahead = nextStep({ keys: plan.keys }, timings, news.jwksUri);
    await log("info", `no rotation step is due; next: ${ahead.description} (${dueIn(ahead, at)})`);
  }
  return { changes: rotationChanges(olds, news, plan), replaces: [], deleteBeforeReplace: false };
}

export async function create(inputs: WithUrn<RotationInputs>): Promise<dynamic.CreateResult> {
  const outs = await advanceRotation(undefined, inputs, now(), undefined, { log: progress });
  return { id: `rotation:${outs.schedule[0].kid}`, outs: withUrn(outs, inputs.__urn) };
}

/** Advances the rotation; keys in custody that left it (retired) are released as a destroyed `Jwk`'s would be. */
export async function update(_id: string, olds: WithUrn<RotationOutputs>, news: WithUrn<RotationInputs>): Promise<dynamic.UpdateResult> {
  const at = now();
  const outs = await advanceRotation(olds, news, at, await observe(olds, news, at), { log: progress });
  const still = new Set(outs.schedule.filter((k) => k.state !== "retired").map((k) => k.kid));
  const leaving = olds.schedule.filter((k) => k.state !== "retired" && !still.has(k.kid));
  await release(olds, leaving, news.__urn ?? olds.__urn);
  return { outs: withUrn(outs, news.__urn) };
}

async function release(olds: RotationOutputs, keys: ScheduledKey[], urn: string | undefined): Promise<void> {
  if (!olds.custodyKeys || keys.length === 0) return;
  const algOf = (kid: string) => keys.find((k) => k.kid === kid)?.alg ?? olds.alg;
  const kids = keys.map((k) => k.kid);
  const { info, warnings } = await releaseCustodyKeys(olds.custodyKeys, kids, algOf, { log: progress });
  const log = engineSink(process.argv[2], urn, "KeyRotation: ");
  for (const m of info) await log("info", m);
  for (const m of warnings) await log("warning", m);
}

/**
 * Destroy: keys in state go with the state; every key in custody still in the rotation (next, current,
 * retiring) is released as a destroyed `Jwk`'s would be (kept, or deleted where the backend delays or is asked).
 */
export async function remove(_id: string, olds: WithUrn<RotationOutputs>): Promise<void> {
  await release(
    olds,
    olds.schedule.filter((k) => k.state !== "retired"),
    olds.__urn,
  );
}

// The dynamic-provider plugin calls `delete` (a reserved word, so not a function name here).
export { remove as delete };

/**
 * Refresh: the schedule is the provider's own (nothing live to read back), but what verifiers fetch is. With a
 * jwksUri, a published key it does not serve is recorded as `drift` (a warning names each kid and state); an
 * unreadable URL is a warning only.
 */
export async function read(id: string, olds: WithUrn<RotationOutputs>): Promise<dynamic.ReadResult> {
  const { drift: _previous, ...props } = olds;
  if (!olds.jwksUri) return { id, props };
  const observation = await observeJwks(olds.jwksUri);
  const log = engineSink(process.argv[2], olds.__urn, "KeyRotation: ");
  if (observation.error) await log("warning", `could not read the jwksUri on refresh (${observation.error}); nothing recorded`);
  const drift = servedDrift(olds, observation);
  if (drift) await log("warning", servedDriftMessage(drift));
  return { id, props: drift ? { ...props, drift } : props };
}
