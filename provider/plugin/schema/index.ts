/**
 * The Pulumi package schema of the plugin form: what `pulumi package add` / `gen-sdk` generate SDKs from and
 * what a YAML program is checked against. One module per resource (jwk.ts, jwkset.ts, binding.ts, key-rotation.ts; the vendors' own in vendor-resources.ts) and the types
 * they share (enums.ts, keys.ts, target.ts, client.ts); adding a resource is one module and one entry in
 * `SCHEMA_RESOURCES`. It describes the same resources as the dynamic front door: test/plugin/schema-parity.test.ts
 * fails when a property, its optionality or its description (the TSDoc of the TypeScript declarations)
 * disagrees, and test/plugin/schema.test.ts checks the document itself (every reference resolves, everything is
 * described, the enums cover the TypeScript unions).
 *
 * @see https://www.pulumi.com/docs/iac/guides/building-extending/packages/schema/
 */
import { version } from "../../version";
import { BINDING } from "./binding";
import { CLIENT_TYPES } from "./client";
import { ENUMS } from "./enums";
import { JWK } from "./jwk";
import { JWKSET } from "./jwkset";
import { KEY_ROTATION } from "./key-rotation";
import { KEY_TYPES } from "./keys";
import { LANGUAGE, REPOSITORY_URL } from "./language";
import { PACKAGE, type NamedTypes, type ResourceSpec, type SchemaResource } from "./spec";
import { TARGET_TYPES } from "./target";
import { PINGONE_POLICY, REACHFIVE_ACCOUNT_KEY } from "./vendor-resources";

export { PACKAGE, type ResourceSpec } from "./spec";

/** Every resource the plugin serves. */
const SCHEMA_RESOURCES: readonly SchemaResource[] = [JWK, JWKSET, BINDING, KEY_ROTATION, PINGONE_POLICY, REACHFIVE_ACCOUNT_KEY];

/** Every resource by type name (`jwk:index:<name>`). */
export const RESOURCES: Record<string, ResourceSpec> = Object.fromEntries(SCHEMA_RESOURCES.map((r) => [r.name, r.spec]));

/** Every named type (enums and object types), by name (`jwk:index:<name>`). */
export const TYPES: NamedTypes = Object.assign(
  {},
  ENUMS,
  KEY_TYPES,
  TARGET_TYPES,
  CLIENT_TYPES,
  ...SCHEMA_RESOURCES.map((r) => r.types ?? {}),
) as NamedTypes;

const tokens = <T>(byName: Record<string, T>) =>
  Object.fromEntries(Object.entries(byName).map(([name, spec]) => [`${PACKAGE}:index:${name}`, spec]));

/** The schema document the plugin answers GetSchema with. */
export function packageSchema(): Record<string, unknown> {
  return {
    name: PACKAGE,
    displayName: "JSON Web Keys",
    version,
    description: "JSON Web Keys as code: generate keys, publish JWK Sets, detect drift.",
    keywords: ["jwk", "jwks", "oauth", "oidc", "category/security", "kind/native"],
    license: "Apache-2.0",
    repository: REPOSITORY_URL,
    meta: { moduleFormat: "(.*)" },
    language: LANGUAGE,
    types: tokens(TYPES),
    resources: tokens(RESOURCES),
  };
}
