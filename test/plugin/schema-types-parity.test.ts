/**
 * The schema's object types against the TypeScript declarations they describe: each target and client kind's
 * members (schema/target.ts, schema/client.ts) against the kind's config type, and each shared object type
 * against its interface. A member added to a TypeScript config type and not to the schema fails here, as does
 * a changed optionality, a TSDoc the description does not repeat, or a literal union the enum does not match.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { CLIENT_MEMBERS } from "../../provider/plugin/schema/client";
import type { KindMembers } from "../../provider/plugin/schema/family";
import { TYPES } from "../../provider/plugin/schema/index";
import type { EnumTypeSpec, ObjectTypeSpec, PropertySpec } from "../../provider/plugin/schema/spec";
import { TARGET_MEMBERS } from "../../provider/plugin/schema/target";
import { stringUnion, typedInterfaceMembers, unionMembersByKind, type TypedMember } from "./tsdoc";

// The TypeScript program the declarations are read from takes seconds to build under load: once, here.
beforeAll(() => void stringUnion("provider/core/jwks/diff.ts", "SetMode"), 120_000);

const sorted = (xs: Iterable<string>) => [...xs].sort();

/** What a TypeScript member type must be in the schema: a primitive, a list, or an enum whose values are the literals. */
function expectSameType(where: string, ts: TypedMember, schema: PropertySpec): void {
  const literals = ts.type.split(" | ").filter((t) => t.startsWith('"'));
  if (literals.length > 0 && literals.length === ts.type.split(" | ").length) {
    expect("$ref" in schema, `${where}: ${ts.type} is an enum in the schema`).toBe(true);
    const name = (schema as { $ref: string }).$ref.split(":").pop()!;
    const values = (TYPES[name] as EnumTypeSpec).enum.map((v) => v.value);
    expect(sorted(values), where).toEqual(sorted(literals.map((l) => JSON.parse(l) as string)));
    return;
  }
  const expected: Record<string, unknown> = {
    string: { type: "string" },
    number: ["number", "integer"],
    boolean: { type: "boolean" },
    "string[]": { type: "array", items: { type: "string" } },
    unknown: { $ref: "pulumi.json#/Any" },
  };
  const want = expected[ts.type];
  expect(want, `${where}: no schema type for ${ts.type}`).toBeDefined();
  const { description: _description, secret: _secret, language: _language, ...type } = schema;
  if (Array.isArray(want)) expect(want, where).toContain((type as { type?: string }).type);
  else expect(type, where).toEqual(want);
}

function expectKindsMatch(family: string, schema: KindMembers, declared: Map<string, Map<string, TypedMember>>): void {
  expect(sorted(Object.keys(schema)), `${family} kinds`).toEqual(sorted(declared.keys()));
  for (const [kind, members] of declared) {
    const own = schema[kind]!;
    expect(sorted(Object.keys(own)), `${family} ${kind}: members`).toEqual(sorted(members.keys()));
    for (const [name, member] of members) {
      const where = `${family} ${kind}.${name}`;
      expect(own[name]!.required, `${where}: required`).toBe(!member.optional);
      if (member.doc !== undefined) expect(own[name]!.property.description, where).toBe(member.doc);
      expectSameType(where, member, own[name]!.property);
    }
  }
  const type = TYPES[family] as ObjectTypeSpec;
  const all = new Set(["kind", ...Object.values(schema).flatMap((m) => Object.keys(m))]);
  expect(sorted(Object.keys(type.properties)), `${family}: the family type holds every kind's members`).toEqual(sorted(all));
}

describe("target and client kinds: schema and TypeScript config types agree", () => {
  test("every target kind (registry/targets.ts TargetConfig)", () => {
    expectKindsMatch("Target", TARGET_MEMBERS, unionMembersByKind("provider/registry/targets.ts", "TargetConfig"));
  });
  test("every client kind (registry/clients.ts ClientConfig)", () => {
    expectKindsMatch("Client", CLIENT_MEMBERS, unionMembersByKind("provider/registry/clients.ts", "ClientConfig"));
  });
});

/** Object types and the interface each describes. */
const OBJECTS: [string, string, string][] = [
  ["Certificate", "provider/resources/jwk/certificate.ts", "CertificateInput"],
  ["KeyReference", "provider/custody/types.ts", "KeyReference"],
  ["KeySetDrift", "provider/core/jwks/drift.ts", "Drift"],
  ["BindingDrift", "provider/resources/binding/logic.ts", "BindingDrift"],
  ["BindingAuth", "provider/resources/binding/check.ts", "BindingAuth"],
  ["PingOneSigning", "provider/vendors/pingone/binding-section.ts", "PingOneSigning"],
  ["ReachFiveKeyPairSection", "provider/vendors/reachfive/binding-section.ts", "ReachFiveKeyPairSection"],
  ["ScheduledKey", "provider/core/rotation/types.ts", "ScheduledKey"],
  ["NextStep", "provider/core/rotation/next-step.ts", "NextStep"],
  ["PingOnePolicyFields", "provider/vendors/pingone/policy-api.ts", "PolicyFields"],
  ["PingOnePolicyKey", "provider/vendors/pingone/policy-jwks.ts", "PolicyKey"],
];

describe.each(OBJECTS)("object type %s and %s %s agree", (name, file, iface) => {
  test("the same members, equally required, with the TSDoc as descriptions", () => {
    const type = TYPES[name] as ObjectTypeSpec;
    const members = typedInterfaceMembers(file, iface);
    expect(sorted(Object.keys(type.properties))).toEqual(sorted(members.keys()));
    expect(sorted(type.required ?? [])).toEqual(sorted([...members].filter(([, m]) => !m.optional).map(([n]) => n)));
    for (const [member, m] of members) if (m.doc !== undefined) expect(type.properties[member]!.description, member).toBe(m.doc);
  });
});
