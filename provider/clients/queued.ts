/**
 * A binder whose writes queue behind every other writer of the same client in this process (targets/queue.ts):
 * `apply` and `release` each read the client, merge and write it back, and two of them interleaved would
 * lose one's keys (four bindings on one Hydra client kept three of four keys before this queue). `read` (and
 * `readListed`, where the kind has it) does not queue: it writes nothing.
 */
import { serialised } from "../targets/queue";
import { canReadListed, type ClientBinder } from "./types";

/**
 * `binder` with its `apply` and `release` run one at a time per `binder.writer` (default: its name).
 *
 * @example
 * const binder = queuedBinder(hydraClient({ kind: "hydra", adminUrl, clientId: "c1" }))
 * await Promise.all(keys.map((k) => binder.apply({ mode: "additive", keys: [k] }, []))) // all four kept
 */
export function queuedBinder(binder: ClientBinder): ClientBinder {
  const key = binder.writer ?? binder.name;
  return {
    name: binder.name,
    writer: key,
    read: () => binder.read(),
    // Refresh reads answered from a listing (listed-reads.ts) do not queue either.
    ...(canReadListed(binder) ? { readListed: () => binder.readListed() } : {}),
    apply: (declared, owned, previous) => serialised(key, () => binder.apply(declared, owned, previous)),
    release: (owned, jwksUri, declared) => serialised(key, () => binder.release(owned, jwksUri, declared)),
  };
}
