/**
 * A JwkSet's inputs checked: everything wrong with them by property path (`check` reports these at preview), and
 * the same check before any write, so nothing is half-applied.
 */
import { type InputFailure, JwkInputError } from "../../errors";
import { SET_MODES } from "../../core/jwks/diff";
import { keySetFailures } from "../../core/jwks/validate";
import { containsUnknown, UNKNOWN } from "../../pulumi/values";
import type { JwkSetInputs } from "./logic";
import { LIFECYCLE_TARGET_KINDS, targetFailures, targetHasLifecycle, targetKeyFailures } from "../../registry/targets";

/** Everything wrong with JwkSet inputs, by property path. Unknown (preview-time) values are skipped. */
export async function jwkSetInputFailures(inputs: JwkSetInputs): Promise<InputFailure[]> {
  const f: InputFailure[] = [];
  if (!containsUnknown(inputs.target)) f.push(...targetFailures(inputs.target, "target"));
  if (inputs.mode !== undefined && (inputs.mode as string) !== UNKNOWN && !SET_MODES.includes(inputs.mode)) {
    f.push({ property: "mode", reason: `must be "exclusive" or "additive", not ${JSON.stringify(inputs.mode)}` });
  }
  if (!Array.isArray(inputs.keys)) {
    if (inputs.keys !== UNKNOWN) f.push({ property: "keys", reason: "required, an array of public JWKs" });
  } else if (!containsUnknown(inputs.keys)) {
    f.push(...(await keySetFailures(inputs.keys, "keys")));
    const inactive = Array.isArray(inputs.inactiveKids) && !containsUnknown(inputs.inactiveKids) ? inputs.inactiveKids : [];
    if (f.length === 0 && !containsUnknown(inputs.target)) f.push(...targetKeyFailures(inputs.target, inputs.keys, "keys", inactive));
  }
  if (inputs.inactiveKids !== undefined && !containsUnknown(inputs.inactiveKids)) {
    if (!Array.isArray(inputs.inactiveKids) || inputs.inactiveKids.some((k) => typeof k !== "string")) {
      f.push({ property: "inactiveKids", reason: "must be an array of kids" });
    } else if (
      inputs.inactiveKids.length > 0 &&
      !containsUnknown(inputs.target) &&
      targetFailures(inputs.target, "target").length === 0 &&
      !targetHasLifecycle(inputs.target)
    ) {
      f.push({
        property: "inactiveKids",
        reason: `target kind "${inputs.target.kind}" has no key status; only lifecycle targets (${LIFECYCLE_TARGET_KINDS.join(", ")}) take inactiveKids`,
      });
    } else if (Array.isArray(inputs.keys) && !containsUnknown(inputs.keys)) {
      const declared = new Set(inputs.keys.map((k) => k.kid));
      inputs.inactiveKids.forEach((kid, i) => {
        if (!declared.has(kid)) f.push({ property: `inactiveKids[${i}]`, reason: `"${kid}" is not the kid of a declared key` });
      });
    }
  }
  return f;
}

/** Throws the input failures of `inputs`, if any. */
export async function assertValid(inputs: JwkSetInputs): Promise<void> {
  const failures = await jwkSetInputFailures(inputs);
  if (failures.length > 0) throw new JwkInputError(failures);
}
