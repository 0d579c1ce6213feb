/**
 * The few lines a person reads in CI when a `JwkSet`'s live set drifted: one summary line (the engine shows it
 * beside the resource while it runs), then one line per kid with what the next up does, capped. Pure.
 *
 * Only kids and counts are printed, never a key member: the live document is untrusted input, so kids are
 * quoted with control characters escaped, cut to a readable length, and Pulumi's colour directives (`<{%`)
 * defused, so a hand-edited file cannot restyle or forge CLI output.
 */
import type { DocumentRepair, DriftItem, DriftState, RepairAction } from "./drift-plan";

export interface DriftReportOptions {
  /** Kids listed one per line before the rest is summarised (default 10). */
  maxKids?: number;
  /** The live document does not parse (document targets): said first, with what up does about it. */
  document?: DocumentRepair | undefined;
}

const DOCUMENT_ACTION: Record<DocumentRepair["action"], string> = {
  replace: "the next up replaces it with the declared keys, keeping a copy",
  refuse: 'the next up refuses and changes nothing (additive mode): fix the document, or set mode: "exclusive" to replace it',
};

const DEFAULT_MAX_KIDS = 10;
const MAX_KID_CHARS = 64;

const STATES: readonly DriftState[] = ["missing", "changed", "unexpected"];

const ACTION_LINE: Record<RepairAction, string> = {
  add: "up adds it back",
  restore: "up restores the declared key",
  remove: "up removes it (exclusive mode)",
  leave: "up leaves it alone (additive mode)",
};

const ACTION_COUNT: Record<RepairAction, (n: number) => string> = {
  add: (n) => `adds ${n}`,
  restore: (n) => `restores ${n}`,
  remove: (n) => `removes ${n}`,
  leave: (n) => `leaves ${n} alone`,
};

/** Untrusted text made safe for one line of CLI output: no control characters, no colour directives, bounded. */
export function printable(text: string, maxChars = MAX_KID_CHARS): string {
  const cut = text.length > maxChars ? `${text.slice(0, maxChars - 3)}...` : text;
  // JSON escaping turns newlines, ESC and other control characters into visible backslash sequences.
  return JSON.stringify(cut).slice(1, -1).replaceAll("<{%", "<{ %");
}

function counts<K extends string>(items: readonly DriftItem[], key: (i: DriftItem) => K, order: readonly K[]): [K, number][] {
  return order.map((k) => [k, items.filter((i) => key(i) === k).length] as [K, number]).filter(([, n]) => n > 0);
}

/**
 * The report, or undefined when there is nothing to say.
 *
 * @param targetName the adapter's name for the target, e.g. `file /srv/jwks.json` (never holds a credential)
 * @example
 * formatDriftReport("file jwks.json", [{ kid: "a", state: "missing", action: "add" }])
 * // drift on file jwks.json: 1 missing; the next up adds 1
 * //   missing     "a"  up adds it back
 */
export function formatDriftReport(targetName: string, items: readonly DriftItem[], options: DriftReportOptions = {}): string | undefined {
  const target = printable(targetName, 200);
  const documentLine = options.document
    ? `the live document on ${target} does not parse (${printable(options.document.reason, 300)}); ${DOCUMENT_ACTION[options.document.action]}`
    : undefined;
  if (items.length === 0) return documentLine;
  const maxKids = Math.max(1, options.maxKids ?? DEFAULT_MAX_KIDS);
  const byState = counts(items, (i) => i.state, STATES)
    .map(([s, n]) => `${n} ${s}`)
    .join(", ");
  const byAction = counts(items, (i) => i.action, ["add", "restore", "remove", "leave"] as const)
    .map(([a, n]) => ACTION_COUNT[a](n))
    .join(", ");
  const drifted = items.some((i) => i.action !== "leave");
  const counted = `${drifted ? "drift on" : "keys not declared here on"} ${target}: ${byState}; the next up ${byAction}`;
  const head = documentLine ? `${documentLine}\n  ${counted}` : counted;

  const shown = items.length > maxKids ? items.slice(0, maxKids - 1) : items;
  const lines = shown.map((i) => `  ${i.state.padEnd(10)}  "${printable(i.kid)}"  ${ACTION_LINE[i.action]}`);
  const rest = items.slice(shown.length);
  if (rest.length > 0) {
    const restByState = counts(rest, (i) => i.state, STATES)
      .map(([s, n]) => `${n} ${s}`)
      .join(", ");
    lines.push(`  ... and ${rest.length} more (${restByState}); the resource's drift and foreignKids outputs list every kid`);
  }
  return [head, ...lines].join("\n");
}
