/**
 * The shapes of a Pulumi package schema this package uses, and the helpers the schema modules build them with.
 *
 * @see https://www.pulumi.com/docs/iac/guides/building-extending/packages/schema/
 */

/** The package name: type tokens are `jwk:index:<Type>`. */
export const PACKAGE = "jwk";

export type TypeSpec =
  | { type: "string" | "integer" | "number" | "boolean" }
  | { type: "array"; items: TypeSpec }
  | { type: "object"; additionalProperties?: TypeSpec }
  | { $ref: string } // a named type (`#/types/...`), `pulumi.json#/Any`, or a resource (`#/resources/...`)
  | { oneOf: TypeSpec[] };

/** Per-language names for a property whose schema name is not an identifier (`x5t#S256`). */
export interface LanguageNames {
  language?: Record<"csharp" | "go" | "python" | "nodejs", { name: string }>;
}

export type PropertySpec = TypeSpec & LanguageNames & { description: string; secret?: boolean };

export interface ResourceSpec {
  description: string;
  /** A component: the plugin constructs it from other resources (Construct) instead of serving its CRUD. */
  isComponent?: boolean;
  inputProperties: Record<string, PropertySpec>;
  requiredInputs: string[];
  properties: Record<string, PropertySpec>;
  required: string[];
  /** Type tokens this resource had before; the engine treats state under them as this resource. */
  aliases?: { type: string }[];
}

export interface ObjectTypeSpec {
  type: "object";
  description: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

export interface EnumTypeSpec {
  type: "string";
  description: string;
  enum: { name: string; value: string; description?: string }[];
}

/** A named type of the schema's `types` section: its name (the token is `jwk:index:<name>`) and its spec. */
export type NamedTypes = Record<string, ObjectTypeSpec | EnumTypeSpec>;

/** What one resource module contributes: the resource under its name, and the types only it uses. */
export interface SchemaResource {
  name: string;
  spec: ResourceSpec;
  types?: NamedTypes;
}

export const ANY: TypeSpec = { $ref: "pulumi.json#/Any" };
export const STRING: TypeSpec = { type: "string" };
export const NUMBER: TypeSpec = { type: "number" };
export const INTEGER: TypeSpec = { type: "integer" };
export const BOOLEAN: TypeSpec = { type: "boolean" };
export const STRINGS: TypeSpec = { type: "array", items: STRING };
/** A JSON object of any members (a private JWK, whose members the schema does not spell out). */
export const JSON_OBJECT: TypeSpec = { type: "object", additionalProperties: ANY };

/** A reference to the named type `jwk:index:<name>`. */
export const ref = (name: string): TypeSpec => ({ $ref: `#/types/${PACKAGE}:index:${name}` });
export const listOf = (items: TypeSpec): TypeSpec => ({ type: "array", items });

/** A property: its type, its description, and whether its value is a secret. */
export const d = (spec: TypeSpec, description: string, secret?: boolean): PropertySpec =>
  secret ? { ...spec, description, secret } : { ...spec, description };

/** The dynamic form's type token for `type` (stub.ts): old state under it migrates by alias. */
export const dynamicToken = (type: string) => ({ type: `pulumi-nodejs:dynamic/pulumi-jwk:${type}` });

/**
 * An enum of string values; each value's name (the SDKs' constant) is the value with every character an
 * identifier cannot hold replaced by `_` (`ECDH-ES+A128KW` is `ECDH_ES_A128KW`).
 */
export function stringEnum(description: string, values: readonly string[], docs: Record<string, string> = {}): EnumTypeSpec {
  return {
    type: "string",
    description,
    enum: values.map((value) => {
      const name = value.replace(/[^A-Za-z0-9]+/g, "_").replace(/^([0-9])/, "_$1");
      return docs[value] === undefined ? { name, value } : { name, value, description: docs[value] };
    }),
  };
}
