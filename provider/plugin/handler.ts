/**
 * What each resource of the plugin implements: the plugin's CRUD calls without the URN and type routing,
 * which provider.ts does once for all resources.
 */
import type * as provider from "@pulumi/pulumi/provider";

/** Per-call context: the resource's URN (drift diagnostics are filed under it). */
export interface CallContext {
  urn: string;
}

export interface ResourceHandler {
  check(olds: Record<string, unknown>, news: Record<string, unknown>, ctx: CallContext): Promise<provider.CheckResult>;
  diff(id: string, olds: Record<string, unknown>, news: Record<string, unknown>, ctx: CallContext): Promise<provider.DiffResult>;
  create(news: Record<string, unknown>, ctx: CallContext): Promise<provider.CreateResult>;
  /** `props` empty: `pulumi import` of `id`. */
  read(id: string, props: Record<string, unknown> | undefined, ctx: CallContext): Promise<provider.ReadResult>;
  update(id: string, olds: Record<string, unknown>, news: Record<string, unknown>, ctx: CallContext): Promise<provider.UpdateResult>;
  delete(id: string, props: Record<string, unknown>, ctx: CallContext): Promise<void>;
}
