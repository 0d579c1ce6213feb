/**
 * `jwk:index:KeyRotation` in the plugin form: a component the plugin constructs (the engine's Construct call,
 * which `@pulumi/pulumi/provider` serves by running `construct` inside a Pulumi program context), made of the
 * same parts as the TypeScript `KeyRotation` class (resources/rotation/key-rotation.ts): one
 * `jwk:index:RotationSchedule` whose time-aware diff advances the lifecycle, and one `jwk:index:JwkSet` per
 * target publishing its `publishedKeys`, named as the class names them. A component rather than one resource
 * doing it all, because then each set keeps everything a JwkSet does (ownership, lock, drift on refresh) and a
 * program sees the same resources in either form.
 *
 * Custody of the rotation's keys (being added to `KeyRotationArgs` on its own): every input but `targets` and
 * `mode` goes to the schedule as it is, so a custody input reaches the rotation provider with no change here;
 * the schema (schema/key-rotation.ts) gains its property, which the parity test asks for.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
import { JwkPluginUnknownTypeError } from "../errors";
import { PACKAGE } from "./schema/spec";

export const KEY_ROTATION = `${PACKAGE}:index:KeyRotation`;

/** The schedule's outputs (the logic's stored state a program reads), registered so the resource has them. */
const SCHEDULE_OUTPUTS = ["schedule", "currentKid", "publishedKeys", "bindableKeys", "privateJwks", "nextStep", "currentKeyUri"] as const;
type ScheduleOutput = (typeof SCHEDULE_OUTPUTS)[number];

/**
 * The targets as a list: the engine sends a plain list (of values or outputs) unless the whole list is secret or
 * depends on other resources, in which case it is one output. Then its length is awaited (the number of sets
 * must be known) and each target is an output derived from it, so it stays secret and keeps its dependencies.
 */
async function targetList(targets: unknown): Promise<unknown[]> {
  if (Array.isArray(targets)) return targets as unknown[];
  if (!pulumi.Output.isInstance(targets)) return [];
  const list: pulumi.Output<unknown> = targets;
  const value = await (list as unknown as { promise(): Promise<unknown> }).promise();
  const length = Array.isArray(value) ? value.length : 0;
  return Array.from({ length }, (_, i) => list.apply((l) => (l as unknown[])[i]));
}

/** A resource this plugin serves, registered by type token (CustomResource itself is abstract). */
class PluginResource extends pulumi.CustomResource {}

class KeyRotationComponent extends pulumi.ComponentResource {
  readonly state: Record<string, pulumi.Output<unknown> | pulumi.Resource[]>;

  constructor(name: string, inputs: pulumi.Inputs, targets: unknown[], opts: pulumi.ComponentResourceOptions) {
    super(KEY_ROTATION, name, {}, opts);
    const { targets: _targets, mode, ...scheduleArgs } = inputs as Record<string, unknown>;
    const given = Object.fromEntries(Object.entries(scheduleArgs).filter(([, v]) => v !== undefined));
    const outputs = Object.fromEntries(SCHEDULE_OUTPUTS.map((o) => [o, undefined]));
    const keys = new PluginResource(
      `${PACKAGE}:index:RotationSchedule`,
      `${name}-schedule`,
      { ...given, ...outputs },
      { parent: this, additionalSecretOutputs: ["privateJwks"] },
    ) as PluginResource & Record<ScheduleOutput, pulumi.Output<unknown>>;
    const sets = targets.map(
      (target, i) =>
        new PluginResource(
          `${PACKAGE}:index:JwkSet`,
          `${name}-jwks${targets.length > 1 ? `-${i}` : ""}`,
          { target, keys: keys.publishedKeys, ...(mode ? { mode } : {}), kids: undefined, drift: undefined, foreignKids: undefined },
          { parent: this },
        ),
    );
    const currentPrivateJwk = pulumi.secret(
      pulumi.all([keys.privateJwks, keys.currentKid]).apply(([jwks, kid]) => (jwks as Record<string, unknown>)[kid as string]),
    );
    this.state = {
      currentKid: keys.currentKid,
      currentPrivateJwk,
      currentKeyUri: keys.currentKeyUri,
      bindableKeys: keys.bindableKeys,
      publishedKeys: keys.publishedKeys,
      schedule: keys.schedule,
      nextStep: keys.nextStep,
      sets,
    };
    this.registerOutputs({ currentKid: keys.currentKid, schedule: keys.schedule, nextStep: keys.nextStep });
  }
}

/** The plugin's `construct`: the components it serves (KeyRotation). */
export async function construct(
  name: string,
  type: string,
  inputs: pulumi.Inputs,
  options: pulumi.ComponentResourceOptions,
): Promise<provider.ConstructResult> {
  if (type !== KEY_ROTATION) throw new JwkPluginUnknownTypeError(type, [KEY_ROTATION]);
  const component = new KeyRotationComponent(name, inputs, await targetList(inputs.targets), options);
  return { urn: component.urn, state: component.state };
}
