/**
 * Mutual exclusion for a target's read-diff-write cycle. Within one process (the engine runs a program's
 * resources in parallel, all in one dynamic-provider process) cycles on one target queue behind each other
 * (queue.ts);
 * across processes (two stacks, two pipelines) a file target also takes a lock file with proper-lockfile
 * (an atomic `mkdir` of `<file>.lock`, refreshed while held, taken over once stale).
 */
import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import * as lockfile from "proper-lockfile";
import { hasCrossProcessLock } from "./capabilities";
import { serialised } from "./queue";
import type { KeySetTarget } from "./types";
import { JwksLockError } from "../errors";

export interface FileLockOptions {
  /** How long to wait for a lock someone else holds before giving up (default 30 s). */
  waitMs?: number;
  /**
   * A lock whose holder stopped refreshing it this long ago is stale (its process died) and is taken over
   * (default 10 s; proper-lockfile refreshes a held lock every stale/2 and accepts no less than 2 s).
   */
  staleMs?: number;
}

const DEFAULT_WAIT_MS = 30_000;
const DEFAULT_STALE_MS = 10_000;

/**
 * Runs `fn` holding the cross-process lock of `path` (`<path>.lock`, a directory). Waits at most `waitMs`,
 * polling with jitter, then fails naming the file. A crashed holder's lock goes stale after `staleMs` and is
 * taken over, so the default wait (longer than the stale time) never fails because of a dead process.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: FileLockOptions = {}): Promise<T> {
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const name = `file ${path}`;
  let compromised: Error | undefined;
  const lockOptions: lockfile.LockOptions = {
    realpath: false, // the JWKS file need not exist yet
    stale: staleMs,
    // proper-lockfile's default throws from a timer, which would kill the provider process.
    onCompromised: (err) => {
      compromised = err;
    },
  };
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (cause) {
    throw new JwksLockError(name, `cannot create the directory for ${path}.lock: ${(cause as Error).message}`, { cause });
  }
  const deadline = Date.now() + waitMs;
  let release: (() => Promise<void>) | undefined;
  for (let delay = 10; release === undefined; delay = Math.min(delay * 2, 250)) {
    try {
      release = await lockfile.lock(path, lockOptions);
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== "ELOCKED")
        throw new JwksLockError(name, `cannot create ${path}.lock: ${(cause as Error).message}`, { cause });
      if (Date.now() >= deadline) {
        throw new JwksLockError(
          name,
          `another process has held ${path}.lock for more than ${waitMs / 1000} s (another pulumi up on this file?). ` +
            `Nothing was changed; run again once it has finished. A lock left by a crashed process is taken over ` +
            `${staleMs / 1000} s after its last refresh.`,
          { cause },
        );
      }
      await sleep(delay / 2 + Math.random() * delay); // jitter: two waiters do not retry in step
    }
  }
  try {
    return await fn();
  } finally {
    await release().catch(() => undefined); // already released when compromised
    if (compromised) {
      // Only when this process stalled past the stale time while holding the lock (a blocked event loop).
      // eslint-disable-next-line no-unsafe-finally -- deliberate: a lock lost while held outranks what fn returned or threw
      throw new JwksLockError(
        name,
        `the lock was lost while held (${compromised.message}); another process may have written ${path} meanwhile. ` +
          `Run the update again: it reads the file afresh.`,
        { cause: compromised },
      );
    }
  }
}

/**
 * Runs one read-diff-write cycle on `target` exclusively: queued behind every other writer of the same thing in
 * this process (its `writer` identity, shared with bindings on the same client: see queue.ts), and under its
 * cross-process lock when it has one (files). API targets have none: they re-read the live set
 * first and change it per key, so concurrent writers touch different keys.
 *
 * @example
 * await exclusively(target, async () => { const live = await target.list(); if (canReplaceAll(target)) await target.replaceAll([...live, key]) })
 */
export function exclusively<T>(target: KeySetTarget, fn: () => Promise<T>): Promise<T> {
  return serialised(target.writer ?? target.name, () => (hasCrossProcessLock(target) ? target.withLock(fn) : fn()));
}
