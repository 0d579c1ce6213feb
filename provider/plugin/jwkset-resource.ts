/**
 * `jwk:index:JwkSet` in the plugin form: the dynamic provider's guarded methods (jwkset-entry.ts), given the
 * URN the plugin receives (the dynamic form records its own in `__urn`), plus `pulumi import` of a live set,
 * which the dynamic form cannot offer.
 */
import jwkSetMethods from "../resources/jwkset/entry";
import { guarded, jwkSetSecretInputs } from "../pulumi/guard";
import { adoptKeySet } from "../resources/jwkset/adopt";
import type { JwkSetInputs, JwkSetOutputs } from "../resources/jwkset/logic";
import { openTarget } from "../registry/targets";
import type { ResourceHandler } from "./handler";
import { targetOfImportId } from "./import-id";
import { unwrapSecrets, withoutDynamicInternals } from "./rpc-values";
import { progress } from "../pulumi/progress";
import { withUrn } from "../pulumi/urn";

const inputs = (props: unknown) => unwrapSecrets(withoutDynamicInternals(props as JwkSetInputs));
const state = (props: unknown) => unwrapSecrets(withoutDynamicInternals(props as JwkSetOutputs));
const stored = (outs: unknown) => withoutDynamicInternals(outs as JwkSetOutputs);

/** Import: the live set described as a JwkSet, with the inputs the generated code declares. */
async function adopt(id: string): Promise<{ id: string; props: JwkSetOutputs; inputs: JwkSetInputs }> {
  return guarded(jwkSetSecretInputs(), async () => {
    const config = targetOfImportId(id);
    const { outputs, inputs } = await adoptKeySet(config, openTarget(config, { log: progress }));
    return { id, props: outputs, inputs };
  });
}

export const jwkSetResource: ResourceHandler = {
  async check(olds, news) {
    const result = await jwkSetMethods.check(inputs(olds), inputs(news));
    return { inputs: withoutDynamicInternals(news), failures: result.failures ?? [] };
  },

  async diff(id, olds, news) {
    const d = await jwkSetMethods.diff(id, state(olds), inputs(news));
    // State migrated from the dynamic form still holds its internals: an in-place update drops them.
    const migrated = "__provider" in olds || "__urn" in olds;
    return { changes: d.changes === true || migrated, replaces: d.replaces ?? [], deleteBeforeReplace: false };
  },

  async create(news, ctx) {
    const created = await jwkSetMethods.create(withUrn(inputs(news), ctx.urn));
    return { id: created.id, outs: stored(created.outs) };
  },

  async read(id, props, ctx) {
    if (props === undefined || Object.keys(props).length === 0) return adopt(id);
    const result = await jwkSetMethods.read(id, withUrn(state(props), ctx.urn));
    return result.id === undefined ? {} : { id: result.id, props: stored(result.props) };
  },

  async update(id, olds, news, ctx) {
    const updated = await jwkSetMethods.update(id, state(olds), withUrn(inputs(news), ctx.urn));
    return { outs: stored(updated.outs) };
  },

  async delete(id, props, ctx) {
    await jwkSetMethods.delete(id, withUrn(state(props), ctx.urn));
  },
};
