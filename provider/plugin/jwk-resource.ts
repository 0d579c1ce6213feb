/**
 * `jwk:index:Jwk` in the plugin form: the dynamic provider's guarded methods (jwk-entry.ts, the same code a
 * TypeScript program runs), adapted to the plugin's calls: secrets unwrapped on the way in and wrapped on the
 * way out, the outputs a program of another language cannot derive itself added.
 */
import jwkMethods from "../resources/jwk/entry";
import type { JwkInputs, JwkOutputs } from "../resources/jwk/logic";
import { publicKeyPemOf } from "../core/keys/pem";
import { jwkThumbprint } from "../core/keys/thumbprint";
import { JwkNotImportableError } from "../errors";
import { unwrapSecrets, withoutDynamicInternals, withSecrets } from "./rpc-values";
import type { ResourceHandler } from "./handler";

/** Outputs stored as secrets (the dynamic form's additionalSecretOutputs). */
const SECRET_OUTPUTS = ["privateJwk"];

/**
 * What the dynamic `Jwk` class derives in the program (jwk.ts getters) and a YAML, Python or Go program
 * cannot: the plugin stores them.
 */
export const DERIVED_OUTPUTS = ["thumbprint", "kty", "publicKeyPem"] as const;

function derived(outs: JwkOutputs): Record<(typeof DERIVED_OUTPUTS)[number], string> {
  return { thumbprint: jwkThumbprint(outs.publicJwk), kty: outs.publicJwk.kty, publicKeyPem: publicKeyPemOf(outs.publicJwk) };
}

const inputs = (props: unknown) => unwrapSecrets(withoutDynamicInternals(props as JwkInputs));
const state = (props: unknown) => unwrapSecrets(withoutDynamicInternals(props as JwkOutputs));
const stored = (outs: JwkOutputs) => withSecrets({ ...outs, ...derived(outs) }, SECRET_OUTPUTS);

export const jwkResource: ResourceHandler = {
  async check(olds, news) {
    const { failures } = await jwkMethods.check(inputs(olds), inputs(news));
    // The inputs go back as they came, secret wrappers included, so imported key material stays secret.
    return { inputs: withoutDynamicInternals(news), failures: failures ?? [] };
  },

  async diff(id, olds, news) {
    const old = state(olds);
    const d = await jwkMethods.diff(id, old, inputs(news));
    // State migrated from the dynamic form lacks the derived outputs: an in-place update (same key) adds them.
    const incomplete = DERIVED_OUTPUTS.some((name) => (old as unknown as Record<string, unknown>)[name] === undefined);
    return { changes: d.changes === true || incomplete, replaces: d.replaces ?? [], deleteBeforeReplace: false };
  },

  async create(news) {
    const created = await jwkMethods.create(inputs(news));
    return { id: created.id, outs: stored(created.outs as JwkOutputs) };
  },

  async read(id, props) {
    if (props === undefined || Object.keys(props).length === 0) {
      throw new JwkNotImportableError(
        "jwk:index:Jwk",
        "its private key exists only in Pulumi state; to adopt an existing key, declare a Jwk with privateKeyPem or privateJwk",
      );
    }
    const old = state(props);
    return { id, props: stored(old) };
  },

  async update(id, olds, news) {
    const updated = await jwkMethods.update(id, state(olds), inputs(news));
    return { outs: stored(updated.outs as JwkOutputs) };
  },

  // The key pair lives only in state: deleting the resource forgets it.
  async delete() {},
};
