/**
 * Adopting a live key set (`pulumi import` of a JwkSet): the state and the inputs a JwkSet would have if it had
 * published what the target holds now. Every live key becomes declared and owned, in additive mode (so a later
 * `up` never removes what the import did not see), with the statuses it has (on targets with a key lifecycle).
 */
import { jwkSetInputFailures } from "./check";
import { JwksImportUnpublishableError } from "../../errors";
import { canonicalKeys } from "../../core/jwks/document";
import type { PublicJwk } from "../../core/keys/material";
import { hasKeyLifecycle } from "../../targets/capabilities";
import type { KeySetTarget } from "../../targets/types";
import type { TargetConfig } from "../../registry/targets";
import { driftOf } from "../../core/jwks/drift";
import { type JwkSetInputs, type JwkSetOutputs } from "./logic";

export interface Adopted {
  outputs: JwkSetOutputs;
  /** What a program declaring this set writes (the code `pulumi import` generates). */
  inputs: JwkSetInputs;
}

/**
 * Reads `target` and describes its live set as a JwkSet. Live keys a JwkSet could not publish (no kid, a
 * private member, a member the target does not store) fail the import with the reasons, so the generated code
 * is a program that runs.
 *
 * @example
 * const { inputs } = await adoptKeySet({ kind: "file", path: "jwks.json" }, openTarget(config));
 */
export async function adoptKeySet(config: TargetConfig, target: KeySetTarget): Promise<Adopted> {
  const keys = canonicalKeys(await target.list()) as PublicJwk[];
  const inactiveKids = keys
    .map((k) => k.kid)
    .filter((kid) => hasKeyLifecycle(target) && target.statusOf(kid) === "INACTIVE")
    .sort();
  const inputs: JwkSetInputs = { target: config, keys, ...(inactiveKids.length > 0 ? { inactiveKids } : {}) };
  const failures = await jwkSetInputFailures(inputs);
  if (failures.length > 0) throw new JwksImportUnpublishableError(failures);
  const kids = keys.map((k) => k.kid);
  return {
    inputs,
    outputs: { target: config, mode: "additive", keys, kids, inactiveKids, ...driftOf(keys, keys, "additive") },
  };
}
