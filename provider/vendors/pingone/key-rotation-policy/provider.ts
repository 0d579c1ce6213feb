/**
 * The `PingOneKeyRotationPolicy` dynamic provider's methods, loaded by name from the stub stored in state (see
 * pingone-krp.ts). Each method opens its own client: no credential or connection outlives a call.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { openPingOne, type PingOneConnection } from "../connection";
import { PolicyClient } from "../policy-api";
import { createPolicy, diffPolicy, policyInputFailures, readPolicy, updatePolicy, type PolicyInputs, type PolicyOutputs } from "./logic";
import { policyRefreshReport } from "./report";
import { engineSink } from "../../../pulumi/engine-log";
import { progress } from "../../../pulumi/progress";

const open = (c: PingOneConnection, name: string) =>
  new PolicyClient(openPingOne(c, `key rotation policy ${JSON.stringify(name)}`, { log: progress }));

export async function check(_olds: PolicyInputs, news: PolicyInputs): Promise<dynamic.CheckResult> {
  return { inputs: news, failures: policyInputFailures(news) };
}

export async function diff(_id: string, olds: PolicyOutputs, news: PolicyInputs): Promise<dynamic.DiffResult> {
  // Create the new policy first, so bindings can move to it before the old one goes (PingOne refuses to delete a
  // policy applications still sign with).
  return { ...diffPolicy(olds, news), deleteBeforeReplace: false };
}

export async function create(inputs: PolicyInputs): Promise<dynamic.CreateResult> {
  const outs = await createPolicy(inputs, open(inputs, inputs.name));
  return { id: outs.policyId, outs };
}

export async function update(_id: string, olds: PolicyOutputs, news: PolicyInputs): Promise<dynamic.UpdateResult> {
  return { outs: await updatePolicy(olds, news, open(news, news.name)) };
}

export async function read(id: string, olds: PolicyOutputs): Promise<dynamic.ReadResult> {
  // No id tells the engine the policy is gone (deleted in the console): the next up creates it again.
  const props = await readPolicy(olds, open(olds, olds.fields.name));
  if (props === undefined) {
    progress(`key rotation policy ${olds.policyId} no longer exists in PingOne; the next up creates it again`);
    return {};
  }
  // The engine passes its address to every plugin as the first argument (cmd/dynamic-provider main).
  const sink = engineSink(process.argv[2], olds.__urn, "PingOneKeyRotationPolicy: ");
  for (const { severity, message } of policyRefreshReport(olds, props)) await sink(severity, message);
  return { id, props };
}

export async function remove(_id: string, olds: PolicyOutputs): Promise<void> {
  await open(olds, olds.fields.name).delete(olds.policyId);
}

// The dynamic-provider plugin calls `delete` (a reserved word, so not a function name here).
export { remove as delete };
