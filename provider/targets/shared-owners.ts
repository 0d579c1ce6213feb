/**
 * An owners record the user points several stacks at, for a per-key API target that has no place of its own for
 * one (its keys carry nothing but JWK members): a JSON file in the format of `<file>.owners.json`
 * (file/owners.ts), on storage every stack's `pulumi up` can reach (a shared volume). Each read-diff-write cycle
 * on the target holds the record's lock (`<record>.lock`), so the stacks also take turns on the target itself.
 * Every stack publishing to the target must name the same record; a stack that does not is invisible to it.
 */
import { resolve } from "node:path";
import type { CrossProcessLock, HasOwnersRecord } from "./capabilities";
import { writeFileAtomic } from "./file/file";
import { ownersRecordAt, SHARED_NOTE } from "./file/owners";
import { withFileLock } from "./lock";

/**
 * The record at `path` (relative paths resolve against the program's directory) for the target named `targetName`.
 *
 * @example
 * const t = { ...apiTarget, ...sharedOwnersRecord("/mnt/shared/app-x.owners.json", apiTarget.name) }
 */
export function sharedOwnersRecord(path: string, targetName: string): HasOwnersRecord & CrossProcessLock {
  const at = resolve(path);
  return {
    owners: ownersRecordAt(at, targetName, writeFileAtomic, { note: SHARED_NOTE, target: targetName }),
    withLock: (fn) => withFileLock(at, fn),
  };
}
