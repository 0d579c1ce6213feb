/**
 * The `JwkSet` dynamic provider's methods, loaded by name from the stub stored in state (see jwkset.ts).
 * Everything they let out passes guard.ts: a private key passed in `keys` by mistake is never shown.
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { openTarget, targetIdentity } from "../targets/index";
import type { TargetConfig } from "../targets/types";
import { guarded, jwkSetSecretInputs, safeFailures } from "./guard";
import {
  diffKeySet,
  jwkSetInputFailures,
  publishKeySet,
  readKeySet,
  withdrawKeySet,
  type JwkSetInputs,
  type JwkSetOutputs,
} from "./jwkset-logic";

// The engine shows what the provider process writes to stderr among the update's diagnostics.
const progress = (message: string) => console.error(`[pulumi-jwk] ${message}`);
const open = (target: TargetConfig) => openTarget(target, { log: progress });

export async function check(olds: JwkSetInputs, news: JwkSetInputs): Promise<dynamic.CheckResult> {
  const secrets = jwkSetSecretInputs(news, olds);
  return guarded(secrets, async () => ({ inputs: news, failures: safeFailures(await jwkSetInputFailures(news), secrets) }));
}

export async function diff(_id: string, olds: JwkSetOutputs, news: JwkSetInputs): Promise<dynamic.DiffResult> {
  return guarded(jwkSetSecretInputs(news, olds), async () => ({ ...diffKeySet(olds, news), deleteBeforeReplace: false }));
}

export async function create(inputs: JwkSetInputs): Promise<dynamic.CreateResult> {
  return guarded(jwkSetSecretInputs(inputs), async () => {
    const outs = await publishKeySet(inputs, [], open(inputs.target), progress);
    // The id is never encrypted in state: build it from what names the target, never from the whole config.
    return { id: `${inputs.target.kind}:${JSON.stringify(targetIdentity(inputs.target))}`, outs };
  });
}

export async function update(_id: string, olds: JwkSetOutputs, news: JwkSetInputs): Promise<dynamic.UpdateResult> {
  return guarded(jwkSetSecretInputs(news, olds), async () => ({ outs: await publishKeySet(news, olds.kids, open(news.target), progress) }));
}

export async function read(id: string, olds: JwkSetOutputs): Promise<dynamic.ReadResult> {
  return guarded(jwkSetSecretInputs(olds), async () => ({ id, props: await readKeySet(olds, open(olds.target)) }));
}

export async function remove(_id: string, olds: JwkSetOutputs): Promise<void> {
  return guarded(jwkSetSecretInputs(olds), () => withdrawKeySet(olds, open(olds.target), progress));
}
