/**
 * Time to diff a desired JWK Set against a live one of 1,000 and 10,000 keys (provider/jwks/diff.ts), in both
 * modes, with a few keys of each kind of change, and the share of it spent computing RFC 7638 thumbprints.
 * Goal: <= 50 ms at 10,000 keys. Keys are P-256 and Ed25519 (RSA key generation would dominate the set-up).
 *
 *   bash scripts/run.sh dist/bench/diff-scale.js [ROUNDS=11]
 *
 * Prints the median and the best wall-clock time and the median CPU time of the process during the call: on a
 * machine shared with other work the wall-clock median moves with their load, the CPU time much less.
 */
import { generateKeyPairSync } from "node:crypto";
import { calculateJwkThumbprint, type JWK } from "jose";
import { diffKeySets, type KeySetDiff } from "../provider/core/jwks/diff";
import { thumbprintOf } from "../provider/core/jwks/validate";
import type { PublicJwk } from "../provider/core/keys/material";
import { median } from "./program-folder";

const rounds = Number(process.argv[2] ?? 11);

function publicKeys(count: number): PublicJwk[] {
  return Array.from({ length: count }, (_, i) => {
    const pair = i % 2 ? generateKeyPairSync("ed25519") : generateKeyPairSync("ec", { namedCurve: "P-256" });
    const jwk = pair.publicKey.export({ format: "jwk" }) as PublicJwk;
    return { ...jwk, kid: `key-${i}`, alg: i % 2 ? "EdDSA" : "ES256", use: "sig" };
  });
}

/**
 * The live set: the desired keys as a target returns them (fresh objects, members in another order), except
 * that 1% are missing (add), 1% carry other metadata (change), 1% sit under another kid (relabel), and 1% more
 * are keys nobody declared (remove in exclusive mode, foreign in additive mode).
 */
function liveSetFor(desired: readonly PublicJwk[], strangers: readonly PublicJwk[]): Record<string, unknown>[] {
  const live: Record<string, unknown>[] = [];
  desired.forEach((k, i) => {
    const copy = Object.fromEntries(Object.entries(structuredClone(k)).reverse());
    if (i % 100 === 1) return;
    if (i % 100 === 2) copy.use = "enc";
    if (i % 100 === 3) copy.kid = `old-${i}`;
    live.push(copy);
  });
  return [...live, ...strangers];
}

/** Milliseconds of this process's CPU (user + system) spent in `fn`. */
function cpuTime(fn: () => unknown): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function time(fn: () => unknown): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

const counts = (d: KeySetDiff) =>
  `add ${d.add.length}, change ${d.change.length}, relabel ${d.relabel.length}, remove ${d.remove.length}, ` +
  `collision ${d.collision.length}, foreign ${d.foreign.length}`;

async function main(): Promise<void> {
  const all = publicKeys(10_100);
  for (const size of [1_000, 10_000]) {
    const desired = all.slice(0, size);
    const live = liveSetFor(desired, all.slice(10_000, 10_000 + size / 100));
    const owned = desired.map((k) => k.kid);
    for (const mode of ["exclusive", "additive"] as const) {
      const wall: number[] = [];
      const cpu: number[] = [];
      let last: KeySetDiff | undefined;
      for (let r = 0; r <= rounds; r++) {
        let ms = 0;
        const cpuMs = cpuTime(() => (ms = time(() => (last = diffKeySets(desired, live, { mode, owned })))));
        if (r === 0) continue; // the first round warms up the JIT
        wall.push(ms);
        cpu.push(cpuMs);
      }
      console.log(
        `diff ${size} keys, ${mode}: ${median(wall).toFixed(1)} ms median (best ${Math.min(...wall).toFixed(1)} ms, ` +
          `CPU ${median(cpu).toFixed(1)} ms) of ${rounds} (${counts(last!)})`,
      );
    }
    const ours = median(Array.from({ length: rounds }, () => time(() => live.forEach((k) => thumbprintOf(k as PublicJwk)))));
    const jose: number[] = [];
    for (let r = 0; r < rounds; r++)
      jose.push(await timeAsync(() => Promise.all(live.map((k) => calculateJwkThumbprint(k as JWK, "sha256")))));
    console.log(
      `  thumbprints of the ${live.length} live keys: ${ours.toFixed(1)} ms (jose calculateJwkThumbprint: ${median(jose).toFixed(1)} ms)`,
    );
  }
  console.log("goal: <= 50 ms at 10,000 keys");
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
