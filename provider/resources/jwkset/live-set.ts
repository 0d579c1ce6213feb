/**
 * Reading a JwkSet's live set when it may be gone or may not parse: the part of publish, refresh and destroy that
 * keeps a resource from getting stuck.
 *
 * - A document that does not parse (a JWKS file that is not JSON, not a JWK Set, or holds an entry that is no
 *   JSON object) is reported by refresh in `drift.unparsable` (the reason gives a position, never the text).
 *   Exclusive mode overwrites it on the next up, keeping a copy beside it; additive mode refuses, because the
 *   keys in it may be someone else's.
 * - A target that is gone (`JwksTargetGoneError`, errors/target.ts) makes refresh drop the resource and destroy a no-op.
 */
import { hasCode, isTargetGone, JwksInvalidError, JwksUnparsableError } from "../../errors";
import type { SetMode } from "../../core/jwks/diff";
import { canBackUp, canListForRefresh, isDocument } from "../../targets/capabilities";
import type { KeySetTarget } from "../../targets/types";

/**
 * Why the live document does not parse, when `e` says so: only document targets parse a document (API targets
 * answer with their own errors). The reason is the parse error's message, which names the document and a
 * position; the parser never quotes the text.
 */
export function unparsableReason(target: KeySetTarget, e: unknown): string | undefined {
  return isDocument(target) && hasCode(e, JwksInvalidError) ? e.message : undefined;
}

/** The live keys, and where the unparsable document was copied when exclusive mode set it aside. */
export interface LiveSet {
  keys: Record<string, unknown>[];
  backup?: string;
}

/**
 * Lists the live keys for a write (publish or withdraw). An unparsable document is copied aside and read as
 * empty in exclusive mode, so the write replaces it; in additive mode it is an error that says how to proceed.
 */
export async function readLiveForWrite(
  target: KeySetTarget,
  mode: SetMode,
  during: "publish" | "destroy",
  log?: (message: string) => void,
): Promise<LiveSet> {
  try {
    return { keys: await target.list() };
  } catch (e) {
    const reason = unparsableReason(target, e);
    if (reason === undefined) throw e;
    if (mode !== "exclusive" || !canBackUp(target)) throw new JwksUnparsableError(target.name, reason, during, { cause: e });
    const backup = await target.backupDocument();
    log?.(`${target.name}: the live document does not parse (${reason}); exclusive mode replaces it, a copy is kept at ${backup}`);
    return { keys: [], backup };
  }
}

/** What a refresh found: the live keys, the reason the document does not parse, or that the target is gone. */
export type RefreshRead = { keys: Record<string, unknown>[] } | { unparsable: string } | { gone: string };

/**
 * Lists the live keys for a refresh, which reports problems instead of failing on them. Refresh reads many sets
 * at once: where the server lists them together, one listing answers them all (`ListedRefresh`).
 */
export async function readLiveForRefresh(target: KeySetTarget): Promise<RefreshRead> {
  try {
    return { keys: await (canListForRefresh(target) ? target.listForRefresh() : target.list()) };
  } catch (e) {
    if (isTargetGone(e)) return { gone: e.message };
    const reason = unparsableReason(target, e);
    if (reason !== undefined) return { unparsable: reason };
    throw e;
  }
}

/** What refresh says when the target is gone (the resource is then dropped from the stack). */
export function goneNotice(gone: string): string {
  return (
    `${gone}. It existed when this JwkSet last published to it, so it was deleted: refresh removes the JwkSet from the ` +
    "stack (its keys went with the target). To publish again, point the JwkSet at an existing target and run `pulumi up`."
  );
}

/** What refresh says when the live document does not parse, and what the next up will do about it. */
export function unparsableNotice(target: KeySetTarget, reason: string, mode: SetMode): string {
  return (
    `${target.name}: the live document does not parse (${reason}); ` +
    (mode === "exclusive"
      ? "the next `pulumi up` replaces it with the declared keys, keeping a copy beside it"
      : 'the next `pulumi up` refuses to touch it (additive mode): fix it, or set mode: "exclusive" to replace it')
  );
}
