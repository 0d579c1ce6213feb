/**
 * The schema document itself: every `$ref` resolves, every type is used, every resource, type, property and
 * enum value is described, enum names are PascalCase identifiers (clean SDK constants), the enums hold exactly the TypeScript unions' members
 * (or the lists the checks use), secrets are marked, and the language section names the published packages.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { SUPPORTED_ALGORITHMS } from "../../provider/core/keys/algorithms";
import { CLIENT_KINDS } from "../../provider/registry/clients";
import { TARGET_KINDS } from "../../provider/registry/targets";
import { AUTH_METHODS, SIGNING_ALGS } from "../../provider/resources/binding/check";
import { packageSchema } from "../../provider/plugin/schema/index";
import type { EnumTypeSpec, ObjectTypeSpec, PropertySpec, ResourceSpec } from "../../provider/plugin/schema/spec";
import { stringUnion } from "./tsdoc";

const schema = packageSchema() as {
  types: Record<string, ObjectTypeSpec | EnumTypeSpec>;
  resources: Record<string, ResourceSpec>;
  language: Record<string, Record<string, unknown>>;
  repository: string;
};

/** Every `$ref` in the document, where it is. */
function refs(value: unknown, at: string, out: [string, string][] = []): [string, string][] {
  if (Array.isArray(value)) value.forEach((v, i) => refs(v, `${at}[${i}]`, out));
  else if (typeof value === "object" && value !== null)
    for (const [k, v] of Object.entries(value)) {
      if (k === "$ref") out.push([at, v as string]);
      else refs(v, `${at}.${k}`, out);
    }
  return out;
}

/** Every property of every resource (inputs and outputs) and object type, by where it is. */
function properties(): [string, PropertySpec][] {
  const out: [string, PropertySpec][] = [];
  for (const [token, r] of Object.entries(schema.resources)) {
    for (const [n, p] of Object.entries(r.inputProperties)) out.push([`${token} input ${n}`, p]);
    for (const [n, p] of Object.entries(r.properties)) out.push([`${token} output ${n}`, p]);
  }
  for (const [token, t] of Object.entries(schema.types))
    if ("properties" in t) for (const [n, p] of Object.entries(t.properties)) out.push([`${token}.${n}`, p]);
  return out;
}

// The TypeScript program the declarations are read from takes seconds to build under load: once, here.
beforeAll(() => void stringUnion("provider/core/jwks/diff.ts", "SetMode"), 120_000);

const enumValues = (name: string) => (schema.types[`jwk:index:${name}`] as EnumTypeSpec).enum.map((v) => v.value).sort();

describe("references", () => {
  test("every $ref names a type of the document or pulumi.json#/Any", () => {
    for (const [at, ref] of refs(schema, "schema")) {
      if (ref === "pulumi.json#/Any") continue;
      if (ref.startsWith("#/resources/")) {
        expect(schema.resources[ref.slice("#/resources/".length)], `${at}: ${ref}`).toBeDefined();
        continue;
      }
      expect(ref, at).toMatch(/^#\/types\//);
      expect(schema.types[ref.slice("#/types/".length)], `${at}: ${ref}`).toBeDefined();
    }
  });
  test("every type is used", () => {
    const used = new Set(refs({ resources: schema.resources, types: schema.types }, "schema").map(([, r]) => r.slice("#/types/".length)));
    expect(Object.keys(schema.types).filter((t) => !used.has(t))).toEqual([]);
  });
});

describe("descriptions", () => {
  test("every resource and type is described", () => {
    for (const [token, spec] of [...Object.entries(schema.resources), ...Object.entries(schema.types)])
      expect(spec.description.trim().length, token).toBeGreaterThan(0);
  });
  test("every property is described", () => {
    for (const [at, p] of properties()) expect(p.description.trim().length, at).toBeGreaterThan(0);
  });
  test("every enum value has an identifier for a name", () => {
    for (const [token, t] of Object.entries(schema.types))
      if ("enum" in t) for (const v of t.enum) expect(v.name, `${token} ${v.value}`).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
  });
  // Go names a constant with a `_` in its name `Type_Name` (TokenEndpointAuthMethod_Private_key_jwt), Python splits
  // at each lower-to-upper step (EdDSA: ED_DSA): the names are PascalCase words, the SDKs' constants clean.
  test("every enum name is PascalCase with no `_`, and distinct within its enum", () => {
    for (const [token, t] of Object.entries(schema.types))
      if ("enum" in t) {
        for (const v of t.enum) expect(v.name, `${token} ${v.value}`).toMatch(/^[A-Z][A-Za-z0-9]*$/);
        expect(new Set(t.enum.map((v) => v.name.toUpperCase())).size, token).toBe(t.enum.length);
      }
  });
  test.each([
    ["Algorithm", { ES256: "ES256", EdDSA: "EDDSA", Ed25519: "Ed25519", "RSA-OAEP-256": "RsaOaep256", "ECDH-ES+A128KW": "EcdhEsA128kw" }],
    ["Curve", { "P-256": "P256", X25519: "X25519" }],
    ["TokenEndpointAuthMethod", { private_key_jwt: "PrivateKeyJwt", self_signed_tls_client_auth: "SelfSignedTlsClientAuth" }],
    ["ClientAssertionAlg", { EdDSA: "EDDSA" }],
    ["TargetKind", { file: "File" }],
    ["ReachFiveKeyPair", { "client-specific": "ClientSpecific" }],
    ["NextStepAction", { "publish-next": "PublishNext" }],
  ])("%s value names", (type, expected) => {
    const names = Object.fromEntries((schema.types[`jwk:index:${type}`] as EnumTypeSpec).enum.map((v) => [v.value, v.name]));
    for (const [value, name] of Object.entries(expected)) expect(names[value], value).toBe(name);
  });
});

describe("enums hold what the provider accepts", () => {
  test.each([
    ["KeyUse", "provider/core/keys/algorithms.ts", "KeyUse"],
    ["Curve", "provider/core/keys/algorithms.ts", "Curve"],
    ["SetMode", "provider/core/jwks/diff.ts", "SetMode"],
    ["PingOneRegion", "provider/vendors/pingone/connection.ts", "PingOneRegion"],
  ])("%s is the union %s %s", (name, file, union) => {
    expect(enumValues(name)).toEqual(stringUnion(file, union).sort());
  });
  test("the lists the checks use", () => {
    expect(enumValues("Algorithm")).toEqual([...SUPPORTED_ALGORITHMS].sort());
    expect(enumValues("TargetKind")).toEqual([...TARGET_KINDS].sort());
    expect(enumValues("ClientKind")).toEqual([...CLIENT_KINDS].sort());
    expect(enumValues("TokenEndpointAuthMethod")).toEqual([...AUTH_METHODS].sort());
    expect(enumValues("ClientAssertionAlg")).toEqual([...SIGNING_ALGS].sort());
  });
});

test("secrets: the private key inputs and the private JWK outputs", () => {
  const secret = properties()
    .filter(([, p]) => p.secret)
    .map(([at]) => at);
  expect(secret.sort()).toEqual([
    "jwk:index:Jwk input privateJwk",
    "jwk:index:Jwk input privateKeyPem",
    "jwk:index:Jwk output privateJwk",
    "jwk:index:KeyRotation output currentPrivateJwk",
  ]);
});

test("every resource the TypeScript front door has, under the plugin's tokens; KeyRotation is a component", () => {
  expect(Object.keys(schema.resources).sort()).toEqual(
    ["ClientKeyBinding", "Jwk", "JwkSet", "KeyRotation", "PingOneKeyRotationPolicy", "ReachFiveAccountKey"].map((n) => `jwk:index:${n}`),
  );
  expect(schema.resources["jwk:index:KeyRotation"]!.isComponent).toBe(true);
});

test("the language section names the published packages", () => {
  expect(schema.language.python!.packageName).toBe("pulumi_jwk");
  expect(schema.language.nodejs!.packageName).toBe("@pulumi-jwk/jwk");
  expect(schema.language.go!.importBasePath).toMatch(/^github\.com\/[^/]+\/pulumi-jwk\/sdk\/go\/jwk$/);
  expect(schema.language.csharp!.rootNamespace).toBe("PulumiJwk");
});

// `pulumi package add` (Go) prints `<repository host+path>/sdk/go/<package>` as the import line, whatever
// importBasePath says (pulumi-language-go Link, ExtractImportBasePath; example.com/... without a repository).
test("the repository gives `pulumi package add` the Go import path of the generated SDK", () => {
  const repository = new URL(schema.repository);
  expect(`${repository.host}${repository.pathname}/sdk/go/jwk`).toBe(schema.language.go!.importBasePath);
});
