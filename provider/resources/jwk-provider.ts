/**
 * The `Jwk` dynamic provider's methods. The engine runs them in the provider process, loaded by name from the
 * stub stored in state (see jwk.ts), so this module may change between versions without touching state.
 * Everything they let out passes guard.ts: no failure or error shows a private key.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { guarded, jwkSecretInputs, safeFailures } from "./guard";
import { createJwk, diffJwk, jwkInputFailures, updateJwk, type JwkInputs, type JwkOutputs } from "./jwk-logic";

export async function check(olds: JwkInputs, news: JwkInputs): Promise<dynamic.CheckResult> {
  const secrets = jwkSecretInputs(news, olds);
  return guarded(secrets, async () => ({ inputs: news, failures: safeFailures(await jwkInputFailures(news), secrets) }));
}

export async function diff(_id: string, olds: JwkOutputs, news: JwkInputs): Promise<dynamic.DiffResult> {
  return guarded(jwkSecretInputs(news, olds), async () => {
    const d = await diffJwk(olds, news);
    return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: false };
  });
}

export async function create(inputs: JwkInputs): Promise<dynamic.CreateResult> {
  return guarded(jwkSecretInputs(inputs), async () => {
    const outs = await createJwk(inputs);
    return { id: outs.kid, outs };
  });
}

export async function update(_id: string, olds: JwkOutputs, news: JwkInputs): Promise<dynamic.UpdateResult> {
  return guarded(jwkSecretInputs(news, olds), async () => ({ outs: await updateJwk(olds, news) }));
}
