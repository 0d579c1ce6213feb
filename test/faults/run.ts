/**
 * Drives a workload under faults, whatever runs `up` (the publish logic directly, or the Pulumi CLI): for each
 * operation, run up; after a failure, check that every change on the target was reported, then re-run the same
 * program until it succeeds; after a success, audit the target (exactly the declared keys plus other owners').
 */
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import { auditTarget, unreportedChanges, type ApplyReport, type HeldKey } from "./audit";
import { nextOperation, OPERATION_KINDS, type OperationKind, type SetModel } from "./workload";

export interface Driver {
  /** Runs up for a program that declares `sets` as they are now (`changed` is the set the operation touched). */
  up(changed: SetModel, sets: readonly SetModel[]): Promise<void>;
  /** The report a failed up gave (undefined when the failure came before anything was applied). */
  reportOf(error: unknown): ApplyReport | undefined;
  /** What a target holds, read from the emulator's store. */
  held(target: string): HeldKey[];
  /** Kids of other owners' keys on a target (they must stay). */
  foreign(target: string): readonly string[];
  /** Waits for late (delayed) requests to land. */
  settle(): Promise<void>;
}

export interface Figures {
  operations: Record<OperationKind, number>;
  ups: number;
  failedUps: number;
  /** Re-runs after failed ups (each also under faults), and the most one failure needed. */
  reruns: number;
  maxReruns: number;
  outcomeUnknownReports: number;
  lost: string[];
  duplicated: string[];
  leftover: string[];
  unreported: string[];
  untrue: string[];
  notConverged: string[];
}

export async function runWorkload(o: {
  rng: RandomGenerator;
  sets: SetModel[];
  operations: number;
  driver: Driver;
  maxReruns: number;
  onFailure?: (error: unknown) => void;
}): Promise<Figures> {
  const f: Figures = {
    operations: Object.fromEntries(OPERATION_KINDS.map((k) => [k, 0])) as Record<OperationKind, number>,
    ups: 0,
    failedUps: 0,
    reruns: 0,
    maxReruns: 0,
    outcomeUnknownReports: 0,
    lost: [],
    duplicated: [],
    leftover: [],
    unreported: [],
    untrue: [],
    notConverged: [],
  };
  const { driver } = o;
  // Create every set first, so exclusive targets are taken over before the audit expects them clean.
  const order = [
    ...o.sets,
    ...Array.from({ length: o.operations - o.sets.length }, () => o.sets[uniformInt(o.rng, 0, o.sets.length - 1)]!),
  ];
  for (const [i, set] of order.entries()) {
    const kind = await nextOperation(o.rng, set);
    f.operations[kind]++;
    const label = `op ${i + 1} (${kind} ${set.name})`;
    let converged = false;
    for (let attempt = 0; attempt <= o.maxReruns && !converged; attempt++) {
      const before = driver.held(set.target);
      f.ups++;
      if (attempt > 0) f.reruns++;
      try {
        await driver.up(set, o.sets);
        converged = true;
        f.maxReruns = Math.max(f.maxReruns, attempt);
      } catch (error) {
        if (attempt === 0) f.failedUps++;
        o.onFailure?.(error);
        await driver.settle();
        const report = driver.reportOf(error);
        if (report && report.unknown.length > 0) f.outcomeUnknownReports++;
        const { unreported, untrue } = unreportedChanges(before, driver.held(set.target), report);
        f.unreported.push(...unreported.map((kid) => `${label}: ${kid} changed, not reported`));
        f.untrue.push(...untrue.map((step) => `${label}: reported "${step}" as applied, but it is not`));
      }
    }
    await driver.settle();
    if (!converged) f.notConverged.push(label);
    const group = o.sets.filter((s) => s.target === set.target && s.exists);
    const audit = auditTarget(driver.held(set.target), {
      declared: group.flatMap((s) => s.declared),
      inactive: group.flatMap((s) => s.inactive),
      foreign: driver.foreign(set.target),
    });
    f.lost.push(...audit.lost.map((m) => `${label}: ${m}`));
    f.duplicated.push(...audit.duplicated.map((m) => `${label}: ${m}`));
    f.leftover.push(...audit.leftover.map((m) => `${label}: ${m} left over`));
  }
  return f;
}

/** The figures as lines to print. */
export function describeFigures(seed: number, f: Figures, faults: { requests: number; injected: Record<string, number> }): string[] {
  const injected = Object.values(faults.injected).reduce((a, b) => a + b, 0);
  const ops = Object.values(f.operations).reduce((a, b) => a + b, 0);
  return [
    `seed ${seed} (re-run with JWK_FAULT_SEED=${seed})`,
    `operations: ${ops} (${Object.entries(f.operations)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ")})`,
    `requests: ${faults.requests}; faults injected: ${injected} (${Object.entries(faults.injected)
      .map(([k, n]) => `${k} ${n}`)
      .join(", ")})`,
    `ups: ${f.ups}; failed ups: ${f.failedUps}; re-runs: ${f.reruns} (most for one failure: ${f.maxReruns}); reports with an outcome-unknown step: ${f.outcomeUnknownReports}`,
    `lost: ${f.lost.length}; duplicated: ${f.duplicated.length}; left over: ${f.leftover.length}; changes not reported: ${f.unreported.length}; untrue reports: ${f.untrue.length}; not converged: ${f.notConverged.length}`,
  ];
}
