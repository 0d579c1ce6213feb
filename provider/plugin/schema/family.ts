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

/** The family's object type: `kind` (the enum `kindEnum`) and the union of the kinds' members. */
export function familyType(description: string, kindEnum: string, kinds: KindMembers): ObjectTypeSpec {
  const byName = new Map<string, [string, KindMember][]>();
  for (const [kind, members] of Object.entries(kinds))
    for (const [name, member] of Object.entries(members)) byName.set(name, [...(byName.get(name) ?? []), [kind, member]]);
  const properties: Record<string, PropertySpec> = {
    kind: d(ref(kindEnum), "Which kind this is; every other member says which kinds take it."),
  };
  for (const [name, uses] of byName) {
    const { description: _first, ...type } = uses[0]![1].property;
    for (const [kind, member] of uses) {
      const { description: _d, ...other } = member.property;
      if (JSON.stringify(other) !== JSON.stringify(type)) throw new Error(`${name}: kinds ${uses[0]![0]} and ${kind} type it differently`);
    }
    const label = ([kind, m]: [string, KindMember]) => `\`${kind}\`${m.required ? " (required)" : ""}`;
    const groups = new Map<string, [string, KindMember][]>();
    for (const use of uses) groups.set(use[1].property.description, [...(groups.get(use[1].property.description) ?? []), use]);
    const text = [...groups].map(([text, group]) => `${group.map(label).join(", ")}: ${text}`).join("\n");
    properties[name] = { ...type, description: text };
  }
  return { type: "object", description, properties, required: ["kind"] };
}
