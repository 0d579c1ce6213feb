/**
 * What the next `pulumi up` will do about each drifted kid of a `JwkSet`, from what a refresh measured. Pure.
 *
 * The plan assumes the program still declares the keys that were last published (the drift gate's case: a
 * scheduled `pulumi preview --refresh` over an unchanged program). It mirrors what publishKeySet does:
 * - missing (declared, not live): up adds it;
 * - changed (declared, live with other content, status or a near expiry): up restores the declared key;
 * - unexpected in exclusive mode: up removes it;
 * - unexpected in additive mode (a live key nobody here declared, new since the last up or refresh): up leaves
 *   it alone. Foreign keys already recorded in state are not news and are not reported again.
 */
import type { SetMode } from "../../core/jwks/diff";
import type { Drift } from "../../core/jwks/drift";

/** How a live kid differs from the declared set. */
export type DriftState = "missing" | "changed" | "unexpected";

/** What the next up does about it. */
export type RepairAction = "add" | "restore" | "remove" | "leave";

export interface DriftItem {
  kid: string;
  state: DriftState;
  action: RepairAction;
}

/** What a read of the target measured (the `drift` and `foreignKids` outputs). */
export interface Measured {
  mode: SetMode;
  /** `unparsable`: why the live document could not be read as a JWK Set (document targets), when it could not. */
  drift: Drift & { unparsable?: string | undefined };
  foreignKids: readonly string[];
}

/** What the next up does about a live document that does not parse. */
export interface DocumentRepair {
  /** Why it does not parse (names the file and a position, never the document's text). */
  reason: string;
  /** exclusive: up replaces it with the declared keys (keeping a copy); additive: up refuses and changes nothing. */
  action: "replace" | "refuse";
}

/**
 * @example
 * planDocumentRepair({ mode: "additive", drift: { ...none, unparsable: "jwks.json: not JSON at 1:1" }, foreignKids: [] })
 * // { reason: "jwks.json: not JSON at 1:1", action: "refuse" }
 */
export function planDocumentRepair(measured: Measured): DocumentRepair | undefined {
  const reason = measured.drift.unparsable;
  if (typeof reason !== "string" || reason === "") return undefined;
  return { reason, action: measured.mode === "exclusive" ? "replace" : "refuse" };
}

const ORDER: Record<DriftState, number> = { missing: 0, changed: 1, unexpected: 2 };

/**
 * One item per drifted kid, missing first, then changed, then unexpected, each group sorted by kid.
 *
 * @param previousForeignKids foreign kids recorded before this read; only new ones are reported
 * @example
 * planRepair({ mode: "exclusive", drift: { missing: ["a"], changed: [], unexpected: ["x"] }, foreignKids: [] })
 * // [{ kid: "a", state: "missing", action: "add" }, { kid: "x", state: "unexpected", action: "remove" }]
 */
export function planRepair(measured: Measured, previousForeignKids: readonly string[] = []): DriftItem[] {
  const known = new Set(previousForeignKids);
  const items: DriftItem[] = [
    ...measured.drift.missing.map((kid) => ({ kid, state: "missing" as const, action: "add" as const })),
    ...measured.drift.changed.map((kid) => ({ kid, state: "changed" as const, action: "restore" as const })),
    // In exclusive mode everything undeclared goes; in additive mode `unexpected` is empty by construction.
    ...measured.drift.unexpected.map((kid) => ({ kid, state: "unexpected" as const, action: "remove" as const })),
    ...(measured.mode === "additive" ? measured.foreignKids.filter((kid) => !known.has(kid)) : []).map((kid) => ({
      kid,
      state: "unexpected" as const,
      action: "leave" as const,
    })),
  ];
  return items.sort((a, b) => ORDER[a.state] - ORDER[b.state] || (a.kid < b.kid ? -1 : a.kid > b.kid ? 1 : 0));
}

/** True when the next up has work to do (the drift gate's condition); kids left alone are not drift. */
export function needsRepair(items: readonly DriftItem[]): boolean {
  return items.some((i) => i.action !== "leave");
}
