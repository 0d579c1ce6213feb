/**
 * The floor for bench/scale-bindings.ts's no-change preview (issue 21 item 6): the same stack shape (N key
 * resources, N binding resources each taking its key's public JWK and the same client reference, `auth` and
 * `rotationTrigger` inputs) as Pulumi dynamic resources whose provider does nothing: `create` echoes its inputs
 * (plus a constant public JWK for the key), there is no `check`, `diff` or `read`, so a preview costs only the
 * engine, the language host, the program and the dynamic-provider plugin's default answers.
 */
export function noopScaleProgram(refs: readonly Record<string, unknown>[]): string {
  return `
const pulumi = require("@pulumi/pulumi");
const refs = ${JSON.stringify(refs)};
const point = { kty: "EC", crv: "P-256", x: "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU", y: "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0" };
const keyProvider = {
  async create(inputs) {
    return { id: inputs.name, outs: { ...inputs, publicJwk: { ...point, kid: inputs.name, use: inputs.use, alg: inputs.alg } } };
  },
};
const bindingProvider = { async create(inputs) { return { id: inputs.client.clientId, outs: inputs }; } };
class NoopKey extends pulumi.dynamic.Resource {
  constructor(name, args) { super(keyProvider, name, { ...args, name, publicJwk: undefined }, undefined, "bench", "NoopKey"); }
}
class NoopBinding extends pulumi.dynamic.Resource {
  constructor(name, args) { super(bindingProvider, name, args, undefined, "bench", "NoopBinding"); }
}
refs.forEach((client, i) => {
  const key = new NoopKey("k" + i, { alg: "ES256", use: "sig", rotationTrigger: "1" });
  new NoopBinding("b" + i, { client, keys: [key.publicJwk], auth: { method: "private_key_jwt", signingAlg: "ES256" } });
});
`;
}
