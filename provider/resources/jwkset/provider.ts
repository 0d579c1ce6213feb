/**
 * The `JwkSet` dynamic provider's methods, loaded by name from the stub stored in state (see jwkset.ts).
 */
import { jwkSetInputFailures } from "./check";
import { isDeepStrictEqual } from "node:util";
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { openTarget, targetIdentity } from "../../registry/targets";
import { hasOwnersRecord } from "../../targets/capabilities";
import { reportDrift } from "./drift-diagnostics";
import { engineSink } from "../../pulumi/engine-log";
import type { KeySetTarget } from "../../targets/types";
import type { TargetConfig } from "../../registry/targets";
import {
  adoptersOf,
  newOwnerId,
  ownershipOn,
  recordAdoption,
  recordDeclaration,
  recordDeletion,
  sharedWithAfter,
  type Ownership,
  type SharedWith,
} from "./claims";
import { adoptedFromDeletedNotice } from "./unrecorded-share";
import { diffKeySet, publishKeySet, refreshKeySet, withdrawKeySet, type JwkSetInputs, type JwkSetOutputs } from "./logic";
import { progress } from "../../pulumi/progress";
import { isTargetedRun } from "../../pulumi/run-scope";
import { withResourceUrn } from "../../errors";
import { withUrn, type WithUrn } from "../../pulumi/urn";
import { asPartialFailure } from "../../pulumi/partial-failure";
import { partialOutputs, partialPublishOf } from "./partial-publish";

const open = (target: TargetConfig) => openTarget(target, { log: progress });

/** The ownership context of a write or withdrawal; says which kids it keeps for resources this run did not check. */
function ownershipFor(
  config: TargetConfig,
  target: KeySetTarget,
  ownerId: string | undefined,
  self: {
    urn?: string | undefined;
    sharedWith?: SharedWith | undefined;
    adopted?: readonly string[] | undefined;
    owned: readonly string[];
    desired: readonly string[];
  },
): Ownership {
  const ownership = ownershipOn(config, ownerId, { ...self, ownersRecord: hasOwnersRecord(target), targeted: isTargetedRun() });
  for (const kid of self.owned) {
    const who = ownership.unknownDeclarers?.get(kid);
    if (self.desired.includes(kid) || !who || ownership.declared.has(kid)) continue;
    progress(
      `${target.name}: key ${kid} stays: ${who.join(", ")} also declared it when this resource last wrote, and this run did not check ` +
        `${who.length > 1 ? "them" : "it"} (a run with --target); the last resource of the stack to let go of ${kid} withdraws it`,
    );
  }
  return ownership;
}

/** `outs` with the co-declarers of its kids recorded (targets without an owners record). */
function withSharedWith(outs: JwkSetOutputs, urn: string | undefined, target: KeySetTarget, before: SharedWith | undefined): JwkSetOutputs {
  const { sharedWith: _old, ...rest } = outs;
  if (hasOwnersRecord(target)) return rest;
  const sharedWith = sharedWithAfter(outs.target, urn, outs.kids, before, isTargetedRun());
  return sharedWith === undefined ? rest : { ...rest, sharedWith };
}

export async function check(_olds: JwkSetInputs, news: WithUrn<JwkSetInputs>): Promise<dynamic.CheckResult> {
  const failures = await jwkSetInputFailures(news);
  // Deletes come after every check of the deployment: they must not withdraw what is declared here.
  if (failures.length === 0) recordDeclaration(news);
  return { inputs: news, failures };
}

export async function diff(_id: string, olds: JwkSetOutputs, news: JwkSetInputs): Promise<dynamic.DiffResult> {
  return { ...diffKeySet(olds, news), deleteBeforeReplace: false };
}

export async function create(inputs: WithUrn<JwkSetInputs>): Promise<dynamic.CreateResult> {
  const target = open(inputs.target);
  const ownership = ownershipOn(inputs.target, newOwnerId(), { urn: inputs.__urn });
  // The id is never encrypted in state: build it from what names the target, never from the whole config.
  const id = `${inputs.target.kind}:${JSON.stringify(targetIdentity(inputs.target))}`;
  const stored = (outs: JwkSetOutputs) => withUrn(withSharedWith(outs, inputs.__urn, target, undefined), inputs.__urn);
  try {
    const outs = stored(await publishKeySet(inputs, [], target, progress, ownership));
    recordAdoption(inputs.target, inputs.__urn, outs.adoptedKids);
    return { id, outs };
  } catch (e) {
    throw keepingWhatItWrote(e, id, inputs, undefined, stored);
  }
}

/** A failed publish that may have written: the engine records the keys it may have added (partial-publish.ts). */
function keepingWhatItWrote(
  e: unknown,
  id: string,
  inputs: WithUrn<JwkSetInputs>,
  before: JwkSetOutputs | undefined,
  stored: (outs: JwkSetOutputs) => JwkSetOutputs,
): unknown {
  const partial = partialPublishOf(e);
  return partial ? asPartialFailure(e, id, stored(partialOutputs(inputs, before, partial)), inputs) : e;
}

export async function update(id: string, olds: JwkSetOutputs, news: WithUrn<JwkSetInputs>): Promise<dynamic.UpdateResult> {
  const target = open(news.target);
  // The record speaks of the old target; a new one (a replace is a create) starts without.
  const sameTarget = isDeepStrictEqual(targetIdentity(olds.target), targetIdentity(news.target));
  const before = sameTarget ? olds.sharedWith : undefined;
  const desired = Array.isArray(news.keys) ? news.keys.map((k) => k.kid) : [];
  const ownership = ownershipFor(news.target, target, olds.ownerId ?? newOwnerId(), {
    urn: news.__urn,
    sharedWith: before,
    adopted: sameTarget ? olds.adoptedKids : undefined,
    owned: olds.kids,
    desired,
  });
  const stored = (outs: JwkSetOutputs) => withUrn(withSharedWith(outs, news.__urn, target, before), news.__urn);
  try {
    const outs = stored(await publishKeySet(news, olds.kids, target, progress, ownership));
    recordAdoption(news.target, news.__urn, outs.adoptedKids);
    return { outs };
  } catch (e) {
    throw keepingWhatItWrote(e, id, news, olds, stored);
  }
}

export async function read(id: string, olds: WithUrn<JwkSetOutputs>): Promise<dynamic.ReadResult> {
  const target = open(olds.target);
  // No id tells the engine the resource is gone: refresh drops it from the stack instead of failing on every run.
  const props = await refreshKeySet(olds, target, progress);
  if (props === undefined) return {};
  // The engine passes its address to every plugin as the first argument (cmd/dynamic-provider main).
  await reportDrift(olds, props, target.name, engineSink(process.argv[2], olds.__urn, "JwkSet: "));
  return { id, props };
}

export async function remove(_id: string, olds: WithUrn<JwkSetOutputs>): Promise<void> {
  // Before withdrawing: another resource deleted in this run that shares a kid sees this one let go of it.
  recordDeletion(olds.target, olds.__urn);
  const target = open(olds.target);
  for (const kid of olds.kids) {
    const adopters = adoptersOf(olds.target, kid, olds.__urn);
    if (adopters.length > 0) progress(adoptedFromDeletedNotice(target.name, kid, adopters));
  }
  const ownership = ownershipFor(olds.target, target, olds.ownerId, {
    urn: olds.__urn,
    sharedWith: olds.sharedWith,
    owned: olds.kids,
    desired: [],
  });
  try {
    await withdrawKeySet(olds, target, progress, ownership);
  } catch (e) {
    // The way out names this resource's URN, whichever form (dynamic or plugin) runs it.
    throw withResourceUrn(e, olds.__urn);
  }
}

// The dynamic-provider plugin calls `delete` (a reserved word, so not a function name here).
export { remove as delete };
