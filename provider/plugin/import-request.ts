/**
 * Makes `pulumi import` reach the provider's `read`. On import the engine sends a ReadRequest without
 * properties, and @pulumi/pulumi 3.259's provider server calls `req.getProperties().toJavaScript()` on it
 * unconditionally (provider/server.js `read`), failing with "Cannot read properties of undefined (reading
 * 'toJavaScript')" before the provider is asked. Here an unset `properties` reads as an empty Struct, which
 * the server hands to `read` as `{}`: the import case of the plugin protocol. A set field is untouched.
 *
 * Called once from serve.ts, in the plugin process only; the library never loads this module.
 */
import { dirname } from "node:path";

interface ReadRequestPrototype {
  getProperties: (this: ReadRequestPrototype) => object | undefined;
  __jwkEmptyWhenUnset?: true;
}

/** A module as @pulumi/pulumi resolves it (google-protobuf is its dependency, not ours): the server's own copy. */
function requireBesidePulumi<T>(id: string): T {
  return require(require.resolve(id, { paths: [dirname(require.resolve("@pulumi/pulumi"))] })) as T;
}

/** Patches the ReadRequest class the provider server uses (the same module instance, by path). */
export function readRequestsWithoutPropertiesAreImports(): void {
  const { ReadRequest } = requireBesidePulumi<{ ReadRequest: { prototype: ReadRequestPrototype } }>("@pulumi/pulumi/proto/provider_pb");
  const { Struct } = requireBesidePulumi<{ Struct: new () => object }>("google-protobuf/google/protobuf/struct_pb");
  const proto = ReadRequest.prototype;
  if (proto.__jwkEmptyWhenUnset) return;
  const original = proto.getProperties;
  proto.getProperties = function (this: ReadRequestPrototype) {
    return original.call(this) ?? new Struct();
  };
  proto.__jwkEmptyWhenUnset = true;
}
