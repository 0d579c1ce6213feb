/**
 * The `Jwk` dynamic provider's methods. The engine runs them in the provider process, loaded by name from the
 * stub stored in state (see jwk.ts), so this module may change between versions without touching state. Time
 * comes from the one clock (`PULUMI_JWK_NOW` pins it): certificate validity and renewal follow it.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { now } from "../../core/rotation/clock";
import { engineSink } from "../../pulumi/engine-log";
import { progress } from "../../pulumi/progress";
import { destroyCustodyJwk, refreshCustodyJwk } from "./custody";
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
  // A rotation in custody says what became of the previous key as destroy says what it did: an info diagnostic.
  const report = (message: string) => engineSink(process.argv[2], undefined, `Jwk ${olds.kid}: `)("info", message);
  return { outs: await updateJwk(olds, news, now(), report) };
}

/** A key in state is what state says; a key in custody is read from its backend (drift is reported). */
export async function read(id: string, olds: JwkOutputs): Promise<dynamic.ReadResult> {
  if (olds.keyUri === undefined) return { id, props: olds };
  const { outs, warnings } = await refreshCustodyJwk(olds, { log: progress });
  // The engine passes its address to every plugin as the first argument (cmd/dynamic-provider main).
  const sink = engineSink(process.argv[2], undefined, `Jwk ${olds.kid}: `);
  for (const w of warnings) await sink("warning", w);
  // No id tells the engine the resource is gone: refresh drops it, and the next up creates the key again.
  return outs ? { id, props: outs } : {};
}

/** A key in state goes with its state; a key in custody is kept (or scheduled for deletion where the backend delays it). */
export async function remove(_id: string, olds: JwkOutputs): Promise<void> {
  if (olds.keyUri === undefined) return;
  const message = await destroyCustodyJwk(olds, { log: progress });
  await engineSink(process.argv[2], undefined, `Jwk ${olds.kid}: `)("info", message);
}

// The dynamic-provider plugin calls `delete` (a reserved word, so not a function name here).
export { remove as delete };
