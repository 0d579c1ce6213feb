/**
 * The owners record of a Janssen key set, carried by the keys themselves: Janssen's JSONWebKey has a free-text
 * `descr` member, so each key published by pulumi-jwk says in it which JwkSets (opaque owner ids, in any stack)
 * declare it: `pulumi-jwk owners: <id> <id>`. A key is withdrawn only when no other owner is left, so two stacks
 * that publish one kid to one server keep it until both have let go. Text someone else wrote in `descr` is kept
 * in front of the marker.
 *
 * Janssen has no lock: two stacks changing the claims on one kid at the same moment can lose one claim (the last
 * PATCH wins); the stack whose claim was lost records it again on its next update.
 */
import type { Owners, OwnersRecord } from "../../targets/capabilities";

const MARKER = /\s*\[?pulumi-jwk owners:([^\]]*)\]?\s*$/;

/** The owner ids a `descr` names (none when it has no marker). */
export function ownersInDescr(descr: unknown): string[] {
  if (typeof descr !== "string") return [];
  const m = MARKER.exec(descr);
  return m?.[1] !== undefined ? [...new Set(m[1].trim().split(/\s+/).filter(Boolean))].sort() : [];
}

/** `descr` with its marker naming `ids` (or without a marker when there are none); other text stays. */
export function descrWithOwners(descr: unknown, ids: readonly string[]): string {
  const text = typeof descr === "string" ? descr.replace(MARKER, "") : "";
  if (ids.length === 0) return text;
  const marker = `pulumi-jwk owners: ${[...new Set(ids)].sort().join(" ")}`;
  return text.length > 0 ? `${text} [${marker}]` : marker;
}

/** What the record needs from the Janssen adapter. */
export interface DescrStore {
  /** `descr` of every live key, by kid (a fresh GET). */
  readDescrs(): Promise<Map<string, unknown>>;
  /** Replaces the `descr` of the live key `kid`. */
  writeDescr(kid: string, descr: string): Promise<void>;
}

/** The record plus what the adapter tells it about its own writes. */
export interface JanssenOwnersRecord extends OwnersRecord {
  /** The `descr` a POST (or PUT) of `kid` carries: its pending claims, if any; the key counts as live from now. */
  descrForNewKey(kid: string): string | undefined;
  /** The key `kid` was removed. */
  forget(kid: string): void;
}

/**
 * The record over `store`. Claims on a kid not live yet are kept until the key is added: `descrForNewKey` gives
 * the `descr` a POST of that kid carries, so a new key never goes out unclaimed.
 */
export function janssenOwnersRecord(location: string, store: DescrStore): JanssenOwnersRecord {
  let descrs = new Map<string, unknown>();
  let pending: Owners = new Map();
  return {
    location,
    async read() {
      descrs = await store.readDescrs();
      pending = new Map();
      const owners: Owners = new Map();
      for (const [kid, descr] of descrs) {
        const ids = ownersInDescr(descr);
        if (ids.length > 0) owners.set(kid, ids);
      }
      return owners;
    },
    async write(owners) {
      pending = new Map(owners);
      for (const [kid, descr] of descrs) {
        const ids = owners.get(kid) ?? [];
        if (ids.join(" ") === ownersInDescr(descr).join(" ")) continue;
        const next = descrWithOwners(descr, ids);
        await store.writeDescr(kid, next);
        descrs.set(kid, next);
      }
    },
    descrForNewKey(kid) {
      const ids = pending.get(kid) ?? [];
      const descr = ids.length > 0 ? descrWithOwners(undefined, ids) : undefined;
      descrs.set(kid, descr);
      return descr;
    },
    forget(kid) {
      descrs.delete(kid);
    },
  };
}
