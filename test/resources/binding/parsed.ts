/**
 * The binding logic as the tests call it: inputs (or stored outputs) and an adapter, parsed the way the provider
 * methods parse them (check.ts `parseBinding`, `storedBinding`) before the logic runs. The adapter is the test's
 * own (an emulator's client, an in-memory document), so the client is not opened through the registry here.
 */
import type { ClientBinder, LiveBinding } from "../../../provider/clients/types";
import { clientKindOf, type ClientConfig } from "../../../provider/registry/clients";
import { declaredOf, parseBinding, storedBinding, type BindingInputs } from "../../../provider/resources/binding/check";
import * as logic from "../../../provider/resources/binding/logic";

function client(config: ClientConfig, binder: ClientBinder) {
  const kind = clientKindOf(config.kind);
  if (kind === undefined) throw new Error(`no client kind ${config.kind}`);
  return { kind, binder };
}

/** Create (`previous` absent) or update: parse once, then plan, apply, report. */
export async function bindClient(inputs: BindingInputs, owned: readonly string[], binder: ClientBinder, previous?: BindingInputs) {
  const c = client(inputs.client, binder);
  return logic.bindClient(await parseBinding(inputs, c), owned, previous && declaredOf(previous, c.kind.section));
}

export const readBinding = (olds: logic.BindingOutputs, binder: ClientBinder) =>
  logic.readBinding(storedBinding(olds, client(olds.client, binder)));

export const releaseBinding = (olds: logic.BindingOutputs, binder: ClientBinder, notify: logic.Notify) =>
  logic.releaseBinding(storedBinding(olds, client(olds.client, binder)), notify);

const noBinder: ClientBinder = {
  name: "(no client)",
  read: () => Promise.reject(new Error("not opened")),
  apply: () => Promise.reject(new Error("not opened")),
  release: () => Promise.reject(new Error("not opened")),
};

/** The pure report functions over inputs as given (no client opened). */
export const bindingOutputs = (inputs: BindingInputs, live: LiveBinding) =>
  logic.bindingOutputs(storedBinding(inputs, client(inputs.client, noBinder)), live);
export const measureBinding = (inputs: BindingInputs, live: LiveBinding) =>
  logic.measureBinding(storedBinding(inputs, client(inputs.client, noBinder)), live);
