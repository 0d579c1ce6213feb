/**
 * A copy of a live document kept before it is overwritten: what a document target (a JWKS file) offers so that
 * exclusive mode can replace a document that does not parse without losing what was in it (the DocumentBackup
 * capability, capabilities.ts).
 */
import { constants } from "node:fs";
import { copyFile } from "node:fs/promises";
import { JwksTargetError } from "../errors";

/**
 * Copies `path` to `<path>.unparsable-<UTC time>` in the same directory (never over an existing file) and returns
 * the copy's path. A copy, not a rename: if the write that follows fails, the original is still in place.
 *
 * @example
 * await backupFile("/srv/.well-known/jwks.json") // "/srv/.well-known/jwks.json.unparsable-2026-11-24T01-02-03-456Z"
 */
export async function backupFile(path: string, targetName: string, now = new Date()): Promise<string> {
  const copy = `${path}.unparsable-${now.toISOString().replace(/[:.]/g, "-")}`;
  try {
    await copyFile(path, copy, constants.COPYFILE_EXCL);
  } catch (cause) {
    throw new JwksTargetError(targetName, "back up the live document", (cause as Error).message, { cause });
  }
  return copy;
}
