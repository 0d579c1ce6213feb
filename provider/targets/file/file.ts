/**
 * The embedded default target: a JWKS document on disk. Needs no server. Writes are atomic (temporary file
 * in the same directory, fsync, rename), so a reader never sees half a document and a failure loses nothing.
 */
import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { JwksTargetError } from "../../errors";
import { parseJwks, serialiseJwks } from "../../core/jwks/document";
import { backupFile } from "../document-backup";
import type { CrossProcessLock, DocumentBackup, DocumentStore, HasOwnersRecord } from "../capabilities";
import type { PublicJwk } from "../../core/keys/material";
import type { TargetKind } from "../kind";
import { withFileLock } from "../lock";
import { fileOwnersRecord } from "./owners";
import type { FileTargetConfig, KeySetTarget } from "../types";

/** Reads the file's keys; a missing file is an empty set. */
async function readKeys(path: string, name: string): Promise<Record<string, unknown>[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new JwksTargetError(name, "read", (cause as Error).message, { cause });
  }
  return parseJwks(text, path);
}

/** Writes `text` to `path` atomically. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    const handle = await open(tmp, "w", 0o644);
    try {
      await handle.writeFile(text, "utf8");
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (cause) {
    await rm(tmp, { force: true });
    throw cause;
  }
}

/**
 * Opens a JWKS file target. An empty set removes the file: destroying the last publisher leaves nothing behind.
 *
 * @example
 * const t = fileTarget({ kind: "file", path: "public/.well-known/jwks.json" })
 * await t.replaceAll([publicJwk])
 */
export function fileTarget(config: FileTargetConfig): KeySetTarget & DocumentStore & DocumentBackup & CrossProcessLock & HasOwnersRecord {
  const path = resolve(config.path);
  const name = `file ${path}`;
  return {
    name,
    writer: name, // the resolved path: what every writer of this file names it by
    document: true as const,
    // Other processes (stacks, pipelines) write this file too: each read-diff-write cycle holds its lock.
    withLock: (fn) => withFileLock(path, fn),
    owners: fileOwnersRecord(path, name, writeFileAtomic),
    list: () => readKeys(path, name),
    backupDocument: () => backupFile(path, name),
    async replaceAll(keys: readonly PublicJwk[]) {
      try {
        if (keys.length === 0) await rm(path, { force: true });
        else await writeFileAtomic(path, serialiseJwks(keys));
      } catch (cause) {
        throw new JwksTargetError(name, "write", (cause as Error).message, { cause });
      }
    },
  };
}

/** Registry entry for `kind: "file"`. */
export const fileKind: TargetKind<FileTargetConfig> = {
  configFailures: (c, path) =>
    typeof c.path === "string" && c.path.length > 0 ? [] : [{ property: `${path}.path`, reason: "required, a file path" }],
  identity: (c) => resolve(c.path),
  lifecycle: false,
  open: (c) => fileTarget(c),
};
