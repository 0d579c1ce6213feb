/**
 * `jwk:index:ClientKeyBinding` in the plugin form: the dynamic provider's guarded methods (binding-entry.ts),
 * given the URN the plugin receives, with rotated registration tokens kept as a secret output, plus
 * `pulumi import` of a client's live binding.
 */
import bindingMethods from "../resources/binding/entry";
import { openClient } from "../registry/clients";
import { bindingSecretInputs, guarded } from "../pulumi/guard";
import { adoptBinding } from "../resources/binding/adopt";
import type { BindingInputs } from "../resources/binding/check";
import type { BindingOutputs } from "../resources/binding/logic";
import type { ResourceHandler } from "./handler";
import { clientOfImportId } from "./import-id";
import { unwrapSecrets, withoutDynamicInternals, withSecrets } from "./rpc-values";
import { progress } from "../pulumi/progress";
import { withUrn } from "../pulumi/urn";

/** Stored as secrets: registration tokens a server rotated (the dynamic form's additionalSecretOutputs). */
const SECRET_OUTPUTS = ["rotatedCredentials"];

const inputs = (props: unknown) => unwrapSecrets(withoutDynamicInternals(props as BindingInputs));
const state = (props: unknown) => unwrapSecrets(withoutDynamicInternals(props as BindingOutputs));
const stored = (outs: unknown) => withSecrets(withoutDynamicInternals(outs as BindingOutputs), SECRET_OUTPUTS);

async function adopt(id: string) {
  return guarded(bindingSecretInputs(), async () => {
    const client = clientOfImportId(id);
    const { outputs, inputs } = await adoptBinding(client, openClient(client, { log: progress }));
    return { id, props: outputs, inputs };
  });
}

export const bindingResource: ResourceHandler = {
  async check(olds, news) {
    const result = await bindingMethods.check(inputs(olds), inputs(news));
    return { inputs: withoutDynamicInternals(news), failures: result.failures ?? [] };
  },

  async diff(id, olds, news) {
    const d = await bindingMethods.diff(id, state(olds), inputs(news));
    const migrated = "__provider" in olds || "__urn" in olds;
    return { changes: d.changes === true || migrated, replaces: d.replaces ?? [], deleteBeforeReplace: false };
  },

  async create(news, ctx) {
    const created = await bindingMethods.create(withUrn(inputs(news), ctx.urn));
    return { id: created.id, outs: stored(created.outs) };
  },

  async read(id, props, ctx) {
    if (props === undefined || Object.keys(props).length === 0) return adopt(id);
    const result = await bindingMethods.read(id, withUrn(state(props), ctx.urn));
    return result.id === undefined ? {} : { id: result.id, props: stored(result.props) };
  },

  async update(id, olds, news, ctx) {
    const updated = await bindingMethods.update(id, withUrn(state(olds), ctx.urn), withUrn(inputs(news), ctx.urn));
    return { outs: stored(updated.outs) };
  },

  async delete(id, props, ctx) {
    await bindingMethods.delete(id, withUrn(state(props), ctx.urn));
  },
};
