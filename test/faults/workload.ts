/**
 * The workload of the fault-injection suites: JwkSets on several targets and a seeded stream of operations on
 * them (create, add, rotate, remove, same-kid change, status change, destroy). An operation only changes what a
 * set declares; the driver then runs `up` (and re-runs it after failures) until the target agrees.
 */
import { uniformInt } from "pure-rand/distribution/uniformInt";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import type { SetMode } from "../../provider/core/jwks/diff";
import { describeKey, generateKey, type PublicJwk } from "../../provider/core/keys/material";
import type { TargetConfig } from "../../provider/registry/targets";

export const OPERATION_KINDS = ["create", "add", "rotate", "remove", "change", "status", "destroy"] as const;
export type OperationKind = (typeof OPERATION_KINDS)[number];

/** One JwkSet as the program declares it. `target` groups sets that share a target (for the audit). */
export interface SetModel {
  name: string;
  target: string;
  config: TargetConfig;
  mode: SetMode;
  /** Keys have a status on this target (Okta): the workload keeps two ACTIVE per set, as private_key_jwt needs one. */
  lifecycle: boolean;
  declared: PublicJwk[];
  inactive: string[];
  /** Whether the program declares the set at all (false after a destroy, until the next create). */
  exists: boolean;
  serial: number;
}

export function newSet(name: string, target: string, config: TargetConfig, mode: SetMode, lifecycle: boolean): SetModel {
  return { name, target, config, mode, lifecycle, declared: [], inactive: [], exists: false, serial: 0 };
}

const ALGS = ["ES256", "ES256", "ES384", "ES256", "RS256"];

/** A fresh public key with a kid unique to the set (RS256 now and then, EC mostly: they are quick to make). */
async function freshKey(set: SetModel, kid = `${set.name}-k${++set.serial}`): Promise<PublicJwk> {
  const alg = ALGS[set.serial % ALGS.length]!;
  return (await describeKey(await generateKey({ alg }), { alg, use: "sig", kid })).publicJwk;
}

const active = (set: SetModel) => set.declared.filter((k) => !set.inactive.includes(k.kid));

/** Chooses the next operation for `set` (weights below) and changes what it declares accordingly. */
export async function nextOperation(rng: RandomGenerator, set: SetModel): Promise<OperationKind> {
  if (!set.exists) {
    set.declared = [await freshKey(set), await freshKey(set)];
    set.inactive = [];
    set.exists = true;
    return "create";
  }
  const canRemove = set.lifecycle ? active(set).length > 2 || set.inactive.length > 0 : set.declared.length > 2;
  const weights: [OperationKind, number][] = [
    ["add", set.declared.length < 6 ? 20 : 0],
    ["rotate", 30],
    ["remove", canRemove ? 15 : 0],
    ["change", 15],
    ["status", set.lifecycle && (active(set).length > 2 || set.inactive.length > 0) ? 10 : 0],
    ["destroy", 6],
  ];
  let roll = uniformInt(
    rng,
    1,
    weights.reduce((n, [, w]) => n + w, 0),
  );
  const kind = weights.find(([, w]) => (roll -= w) <= 0)![0];
  const any = () => set.declared[uniformInt(rng, 0, set.declared.length - 1)]!;
  switch (kind) {
    case "add":
      set.declared.push(await freshKey(set));
      break;
    case "rotate": {
      // The oldest key makes way for a new one under a new kid, keeping its status.
      const old = set.declared.shift()!;
      const next = await freshKey(set);
      set.declared.push(next);
      if (set.inactive.includes(old.kid)) set.inactive = [...set.inactive.filter((k) => k !== old.kid), next.kid];
      break;
    }
    case "remove": {
      const candidates = set.lifecycle && active(set).length <= 2 ? set.declared.filter((k) => set.inactive.includes(k.kid)) : set.declared;
      const gone = candidates[uniformInt(rng, 0, candidates.length - 1)]!;
      set.declared = set.declared.filter((k) => k !== gone);
      set.inactive = set.inactive.filter((k) => k !== gone.kid);
      break;
    }
    case "change": {
      // New material under the same kid (an in-place update where the API has one, else remove and add).
      const old = any();
      set.declared[set.declared.indexOf(old)] = await freshKey(set, old.kid);
      break;
    }
    case "status": {
      const inactive = set.inactive.length > 0 && (active(set).length <= 2 || uniformInt(rng, 0, 1) === 0);
      if (inactive) set.inactive = set.inactive.slice(1);
      else set.inactive = [...set.inactive, active(set)[0]!.kid];
      break;
    }
    case "destroy":
      set.exists = false;
      break;
    default:
      break;
  }
  return kind;
}
