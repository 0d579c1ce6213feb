/**
 * After a refresh read a `JwkSet`'s target, tell the person running the CLI what drifted and what the next up
 * does about it, as a diagnostic on that resource: a warning when up has work to do, a note when the only news
 * is keys that additive mode leaves alone, nothing when the live set matches.
 */
import type { DiagnosticSink } from "../../pulumi/engine-log";
import { needsRepair, planDocumentRepair, planRepair, type Measured } from "./drift-plan";
import { formatDriftReport, type DriftReportOptions } from "./drift-report";

/**
 * @param before the outputs stored before this read (its foreign kids are not news)
 * @param after what this read measured
 * @param targetName the adapter's name for the target (never holds a credential)
 * @returns the report sent, if any
 */
export async function reportDrift(
  before: { foreignKids?: readonly string[] | undefined },
  after: Measured,
  targetName: string,
  sink: DiagnosticSink,
  options?: DriftReportOptions,
): Promise<string | undefined> {
  const items = planRepair(after, before.foreignKids ?? []);
  const document = planDocumentRepair(after);
  const report = formatDriftReport(targetName, items, { ...options, document });
  if (report !== undefined) await sink(document || needsRepair(items) ? "warning" : "info", report);
  return report;
}
