/**
 * How `Jwk` and `JwkSet` reach the engine's dynamic-provider plugin. The plugin loads each resource's provider
 * from the text stored in its `__provider` property: `require-from-string` of that text, then `handler()`
 * (@pulumi/pulumi cmd/dynamic-provider). `pulumi.dynamic.Resource` produces that text with the closure
 * serializer, 1.4-2 KB per resource stored twice (inputs and outputs) and the serializer's own start-up cost in
 * every program run. We write the text ourselves instead: one line that loads the implementation by package
 * name, whose exports are the provider's methods.
 *
 * Stable contract (state written today must load in later versions): `pulumi-jwk/providers/<name>` exports
 * check, diff, create, update and, where the resource has them, read and delete. State written by 0.1 stores a
 * closure-serialized stub that calls those same exports, so it keeps working.
 */
import * as pulumi from "@pulumi/pulumi";

import type { ProviderName } from "../registry/providers";
import { withSecretMarkers } from "./derived-secrets";

// The implementation modules, exported as `pulumi-jwk/providers/<name>`: listed in the registry, beside the kinds.
export type { ProviderName };

/** The `__provider` text for `name` (about 60 bytes). */
export function providerStub(name: ProviderName): string {
  return `exports.handler=()=>require("pulumi-jwk/providers/${name}");`;
}

/**
 * The URN a stubbed resource of `type` named `name` will have, as a plain promise. Resources that report drift
 * keep it as a hidden `__urn` input: the dynamic-provider host does not pass the URN to `read`, and drift
 * reports are filed under it (engine-log.ts). A plain promise, because an Output of the parent's URN would make
 * the resource depend on its parent, which for a component means on every sibling (a cycle as soon as one uses
 * another's outputs).
 */
export function ownUrn(type: string, name: string, parent: pulumi.Resource | undefined): Promise<string> {
  return new Promise((resolve) => pulumi.createUrn(name, `pulumi-nodejs:dynamic/pulumi-jwk:${type}`, parent).apply(resolve));
}

/**
 * A resource served by the dynamic-provider plugin, with the type token `pulumi.dynamic.Resource` would give
 * it (`pulumi-nodejs:dynamic/pulumi-jwk:<type>`), so state written either way is the same resource.
 */
export abstract class StubbedDynamicResource extends pulumi.CustomResource {
  constructor(provider: ProviderName, type: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = leakTraceLimit(limit);
    try {
      super(`pulumi-nodejs:dynamic/pulumi-jwk:${type}`, name, { ...withSecretMarkers(props), __provider: providerStub(provider) }, opts);
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
}

/**
 * The stack depth captured while the SDK registers one of our resources. The SDK wraps each registered property
 * in four promises, each capturing `new Error().stack`, which source-map-support maps frame by frame: with a
 * dozen properties per resource that was most of the CPU a program of ours spent beyond a resource that does
 * nothing (1.4x a no-op program's no-change preview at 300 bindings, 1.0x without; bench/scale-bindings.ts).
 * Those traces are read only by the SDK's promise-leak report at exit, whose context line still names the
 * resource and the property, so they are not captured unless PULUMI_DEBUG_PROMISE_LEAKS asks for leak
 * debugging. The resource's source position (Resource.callsites) sets a limit of its own and is unaffected.
 */
function leakTraceLimit(current: number): number {
  return process.env.PULUMI_DEBUG_PROMISE_LEAKS ? current : 0;
}
