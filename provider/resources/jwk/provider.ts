/**
 * The `Jwk` dynamic provider's methods. The engine runs them in the provider process, loaded by name from the
 * stub stored in state (see jwk.ts), so this module may change between versions without touching state. Time
 * comes from the one clock (`PULUMI_JWK_NOW` pins it): certificate validity and renewal follow it.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { now } from "../../core/rotation/clock";
import { createJwk, diffJwk, jwkInputFailures, updateJwk, type JwkInputs, type JwkOutputs } from "./logic";

export async function check(_olds: JwkInputs, news: JwkInputs): Promise<dynamic.CheckResult> {
  return { inputs: news, failures: await jwkInputFailures(news) };
}

export async function diff(_id: string, olds: JwkOutputs, news: JwkInputs): Promise<dynamic.DiffResult> {
  const d = await diffJwk(olds, news, now());
  return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: false };
}

export async function create(inputs: JwkInputs): Promise<dynamic.CreateResult> {
  const outs = await createJwk(inputs, now());
  return { id: outs.kid, outs };
}

export async function update(_id: string, olds: JwkOutputs, news: JwkInputs): Promise<dynamic.UpdateResult> {
  return { outs: await updateJwk(olds, news, now()) };
}
