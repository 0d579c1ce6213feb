/**
 * The floor for bench/scale-bindings.ts's no-change preview (issue 21 item 6): the same stack shape (N key
 * resources, N binding resources each taking its key's public JWK and the same client reference, `auth` and
 * `rotationTrigger` inputs) on the dynamic-provider plugin, with a provider that does nothing: `create` echoes
 * its inputs (plus a constant public JWK for the key); there is no `check`, `diff` or `read`, so a preview costs
 * only the engine, the language host, the program and the plugin's default answers. Like `Jwk` and
 * `ClientKeyBinding` (provider/pulumi/stub.ts), each resource stores a one-line `__provider` text rather than a
 * closure-serialized provider, so the floor does not include the closure serializer, which the real program
 * does not run either.
 */
export function noopScaleProgram(refs: readonly Record<string, unknown>[]): string {
  const point = {
    kty: "EC",
    crv: "P-256",
    x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
    y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0",
  };
  const keyProvider = `exports.handler=()=>({create:async(i)=>({id:i.name,outs:{...i,publicJwk:{...${JSON.stringify(point)},kid:i.name,use:i.use,alg:i.alg}}})});`;
  const bindingProvider = `exports.handler=()=>({create:async(i)=>({id:i.client.clientId,outs:i})});`;
  return `
const pulumi = require("@pulumi/pulumi");
const refs = ${JSON.stringify(refs)};
class NoopKey extends pulumi.CustomResource {
  constructor(name, args) {
    super("pulumi-nodejs:dynamic/bench:NoopKey", name, { ...args, name, publicJwk: undefined, __provider: ${JSON.stringify(keyProvider)} });
  }
}
class NoopBinding extends pulumi.CustomResource {
  constructor(name, args) {
    super("pulumi-nodejs:dynamic/bench:NoopBinding", name, { ...args, __provider: ${JSON.stringify(bindingProvider)} });
  }
}
refs.forEach((client, i) => {
  const key = new NoopKey("k" + i, { alg: "ES256", use: "sig", rotationTrigger: "1" });
  new NoopBinding("b" + i, { client, keys: [key.publicJwk], auth: { method: "private_key_jwt", signingAlg: "ES256" } });
});
`;
}
