/**
 * `jwk:index:RotationSchedule` in the plugin form: the keys and schedule of a `KeyRotation`
 * (key-rotation-component.ts creates it; programs use KeyRotation), the guarded methods the TypeScript form runs
 * (resources/rotation/entry.ts), with the private JWKs stored as a secret.
 */
import rotationMethods from "../resources/rotation/entry";
import { dynamicHandler } from "./dynamic-handler";
import type { ResourceHandler } from "./handler";
import { PACKAGE } from "./schema/spec";

export const ROTATION_SCHEDULE = `${PACKAGE}:index:RotationSchedule`;

export const rotationScheduleResource: ResourceHandler = dynamicHandler(rotationMethods, {
  type: ROTATION_SCHEDULE,
  secretOutputs: ["privateJwks"],
  importing: { refused: "its private keys exist only in Pulumi state; declare a KeyRotation, which starts a new schedule" },
});
