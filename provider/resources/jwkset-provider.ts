/**
 * The `JwkSet` dynamic provider's methods, loaded by name from the stub stored in state (see jwkset.ts).
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { diffKeySet, jwkSetInputFailures, publishKeySet, readKeySet, withdrawKeySet, type JwkSetInputs, type JwkSetOutputs } from "./jwkset-logic";

export async function check(_olds: JwkSetInputs, news: JwkSetInputs): Promise<dynamic.CheckResult> {
  return { inputs: news, failures: await jwkSetInputFailures(news) };
}

export async function diff(_id: string, olds: JwkSetOutputs, news: JwkSetInputs): Promise<dynamic.DiffResult> {
  return { ...diffKeySet(olds, news), deleteBeforeReplace: false };
}

export async function create(inputs: JwkSetInputs): Promise<dynamic.CreateResult> {
  const outs = await publishKeySet(inputs, []);
  return { id: `${inputs.target.kind}:${JSON.stringify(inputs.target)}`, outs };
}

export async function update(_id: string, olds: JwkSetOutputs, news: JwkSetInputs): Promise<dynamic.UpdateResult> {
  return { outs: await publishKeySet(news, olds.kids) };
}

export async function read(id: string, olds: JwkSetOutputs): Promise<dynamic.ReadResult> {
  return { id, props: await readKeySet(olds) };
}

export async function remove(_id: string, olds: JwkSetOutputs): Promise<void> {
  await withdrawKeySet(olds);
}
