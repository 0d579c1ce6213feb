/**
 * The `ClientKeyBinding` dynamic provider's methods, loaded by name from the stub stored in state (see
 * binding.ts). Rotated registration tokens (clients/types.ts `RotatedCredentials`) travel in the secret
 * output `rotatedCredentials`: read from the old state, handed to the adapter, written back.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { openClient, type ClientConfig, type OpenedClient } from "../../registry/clients";
import type { RotatedCredentials } from "../../clients/types";
import { bindingInputFailures, declaredOf, parseBinding, storedBinding, type BindingInputs } from "./check";
import { bindClient, diffBinding, formatBindingDrift, readBinding, releaseBinding, type BindingOutputs } from "./logic";
import { engineSink } from "../../pulumi/engine-log";
import { progress } from "../../pulumi/progress";
import { accessRefused, lostRotationWarning } from "./refused";
import { withResourceUrn } from "../../errors";

/** What the provider keeps beside the outputs: the resource's URN (for diagnostics) and rotated tokens. */
interface Kept {
  __urn?: string;
  rotatedCredentials?: Record<string, string>;
}
type State = BindingOutputs & Kept;

/**
 * Opens the client (the one call into the registry) with a rotated-credentials store seeded from state;
 * `kept()` is what to store after.
 */
function open(client: ClientConfig, from: Kept | undefined): { client: OpenedClient; kept: () => Kept } {
  const tokens: Record<string, string> = { ...(from?.rotatedCredentials ?? {}) };
  const rotated: RotatedCredentials = { get: (n) => tokens[n], set: (n, v) => void (tokens[n] = v) };
  return {
    client: openClient(client, { log: progress, rotated }),
    kept: () => ({
      ...(from?.__urn !== undefined ? { __urn: from.__urn } : {}),
      ...(Object.keys(tokens).length > 0 ? { rotatedCredentials: tokens } : {}),
    }),
  };
}

export async function check(_olds: BindingInputs, news: BindingInputs): Promise<dynamic.CheckResult> {
  return { inputs: news, failures: await bindingInputFailures(news) };
}

export async function diff(_id: string, olds: State, news: BindingInputs): Promise<dynamic.DiffResult> {
  return { ...diffBinding(olds, news), deleteBeforeReplace: false };
}

// create and update: parse the engine's inputs once (client opened, declared binding built), then bind:
// plan against the live client, apply through the kind's adapter, report (logic.ts `bindClient`).
export async function create(inputs: BindingInputs & Kept): Promise<dynamic.CreateResult> {
  const { client, kept } = open(inputs.client, { ...(inputs.__urn !== undefined ? { __urn: inputs.__urn } : {}) });
  const outs = await bindClient(await parseBinding(inputs, client), []);
  // The id is never encrypted in state: build it from what names the client, never from the whole reference.
  return { id: `${inputs.client.kind}:${JSON.stringify(client.identity)}`, outs: { ...outs, ...kept() } };
}

export async function update(_id: string, olds: State, news: BindingInputs & Kept): Promise<dynamic.UpdateResult> {
  const { client, kept } = open(news.client, { ...olds, ...(news.__urn !== undefined ? { __urn: news.__urn } : {}) });
  const outs = await bindClient(await parseBinding(news, client), olds.kids, declaredOf(olds, client.kind.section));
  return { outs: { ...outs, ...kept() } };
}

export async function read(id: string, olds: State): Promise<dynamic.ReadResult> {
  const { client, kept } = open(olds.client, olds);
  const { binder } = client;
  const props = await readBinding(storedBinding(olds, client)).catch((e: unknown) => {
    throw accessRefused(e, olds.client, binder.name, "refresh", olds.__urn);
  });
  // No id tells the engine the client is gone: refresh drops the binding instead of failing on every run.
  if (props === undefined) {
    progress(`${binder.name} no longer exists; refresh removes the binding from the stack`);
    return {};
  }
  const report = formatBindingDrift(binder.name, props.drift);
  // The engine passes its address to every plugin as the first argument (cmd/dynamic-provider main).
  if (report !== undefined) await engineSink(process.argv[2], olds.__urn, "ClientKeyBinding: ")("warning", report);
  return { id, props: { ...props, ...kept() } };
}

export async function remove(_id: string, olds: State): Promise<void> {
  const { client, kept } = open(olds.client, olds);
  const { binder } = client;
  const sink = engineSink(process.argv[2], olds.__urn, "ClientKeyBinding: ");
  try {
    await releaseBinding(storedBinding(olds, client), (severity, message) => sink(severity, message));
  } catch (e) {
    // A refused credential is ambiguous (refused.ts); otherwise the way out names this resource's URN, whichever
    // form (dynamic or plugin) runs it.
    throw withResourceUrn(accessRefused(e, olds.client, binder.name, "destroy", olds.__urn), olds.__urn);
  }
  // A token the server rotated on the last PUT has nowhere to go once the binding is gone: said, never shown.
  const lost = lostRotationWarning(binder.name, olds.rotatedCredentials, kept().rotatedCredentials);
  if (lost !== undefined) await sink("warning", lost);
}

// The dynamic-provider plugin calls `delete` (a reserved word, so not a function name here).
export { remove as delete };
