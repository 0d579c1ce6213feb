/**
 * The owners record persisted beside a JWKS file: for each kid, the opaque ids of the JwkSet resources
 * (in any stack) that declare it. A key is withdrawn only when no other owner is left, so two stacks that
 * publish the same kid to one file keep it until both have let go. Read and written under the file's lock.
 */
import { readFile, rm } from "node:fs/promises";
import { JwksTargetError } from "../../errors";
import type { Owners, OwnersRecord } from "../capabilities";

const NOTE =
  "Written by pulumi-jwk under the lock of the JWKS file beside it: for each kid, the JwkSet resources (opaque ids) that declare it. " +
  "A key is withdrawn only when no other owner is left. Deleting this file forgets who else declares a key.";
/** The note of a record a user points several stacks at for a target that cannot keep one itself. */
export const SHARED_NOTE =
  "Written by pulumi-jwk under its own lock (<this file>.lock): for each kid on the target named below, the JwkSet resources " +
  "(opaque ids, in any stack) that declare it. A key is withdrawn only when no other owner is left. Deleting this file forgets who else declares a key.";

/** The sidecar path of a JWKS file: `<file>.owners.json`. */
export function ownersPathOf(jwksPath: string): string {
  return `${jwksPath}.owners.json`;
}

function parseOwners(text: string, path: string, name: string): Owners {
  const broken = (why: string) =>
    new JwksTargetError(
      name,
      "read owners",
      `${path} ${why}; delete it to forget other stacks' claims (each JwkSet records its own again on its next update)`,
    );
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw broken("is not JSON");
  }
  const owners = (doc as { owners?: unknown } | null)?.owners;
  if (typeof owners !== "object" || owners === null || Array.isArray(owners)) throw broken(`has no "owners" object`);
  const result: Owners = new Map();
  for (const [kid, ids] of Object.entries(owners)) {
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== "string"))
      throw broken(`lists owners of "${kid}" that are not an array of ids`);
    result.set(kid, [...new Set(ids as string[])].sort());
  }
  return result;
}

/** Serialised deterministically: kids sorted, owners sorted, kids without owners left out. */
export function serialiseOwners(owners: Owners, header: Record<string, string> = { note: NOTE }): string {
  const entries = [...owners].filter(([, ids]) => ids.length > 0).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${JSON.stringify({ ...header, owners: Object.fromEntries(entries.map(([kid, ids]) => [kid, [...new Set(ids)].sort()])) }, null, 2)}\n`;
}

/**
 * The owners record of the JWKS file at `jwksPath` (absolute); `name` is the target's name for errors,
 * `writeAtomic` the file target's own atomic write.
 */
export function fileOwnersRecord(jwksPath: string, name: string, writeAtomic: (path: string, text: string) => Promise<void>): OwnersRecord {
  return ownersRecordAt(ownersPathOf(jwksPath), name, writeAtomic);
}

/**
 * An owners record in the file at `path` (absolute), in the same format; `header` holds what is written above the
 * owners (a note, the target's name). Read and written under a lock its caller holds.
 */
export function ownersRecordAt(
  path: string,
  name: string,
  writeAtomic: (path: string, text: string) => Promise<void>,
  header?: Record<string, string>,
): OwnersRecord {
  return {
    location: path,
    async read() {
      let text: string;
      try {
        text = await readFile(path, "utf8");
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code === "ENOENT") return new Map();
        throw new JwksTargetError(name, "read owners", (cause as Error).message, { cause });
      }
      return parseOwners(text, path, name);
    },
    async write(owners) {
      try {
        if ([...owners.values()].every((ids) => ids.length === 0)) await rm(path, { force: true });
        else await writeAtomic(path, serialiseOwners(owners, header));
      } catch (cause) {
        throw new JwksTargetError(name, "write owners", (cause as Error).message, { cause });
      }
    },
  };
}
