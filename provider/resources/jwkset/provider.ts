/**
 * The `JwkSet` dynamic provider's methods, loaded by name from the stub stored in state (see jwkset.ts).
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { openTarget, targetIdentity } from "../../registry/targets";
import { reportDrift } from "./drift-diagnostics";
import { engineSink } from "../../pulumi/engine-log";
import type { TargetConfig } from "../../targets/types";
import { newOwnerId, ownershipOn, recordDeclaration } from "./claims";
import {
  diffKeySet,
  jwkSetInputFailures,
  publishKeySet,
  refreshKeySet,
  withdrawKeySet,
  type JwkSetInputs,
  type JwkSetOutputs,
} from "./logic";
import { progress } from "../../pulumi/progress";
import { withResourceUrn } from "../../errors";
import { withUrn, type WithUrn } from "../../pulumi/urn";

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

export async function create(inputs: WithUrn<JwkSetInputs>): Promise<dynamic.CreateResult> {
  const ownership = ownershipOn(inputs.target, newOwnerId());
  const outs = withUrn(await publishKeySet(inputs, [], open(inputs.target), progress, ownership), inputs.__urn);
  // The id is never encrypted in state: build it from what names the target, never from the whole config.
  return { id: `${inputs.target.kind}:${JSON.stringify(targetIdentity(inputs.target))}`, outs };
}

export async function update(_id: string, olds: JwkSetOutputs, news: WithUrn<JwkSetInputs>): Promise<dynamic.UpdateResult> {
  const ownership = ownershipOn(news.target, olds.ownerId ?? newOwnerId());
  return { outs: withUrn(await publishKeySet(news, olds.kids, open(news.target), progress, ownership), news.__urn) };
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
  try {
    await withdrawKeySet(olds, open(olds.target), progress, ownershipOn(olds.target, olds.ownerId));
  } catch (e) {
    // The way out names this resource's URN, whichever form (dynamic or plugin) runs it.
    throw withResourceUrn(e, olds.__urn);
  }
}

// The dynamic-provider plugin calls `delete` (a reserved word, so not a function name here).
export { remove as delete };
