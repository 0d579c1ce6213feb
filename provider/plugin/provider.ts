/**
 * The plugin's provider: routes each engine call to the resource its URN names. No `configure`: targets and
 * credentials come from each resource's inputs and the environment, as in the dynamic form.
 */
import type * as provider from "@pulumi/pulumi/provider";
import { JwkPluginUnknownTypeError } from "../errors";
import { bindingResource } from "./binding-resource";
import type { CallContext, ResourceHandler } from "./handler";
import { jwkResource } from "./jwk-resource";
import { jwkSetResource } from "./jwkset-resource";
import { construct } from "./key-rotation-component";
import { ROTATION_SCHEDULE, rotationScheduleResource } from "./rotation-schedule-resource";
import { pingOnePolicyResource, reachFiveAccountKeyResource } from "./vendor-resources";
// `./schema/index`, not `./schema`: a dist/ compiled before the schema became a folder still holds schema.js.
import { PACKAGE, packageSchema } from "./schema/index";
import { version } from "../version";
import { secretFreeId, secretInputTexts, withDerivedSecrets, withSecretsKept } from "./secret-outputs";
import { withoutDynamicInternals } from "./rpc-values";
import { partialStateOf } from "../pulumi/partial-failure";

const HANDLERS: Record<string, ResourceHandler> = {
  [`${PACKAGE}:index:Jwk`]: jwkResource,
  [`${PACKAGE}:index:JwkSet`]: jwkSetResource,
  [`${PACKAGE}:index:ClientKeyBinding`]: bindingResource,
  // A KeyRotation's part: the component (key-rotation-component.ts) is constructed, this resource is served.
  [ROTATION_SCHEDULE]: rotationScheduleResource,
  [`${PACKAGE}:index:PingOneKeyRotationPolicy`]: pingOnePolicyResource,
  [`${PACKAGE}:index:ReachFiveAccountKey`]: reachFiveAccountKeyResource,
};

/**
 * The type token of a URN (`urn:pulumi:<stack>::<project>::<parent types$>type::<name>`): the last `$`-separated
 * part of the third `::` segment.
 */
export function typeOfUrn(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.split("$").pop() ?? "";
}

function handlerFor(urn: string): ResourceHandler {
  const type = typeOfUrn(urn);
  const handler = HANDLERS[type];
  if (!handler) throw new JwkPluginUnknownTypeError(type, Object.keys(HANDLERS));
  return handler;
}

/**
 * A partial failure's state (pulumi/partial-failure.ts) stored as a successful operation's would be: without the
 * dynamic form's internals, secret where derived from a secret input, under an id that quotes none.
 */
function storedPartialState(e: unknown, texts: readonly string[]): unknown {
  const partial = partialStateOf(e);
  if (!partial) return e;
  const properties = withDerivedSecrets(withoutDynamicInternals(partial.properties), texts);
  return Object.assign(e as object, { id: secretFreeId(partial.id, texts), properties });
}

/**
 * The provider `@pulumi/pulumi/provider` serves. (Drift diagnostics reach the engine at the address in
 * `process.argv[2]`, where run-plugin leaves it, as the dynamic-provider host does.)
 */
export function jwkProvider(): provider.Provider {
  const ctx = (urn: string): CallContext => ({ urn });
  const schema = JSON.stringify(packageSchema());
  // provider.Provider types property maps as `any`; name what the server hands over.
  type Props = Record<string, unknown> | undefined;
  return {
    version,
    schema,
    check: async (urn, olds: Props, news: Props) => handlerFor(urn).check(olds ?? {}, news ?? {}, ctx(urn)),
    diff: async (id, urn, olds: Props, news: Props) => handlerFor(urn).diff(id, olds ?? {}, news ?? {}, ctx(urn)),
    // Outputs derived from a secret input are secret too, and no id quotes one (secret-outputs.ts).
    create: async (urn, inputs: Props) => {
      const texts = secretInputTexts(inputs);
      const created = await handlerFor(urn)
        .create(inputs ?? {}, ctx(urn))
        .catch((e: unknown) => {
          throw storedPartialState(e, texts);
        });
      return { ...created, id: secretFreeId(created.id, texts), outs: withDerivedSecrets((created.outs ?? {}) as Props & object, texts) };
    },
    read: async (id, urn, props: Props) => {
      // A refresh gets no inputs: what was secret in the state stays secret.
      const result = await handlerFor(urn).read(id, props, ctx(urn));
      return result.props === undefined ? result : { ...result, props: withSecretsKept(result.props as Props & object, props) };
    },
    update: async (id, urn, olds: Props, news: Props) => {
      const texts = secretInputTexts(news);
      const updated = await handlerFor(urn)
        .update(id, olds ?? {}, news ?? {}, ctx(urn))
        .catch((e: unknown) => {
          throw storedPartialState(e, texts);
        });
      return { ...updated, outs: withDerivedSecrets((updated.outs ?? {}) as Props & object, texts) };
    },
    delete: async (id, urn, props: Props) => handlerFor(urn).delete(id, props ?? {}, ctx(urn)),
    // Components: KeyRotation, made of a RotationSchedule and its JwkSets as in the TypeScript form.
    construct,
  };
}
