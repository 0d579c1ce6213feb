/**
 * One implementation, two front doors: the plugin's schema must describe each resource exactly as the dynamic
 * resource declares it. Inputs: the Args interface's members, optionality and TSDoc. Outputs: the class's public
 * outputs plus the state its logic stores (less what is internal), each described by the first TSDoc found on
 * the class, the logic's Outputs type or the Args. Secrets: the properties guard.ts treats as secret.
 */
import { describe, expect, test } from "vitest";
import { bindingSecretInputs, jwkSecretInputs, jwkSetSecretInputs } from "../../provider/pulumi/guard";
import { RESOURCES, type ResourceSpec } from "../../provider/plugin/schema";
import { classOutputs, interfaceMembers, type Member } from "./tsdoc";

interface FrontDoor {
  name: string;
  file: string;
  args: string;
  /** The logic's stored state; absent for a component (its outputs are the class's). */
  logic?: string;
  outputs?: string;
  /** Stored state no program reads (not in the schema). */
  internal: string[];
  secret: readonly string[];
}

const DOORS: FrontDoor[] = [
  {
    name: "Jwk",
    file: "provider/resources/jwk/jwk.ts",
    args: "JwkArgs",
    logic: "provider/resources/jwk/logic.ts",
    outputs: "JwkOutputs",
    internal: [],
    secret: jwkSecretInputs().properties,
  },
  {
    name: "JwkSet",
    file: "provider/resources/jwkset/jwkset.ts",
    args: "JwkSetArgs",
    logic: "provider/resources/jwkset/logic.ts",
    outputs: "JwkSetOutputs",
    internal: ["ownerId", "sharedWith"],
    secret: jwkSetSecretInputs().properties,
  },
  {
    name: "ClientKeyBinding",
    file: "provider/resources/binding/client-key-binding.ts",
    args: "ClientKeyBindingArgs",
    logic: "provider/resources/binding/logic.ts",
    outputs: "BindingOutputs",
    internal: [],
    secret: bindingSecretInputs().properties,
  },
  {
    name: "KeyRotation",
    file: "provider/resources/rotation/key-rotation.ts",
    args: "KeyRotationArgs",
    internal: [],
    // The private JWK the class makes secret (pulumi.secret); the schedule's privateJwks are its child's.
    secret: ["currentPrivateJwk"],
  },
  {
    name: "PingOneKeyRotationPolicy",
    file: "provider/vendors/pingone/key-rotation-policy/key-rotation-policy.ts",
    args: "PingOneKeyRotationPolicyArgs",
    logic: "provider/vendors/pingone/key-rotation-policy/logic.ts",
    outputs: "PolicyOutputs",
    internal: ["__urn"],
    secret: [],
  },
  {
    name: "ReachFiveAccountKey",
    file: "provider/vendors/reachfive/account-key/account-key.ts",
    args: "ReachFiveAccountKeyArgs",
    logic: "provider/vendors/reachfive/account-key/logic.ts",
    outputs: "AccountKeyOutputs",
    internal: [],
    secret: [],
  },
];

const sorted = (xs: Iterable<string>) => [...xs].sort();

describe.each(DOORS)("$name: schema and dynamic resource agree", (door) => {
  const spec: ResourceSpec = RESOURCES[door.name]!;
  const args = interfaceMembers(door.file, door.args);
  const cls = classOutputs(door.file, door.name);
  const logic = door.logic && door.outputs ? interfaceMembers(door.logic, door.outputs) : new Map<string, Member>();

  test("the same inputs, equally required, with the Args TSDoc as descriptions", () => {
    expect(sorted(Object.keys(spec.inputProperties))).toEqual(sorted(args.keys()));
    expect(sorted(spec.requiredInputs)).toEqual(sorted([...args].filter(([, m]) => !m.optional).map(([n]) => n)));
    for (const [name, member] of args) expect(spec.inputProperties[name]!.description, name).toBe(member.doc);
  });

  test("the same outputs: the class's public outputs and the logic's stored state", () => {
    const expected = new Set([...cls.keys(), ...[...logic.keys()].filter((n) => !door.internal.includes(n))]);
    expect(sorted(Object.keys(spec.properties))).toEqual(sorted(expected));
    for (const name of Object.keys(spec.properties)) {
      const doc = [cls, logic, args].map((m: Map<string, Member>) => m.get(name)?.doc).find((d) => d !== undefined);
      if (doc !== undefined) expect(spec.properties[name]!.description, name).toBe(doc);
      else expect(spec.properties[name]!.description.length, name).toBeGreaterThan(0);
    }
  });

  test.runIf(door.logic === undefined)("a component's outputs are all required", () => {
    expect(sorted(spec.required)).toEqual(sorted(Object.keys(spec.properties)));
  });

  test.runIf(door.logic !== undefined)("outputs the logic always stores are required; optional ones are not", () => {
    for (const [name, member] of logic) {
      if (door.internal.includes(name)) continue;
      expect(spec.required.includes(name), name).toBe(!member.optional);
    }
  });

  test("the secret properties are the ones guard.ts keeps secret", () => {
    const secret = [...Object.entries(spec.inputProperties), ...Object.entries(spec.properties)]
      .filter(([, p]) => p.secret)
      .map(([n]) => n);
    expect(sorted(new Set(secret))).toEqual(sorted(door.secret));
  });
});
