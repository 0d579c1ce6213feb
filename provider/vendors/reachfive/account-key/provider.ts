/**
 * The `ReachFiveAccountKey` dynamic provider's methods, loaded by name from the stub stored in state
 * (see reachfive-account-key.ts).
 */
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { openReachFive } from "../api";
import { engineSink } from "../../../pulumi/engine-log";
import {
  accountKeyInputFailures,
  adoptAccountKey,
  diffAccountKey,
  readAccountKey,
  updateAccountKey,
  type AccountKeyInputs,
  type AccountKeyOutputs,
} from "./logic";
import { progress } from "../../../pulumi/progress";
import { withoutUrn, type WithUrn } from "../../../pulumi/urn";

const open = (url: string) => openReachFive(url, { log: progress });

export async function check(_olds: AccountKeyInputs, news: WithUrn<AccountKeyInputs>): Promise<dynamic.CheckResult> {
  return { inputs: news, failures: accountKeyInputFailures(news as unknown as Record<string, unknown>) };
}

export async function diff(_id: string, olds: AccountKeyOutputs, news: AccountKeyInputs): Promise<dynamic.DiffResult> {
  return { ...diffAccountKey(olds, news), deleteBeforeReplace: false };
}

export async function create(inputs: WithUrn<AccountKeyInputs>): Promise<dynamic.CreateResult> {
  const outs = await adoptAccountKey(withoutUrn(inputs), open(inputs.url));
  return { id: `reachfive:${inputs.url}`, outs: { ...outs, __urn: inputs.__urn } };
}

export async function update(_id: string, olds: AccountKeyOutputs, news: WithUrn<AccountKeyInputs>): Promise<dynamic.UpdateResult> {
  const outs = await updateAccountKey(olds, withoutUrn(news), open(news.url));
  return { outs: { ...outs, __urn: news.__urn } };
}

export async function read(id: string, olds: WithUrn<AccountKeyOutputs>): Promise<dynamic.ReadResult> {
  const props = await readAccountKey(withoutUrn(olds), open(olds.url));
  if (props.drift !== undefined && props.drift !== olds.drift)
    // The engine passes its address to every plugin as the first argument (cmd/dynamic-provider main).
    await engineSink(process.argv[2], olds.__urn, "ReachFiveAccountKey: ")("warning", `${open(olds.url).name}: ${props.drift}`);
  return { id, props: { ...props, __urn: olds.__urn } };
}

/** The account always has a pair: destroy only stops managing it (nothing is sent). */
export async function remove(): Promise<void> {}

export { remove as delete };
