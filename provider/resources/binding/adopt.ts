/**
 * Adopting a client's live binding (`pulumi import` of a ClientKeyBinding): the inputs a program would declare
 * for what the client carries now (its keys or its jwks_uri, its auth method and alg) and the state a binding
 * of those inputs would have. Additive mode, so a later `up` never removes what the import did not see.
 */
import { JwkImportNotFoundError, JwksImportUnpublishableError } from "../../errors";
import { canonicalKeys } from "../../core/jwks/document";
import type { PublicJwk } from "../../core/keys/material";
import type { ClientConfig, OpenedClient } from "../../registry/clients";
import { bindingInputFailures, storedBinding, type BindingInputs } from "./check";
import { bindingOutputs, type BindingOutputs } from "./logic";

export interface AdoptedBinding {
  outputs: BindingOutputs;
  inputs: BindingInputs;
}

/**
 * Reads the client and describes its binding. A client whose keys a binding could not declare (no kid, a
 * private member) fails the import with the reasons, so the generated code is a program that runs.
 *
 * @example
 * const { inputs } = await adoptBinding(config, openClient(config));
 */
export async function adoptBinding(config: ClientConfig, client: OpenedClient): Promise<AdoptedBinding> {
  const { binder } = client;
  const live = await binder.read();
  if (live === undefined) throw new JwkImportNotFoundError(binder.name);
  const auth = {
    ...(live.authMethod !== undefined ? { method: live.authMethod } : {}),
    ...(live.signingAlg !== undefined ? { signingAlg: live.signingAlg } : {}),
  };
  const inputs: BindingInputs = {
    client: config,
    ...(live.jwksUri !== undefined ? { jwksUri: live.jwksUri } : { keys: canonicalKeys(live.keys) as PublicJwk[] }),
    ...(Object.keys(auth).length > 0 ? { auth } : {}),
  };
  const failures = await bindingInputFailures(inputs);
  if (failures.length > 0) throw new JwksImportUnpublishableError(failures);
  return { inputs, outputs: bindingOutputs(storedBinding(inputs, client), live) };
}
