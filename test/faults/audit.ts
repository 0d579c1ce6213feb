/**
 * Audits what a target holds, read straight from the emulator's store (not through our adapters): declared keys
 * lost (missing, other content, wrong status), keys duplicated (a kid twice, or one key's material under two
 * entries), keys left over (neither declared nor someone else's), and, after a failed up, changes on the target
 * that the error did not report (a failed apply must say what was and was not applied).
 */
import type { PublicJwk } from "../../provider/core/keys/material";

/** One entry on a target: its JWK members and, on lifecycle targets, its status. */
export interface HeldKey {
  kid: string | null;
  jwk: Record<string, unknown>;
  status?: string;
}

const MEMBERS = ["kid", "kty", "use", "alg", "crv", "n", "e", "x", "y"];
const pick = (k: Record<string, unknown>) =>
  Object.fromEntries(MEMBERS.filter((m) => k[m] !== undefined && k[m] !== null).map((m) => [m, k[m]]));
const material = (k: Record<string, unknown>) => JSON.stringify([k.kty, k.n, k.e, k.crv, k.x, k.y]);
const stateOf = (k: HeldKey) => JSON.stringify([pick(k.jwk), k.status ?? null]);

/** Entries as the Okta emulator's `keys(appId)` or the Janssen emulator's `keys()` return them. */
export function heldKeys(stored: readonly Record<string, unknown>[]): HeldKey[] {
  return stored.map((k) => {
    const held: HeldKey = { kid: typeof k.kid === "string" ? k.kid : null, jwk: pick(k) };
    if (typeof k.status === "string") held.status = k.status;
    return held;
  });
}

export interface Expected {
  declared: readonly PublicJwk[];
  /** Declared kids that must be INACTIVE (lifecycle targets); the others must be ACTIVE. */
  inactive: readonly string[];
  /** Kids of keys someone else owns: they must stay, untouched. */
  foreign: readonly string[];
}

export interface Audit {
  lost: string[];
  duplicated: string[];
  leftover: string[];
}

/** Compares a target's entries with what must be there. Every list empty: the target holds exactly that. */
export function auditTarget(held: readonly HeldKey[], expected: Expected, before?: readonly HeldKey[]): Audit {
  const audit: Audit = { lost: [], duplicated: [], leftover: [] };
  const byKid = new Map<string | null, HeldKey[]>();
  for (const k of held) byKid.set(k.kid, [...(byKid.get(k.kid) ?? []), k]);
  for (const [kid, entries] of byKid) if (entries.length > 1) audit.duplicated.push(`kid ${String(kid)} held ${entries.length} times`);
  const byMaterial = new Map<string, number>();
  for (const k of held) byMaterial.set(material(k.jwk), (byMaterial.get(material(k.jwk)) ?? 0) + 1);
  for (const k of expected.declared) {
    const n = byMaterial.get(material(k)) ?? 0;
    if (n > 1) audit.duplicated.push(`key ${k.kid} held under ${n} entries`);
  }
  for (const k of expected.declared) {
    const entry = byKid.get(k.kid)?.[0];
    const status = expected.inactive.includes(k.kid) ? "INACTIVE" : "ACTIVE";
    if (!entry) audit.lost.push(`${k.kid} missing`);
    else if (JSON.stringify(pick(entry.jwk)) !== JSON.stringify(pick(k))) audit.lost.push(`${k.kid} holds other content`);
    else if (entry.status !== undefined && entry.status !== status) audit.lost.push(`${k.kid} is ${entry.status}, declared ${status}`);
  }
  for (const kid of expected.foreign) {
    const entry = byKid.get(kid)?.[0];
    const was = before?.find((k) => k.kid === kid);
    if (!entry) audit.lost.push(`foreign key ${kid} missing`);
    else if (was && stateOf(was) !== stateOf(entry)) audit.lost.push(`foreign key ${kid} was changed`);
  }
  const allowed = new Set<string | null>([...expected.declared.map((k) => k.kid), ...expected.foreign]);
  for (const k of held) if (!allowed.has(k.kid)) audit.leftover.push(String(k.kid));
  return audit;
}

/** A failed apply's report, as JwksApplyError carries it; absent when the up failed before applying anything. */
export interface ApplyReport {
  applied: readonly string[];
  unknown: readonly string[];
  notApplied: readonly string[];
}

export function reportOf(error: unknown): ApplyReport | undefined {
  const e = error as Partial<ApplyReport> | undefined;
  return Array.isArray(e?.applied) && Array.isArray(e?.unknown) && Array.isArray(e?.notApplied) ? (e as ApplyReport) : undefined;
}

/** The kid a step acts on ("add key k1 (changed)" → k1); "*" for a whole-set write. */
export function kidOfStep(step: string): string {
  if (step.startsWith("replace the whole set")) return "*";
  return /key (\S+)/.exec(step)?.[1] ?? "(no kid)";
}

/**
 * Changes between `before` and `after` that `report` does not account for: `unreported` lists kids that changed
 * although no applied or outcome-unknown step names them; `untrue` lists applied steps whose effect is not there.
 */
export function unreportedChanges(
  before: readonly HeldKey[],
  after: readonly HeldKey[],
  report: ApplyReport | undefined,
): { unreported: string[]; untrue: string[] } {
  const states = (keys: readonly HeldKey[], kid: string | null) =>
    keys
      .filter((k) => k.kid === kid)
      .map(stateOf)
      .sort()
      .join("|");
  const kids = [...new Set([...before, ...after].map((k) => k.kid))];
  const changed = kids.filter((kid) => states(before, kid) !== states(after, kid)).map(String);
  const reported = new Set([...(report?.applied ?? []), ...(report?.unknown ?? [])].map(kidOfStep));
  const unreported = reported.has("*") ? [] : changed.filter((kid) => !reported.has(kid));
  const untrue: string[] = [];
  const unknownKids = new Set((report?.unknown ?? []).map(kidOfStep));
  const lastApplied = new Map<string, string>();
  for (const step of report?.applied ?? []) lastApplied.set(kidOfStep(step), step);
  for (const [kid, step] of lastApplied) {
    if (kid === "*" || unknownKids.has(kid)) continue;
    const entry = after.find((k) => k.kid === kid);
    const status = /^set key \S+ (ACTIVE|INACTIVE)$/.exec(step)?.[1];
    if (step.startsWith("remove") ? entry !== undefined : entry === undefined || (status !== undefined && entry.status !== status))
      untrue.push(step);
  }
  return { unreported, untrue };
}

/**
 * The report as the error message states it (what a user reads, and all the CLI passes on): "already applied: …" or
 * "nothing was applied", then "outcome unknown (…): …" or "partly applied (…): …", and "not applied: …". Undefined when the text has none.
 */
export function reportFromMessage(text: string): ApplyReport | undefined {
  const flat = text.replace(/\s+/g, " ");
  const m =
    /(?:already applied: (.*?)|nothing was applied)(?: before it; (?:outcome unknown|partly applied) \([^)]*\): (.*?))?(?:; not applied: (.*?))?\. Run the update again/.exec(
      flat,
    );
  const list = (s: string | undefined) => (s === undefined ? [] : s.split(", "));
  if (m) return { applied: list(m[1]), unknown: list(m[2]), notApplied: list(m[3]) };
  return withdrawalReport(text);
}

/**
 * A failed destroy's report (provider/targets/withdraw.ts): "destroy removed N of the M keys … (key a, key b).",
 * one "Not removed: key x: <reason>" line per refusal (outcome unknown or partly applied when the reason says
 * so), "Not attempted: key y, key z (stopped: …)."
 */
function withdrawalReport(text: string): ApplyReport | undefined {
  const removed = /destroy removed \d+ of the \d+ keys this resource published(?: \((.*?)\))?\./.exec(text);
  if (!removed) return undefined;
  const steps = (s: string | undefined) => (s === undefined ? [] : s.split(", ").map((k) => `remove ${k}`));
  const report = { applied: steps(removed[1]), unknown: [] as string[], notApplied: [] as string[] };
  for (const [, key, reason] of text.matchAll(/Not removed: (key \S+): (.*)/g)) {
    (/^(outcome unknown|partly applied) \(/.test(reason!) ? report.unknown : report.notApplied).push(`remove ${key}`);
  }
  const rest = /Not attempted: (.*?) \(stopped:/.exec(text);
  report.notApplied.push(...steps(rest?.[1]));
  return report;
}
