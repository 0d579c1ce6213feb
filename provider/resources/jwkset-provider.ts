/**
 * The `JwkSet` dynamic provider's methods, loaded by name from the stub stored in state (see jwkset.ts).
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { openTarget, targetIdentity } from "../targets/index";
import type { TargetConfig } from "../targets/types";
import { newOwnerId, ownershipOn, recordDeclaration } from "./claims";
import {
  diffKeySet,
  jwkSetInputFailures,
  publishKeySet,
  refreshKeySet,
  withdrawKeySet,
  type JwkSetInputs,
  type JwkSetOutputs,
} from "./jwkset-logic";

// The engine shows what the provider process writes to stderr among the update's diagnostics.
const progress = (message: string) => console.error(`[pulumi-jwk] ${message}`);
const open = (target: TargetConfig) => openTarget(target, { log: progress });

export async function check(_olds: JwkSetInputs, news: JwkSetInputs): Promise<dynamic.CheckResult> {
  const failures = await jwkSetInputFailures(news);
  // Deletes come after every check of the deployment: they must not withdraw what is declared here.
  if (failures.length === 0) recordDeclaration(news);
  return { inputs: news, failures };
}

export async function diff(_id: string, olds: JwkSetOutputs, news: JwkSetInputs): Promise<dynamic.DiffResult> {
  return { ...diffKeySet(olds, news), deleteBeforeReplace: false };
}

export async function create(inputs: JwkSetInputs): Promise<dynamic.CreateResult> {
  const outs = await publishKeySet(inputs, [], open(inputs.target), progress, ownershipOn(inputs.target, newOwnerId()));
  // The id is never encrypted in state: build it from what names the target, never from the whole config.
  return { id: `${inputs.target.kind}:${JSON.stringify(targetIdentity(inputs.target))}`, outs };
}

export async function update(_id: string, olds: JwkSetOutputs, news: JwkSetInputs): Promise<dynamic.UpdateResult> {
  const ownership = ownershipOn(news.target, olds.ownerId ?? newOwnerId());
  return { outs: await publishKeySet(news, olds.kids, open(news.target), progress, ownership) };
}

export async function read(id: string, olds: JwkSetOutputs): Promise<dynamic.ReadResult> {
  // No id tells the engine the resource is gone: refresh drops it from the stack instead of failing on every run.
  const props = await refreshKeySet(olds, open(olds.target), progress);
  return props === undefined ? {} : { id, props };
}

export async function remove(_id: string, olds: JwkSetOutputs): Promise<void> {
  await withdrawKeySet(olds, open(olds.target), progress, ownershipOn(olds.target, olds.ownerId));
}
