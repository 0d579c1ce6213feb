/**
 * The file lock and the in-process queue: concurrent read-modify-write cycles lose nothing under them (and
 * do without them, so the test can fail), a lock held by a live process makes a waiter fail after the bounded
 * wait naming the file, a stale lock (its process died) is taken over, and a failing cycle releases the lock.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import * as lockfile from "proper-lockfile";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { JwkError } from "../../provider/errors";
import { exclusively, withFileLock } from "../../provider/targets/lock";
import { serialised } from "../../provider/targets/queue";
import { fileTarget, writeFileAtomic } from "../../provider/targets/file/file";

let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "jwk-lock-"));
  path = join(dir, "counter.json");
  await writeFile(path, JSON.stringify({ n: 0 }));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** One read-modify-write of the counter, with a pause between read and write where another writer can slip in. */
async function increment(): Promise<void> {
  const { n } = JSON.parse(await readFile(path, "utf8")) as { n: number };
  await sleep(Math.random() * 3);
  await writeFileAtomic(path, JSON.stringify({ n: n + 1 })); // atomic: the race is between cycles, not torn reads
}

const count = async () => (JSON.parse(await readFile(path, "utf8")) as { n: number }).n;

/** Two writers of 50 increments each, run concurrently. */
async function twoWriters(cycle: () => Promise<void>): Promise<void> {
  const writer = async () => {
    for (let i = 0; i < 50; i++) await cycle();
  };
  await Promise.all([writer(), writer()]);
}

describe("withFileLock", () => {
  test("100 concurrent read-modify-write cycles under the lock lose nothing; without it they do", async () => {
    await twoWriters(increment);
    const unlocked = await count();
    expect(unlocked).toBeLessThan(100); // the control: the race is real

    await writeFile(path, JSON.stringify({ n: 0 }));
    await twoWriters(() => withFileLock(path, increment));
    expect(await count()).toBe(100);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  test("a lock held by a live process: the waiter gives up after the bounded wait, naming the file", async () => {
    const release = await lockfile.lock(path, { realpath: false });
    try {
      const started = Date.now();
      let ran = false;
      const error = (await withFileLock(
        path,
        async () => {
          ran = true;
        },
        { waitMs: 300 },
      ).catch((e: unknown) => e)) as JwkError;
      expect(ran).toBe(false);
      expect(error.code).toBe("ERR_JWKS_LOCKED");
      expect(error.message).toContain(`file ${path}: lock failed: another process has held ${path}.lock for more than 0.3 s`);
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      expect(Date.now() - started).toBeLessThan(3000);
    } finally {
      await release();
    }
  });

  test("a stale lock left by a crashed process is taken over", async () => {
    // What a killed process leaves: the lock directory, no longer refreshed.
    await mkdir(`${path}.lock`);
    const old = new Date(Date.now() - 60_000);
    await utimes(`${path}.lock`, old, old);
    await withFileLock(path, increment, { waitMs: 200 });
    expect(await count()).toBe(1);
    expect(existsSync(`${path}.lock`)).toBe(false);
  });

  test("a failing cycle releases the lock and keeps its error", async () => {
    await expect(
      withFileLock(path, async () => {
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(existsSync(`${path}.lock`)).toBe(false);
    await withFileLock(path, increment, { waitMs: 100 });
    expect(await count()).toBe(1);
  });

  test("the lock directory is created beside a file whose directory does not exist yet", async () => {
    const nested = join(dir, "a", "b", "jwks.json");
    expect(await withFileLock(nested, async () => "ran")).toBe("ran");
  });
});

describe("serialised / exclusively", () => {
  test("cycles on one name run one after another, even when one fails", async () => {
    const order: string[] = [];
    const cycle = (name: string, fail = false) =>
      serialised("t", async () => {
        order.push(`start ${name}`);
        await sleep(5);
        order.push(`end ${name}`);
        if (fail) throw new Error(name);
      });
    const results = await Promise.allSettled([cycle("a"), cycle("b", true), cycle("c")]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(order).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
  });

  test("a file target's cycles in one process: 100 concurrent publishes of a counter key lose nothing", async () => {
    const t = fileTarget({ kind: "file", path: join(dir, "jwks.json") });
    const cycles = Array.from({ length: 100 }, (_, i) =>
      exclusively(t, async () => {
        const live = await t.list();
        await sleep(Math.random() * 2);
        await t.replaceAll([...(live as never[]), { kty: "EC", crv: "P-256", x: `x${i}`, y: `y${i}`, kid: `k${i}` } as never]);
      }),
    );
    await Promise.all(cycles);
    expect((await t.list()).length).toBe(100);
  });
});
