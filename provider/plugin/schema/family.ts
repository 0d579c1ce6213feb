/**
 * One object type for a family of configurations discriminated by `kind` (targets, clients). Why one type per
 * family rather than one per kind under a `oneOf`: Pulumi's Go and .NET code generators have no unions, so a
 * `oneOf` property becomes `interface{}` / `object` there (checked with `pulumi package gen-sdk`), and the
 * inputs that matter most would lose completion, type checking and documentation in two of the four languages.
 * One type with every kind's members, each description naming the kinds that take it (and whether they
 * require it), is typed in every language; the provider's check still refuses what a kind does not accept.
 * Each kind's members stay declared per kind (`KindMembers`): test/plugin/schema-parity.test.ts holds them
 * against the kind's TypeScript config type.
 */
import { d, ref, type ObjectTypeSpec, type PropertySpec, type TypeSpec } from "./spec";

/** One member of one kind: its schema property (description = the member's TSDoc) and whether it is required. */
export interface KindMember {
  property: PropertySpec;
  required: boolean;
}

/** Each kind's members by name (`kind` itself excluded). */
export type KindMembers = Record<string, Record<string, KindMember>>;

export const required = (spec: TypeSpec, description: string): KindMember => ({ property: d(spec, description), required: true });
export const optional = (spec: TypeSpec, description: string): KindMember => ({ property: d(spec, description), required: false });

/** A property's type: the property without its description. */
function typeOf(property: PropertySpec): string {
  return JSON.stringify(Object.fromEntries(Object.entries(property).filter(([k]) => k !== "description")));
}

/** The family's object type: `kind` (the enum `kindEnum`) and the union of the kinds' members. */
export function familyType(description: string, kindEnum: string, kinds: KindMembers): ObjectTypeSpec {
  const byName = new Map<string, [string, KindMember][]>();
  for (const [kind, members] of Object.entries(kinds))
    for (const [name, member] of Object.entries(members)) byName.set(name, [...(byName.get(name) ?? []), [kind, member]]);
  const properties: Record<string, PropertySpec> = {
    kind: d(ref(kindEnum), "Which kind this is; every other member says which kinds take it."),
  };
  for (const [name, uses] of byName) {
    const [first] = uses;
    if (first === undefined) continue;
    const type = typeOf(first[1].property);
    const other = uses.find(([, m]) => typeOf(m.property) !== type);
    if (other) throw new Error(`${name}: kinds ${first[0]} and ${other[0]} type it differently`);
    // Kinds that say the same about the member share one line: "`a` (required), `b`: <description>".
    const lines = new Map<string, string[]>();
    for (const [kind, m] of uses)
      lines.set(m.property.description, [...(lines.get(m.property.description) ?? []), `\`${kind}\`${m.required ? " (required)" : ""}`]);
    const text = [...lines].map(([line, labels]) => `${labels.join(", ")}: ${line}`).join("\n");
    properties[name] = { ...first[1].property, description: text };
  }
  return { type: "object", description, properties, required: ["kind"] };
}
