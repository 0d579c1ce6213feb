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
 * Names the SDKs do not derive well from the rule below: Python makes constants by splitting a name at each
 * lower-to-upper step, so `EdDSA` would be `ED_DSA` there; `EDDSA` is `EDDSA` in Python and `AlgorithmEDDSA` in Go.
 */
const ENUM_NAMES: Record<string, string> = { EdDSA: "EDDSA" };

/**
 * The name of an enum value: what each SDK derives its constant from (Go `<Type><Name>`, Python the name in
 * UPPER_SNAKE_CASE, TypeScript and C# the name). A one-word value keeps its spelling with a capital first letter
 * (`ES256`, `Ed25519`, `sig` is `Sig`); a value of several words (separated by anything an identifier cannot hold,
 * or `_`) is PascalCase, one capital per word (`private_key_jwt` is `PrivateKeyJwt`, `RSA-OAEP-256` is
 * `RsaOaep256`, `ECDH-ES+A128KW` is `EcdhEsA128kw`, `P-256` is `P256`), so Go never gets the `_` it keeps as
 * `Type_Name` and Python splits it at the words (`PRIVATE_KEY_JWT`, `RSA_OAEP256`, `ECDH_ES_A128KW`).
 */
function enumName(value: string): string {
  const words = value.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
  const capital = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  const name = ENUM_NAMES[value] ?? (words.length === 1 ? capital(words.join("")) : words.map((w) => capital(w.toLowerCase())).join(""));
  return /^[0-9]/.test(name) ? `V${name}` : name;
}

/** An enum of string values, each named by `enumName` and described by `docs[value]` where given. */
export function stringEnum(description: string, values: readonly string[], docs: Record<string, string> = {}): EnumTypeSpec {
  return {
    type: "string",
    description,
    enum: values.map((value) => {
      const name = enumName(value);
      return docs[value] === undefined ? { name, value } : { name, value, description: docs[value] };
    }),
  };
}
