/**
 * A plugin resource made of a dynamic provider's guarded methods (the `entry.ts` module the TypeScript form
 * runs), for resources that need nothing more than the adaptation every plugin resource does: secrets unwrapped
 * on the way in, the URN the plugin receives passed as the `__urn` the dynamic form records for itself, the
 * dynamic form's internals left out of state, and the secret outputs wrapped on the way out. Jwk, JwkSet and
 * ClientKeyBinding add outputs or an import of their own and keep their own modules.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { JwkNotImportableError } from "../errors";
import type { ResourceHandler } from "./handler";
import { unwrapSecrets, withoutDynamicInternals, withSecrets } from "./rpc-values";
import { withUrn } from "../pulumi/urn";

type Props = Record<string, unknown>;

/** The guarded methods of a dynamic provider, as its entry module exports them. */
export interface DynamicMethods {
  check(olds: never, news: never): Promise<dynamic.CheckResult>;
  diff(id: string, olds: never, news: never): Promise<dynamic.DiffResult>;
  create(inputs: never): Promise<dynamic.CreateResult>;
  read(id: string, props: never): Promise<dynamic.ReadResult>;
  update(id: string, olds: never, news: never): Promise<dynamic.UpdateResult>;
  /** Absent: deleting the resource forgets it (the dynamic-provider host does the same). */
  delete?(id: string, props: never): Promise<void>;
}

/** `pulumi import <id>` (a read without state): the state and the inputs the generated code declares. */
type Adopt = (id: string) => Promise<{ id: string; props: Props; inputs: Props }>;

export interface DynamicHandlerOptions {
  /** The type token, for messages. */
  type: string;
  /** Outputs stored as secrets (the dynamic form's additionalSecretOutputs). */
  secretOutputs?: readonly string[];
  /** How an import adopts a live resource, or why none can be imported. */
  importing: { adopt: Adopt } | { refused: string };
}

const plain = (props: Props | undefined): Props => unwrapSecrets(withoutDynamicInternals(props ?? {}));

/** The plugin resource running `methods`. */
export function dynamicHandler(methods: DynamicMethods, options: DynamicHandlerOptions): ResourceHandler {
  // The methods' parameter types are each provider's own; here they are the plugin's property maps.
  const m = methods as unknown as Record<Exclude<keyof DynamicMethods, "delete">, (...args: unknown[]) => Promise<never>> & {
    delete?: (...args: unknown[]) => Promise<void>;
  };
  const stored = (outs: unknown) => withSecrets(withoutDynamicInternals((outs ?? {}) as Props), options.secretOutputs ?? []);
  return {
    async check(olds, news, ctx) {
      const result = (await m.check(plain(olds), withUrn(plain(news), ctx.urn))) as dynamic.CheckResult;
      // The inputs go back as they came, secret wrappers included.
      return { inputs: withoutDynamicInternals(news), failures: result.failures ?? [] };
    },

    async diff(id, olds, news, ctx) {
      const d = (await m.diff(id, withUrn(plain(olds), ctx.urn), withUrn(plain(news), ctx.urn))) as dynamic.DiffResult;
      // State migrated from the dynamic form still holds its internals: an in-place update drops them.
      const migrated = "__provider" in olds || "__urn" in olds;
      return { changes: d.changes === true || migrated, replaces: d.replaces ?? [], deleteBeforeReplace: d.deleteBeforeReplace ?? false };
    },

    async create(news, ctx) {
      const created = (await m.create(withUrn(plain(news), ctx.urn))) as dynamic.CreateResult;
      return { id: created.id, outs: stored(created.outs) };
    },

    async read(id, props, ctx) {
      if (props === undefined || Object.keys(props).length === 0) {
        if ("refused" in options.importing) throw new JwkNotImportableError(options.type, options.importing.refused);
        const adopted = await options.importing.adopt(id);
        return { id: adopted.id, props: stored(adopted.props), inputs: adopted.inputs };
      }
      const result = (await m.read(id, withUrn(plain(props), ctx.urn))) as dynamic.ReadResult;
      return result.id === undefined ? {} : { id: result.id, props: stored(result.props) };
    },

    async update(id, olds, news, ctx) {
      const updated = (await m.update(id, withUrn(plain(olds), ctx.urn), withUrn(plain(news), ctx.urn))) as dynamic.UpdateResult;
      return { outs: stored(updated.outs) };
    },

    async delete(id, props, ctx) {
      await m.delete?.(id, withUrn(plain(props), ctx.urn));
    },
  };
}
