/**
 * The client kinds' own sections of a `ClientKeyBinding` (clients/types.ts `KindSection`): one input property
 * each, named after the kind, with the outputs the kind records. Kept apart from registry/clients.ts so the
 * resource class (loaded by every program) lists the sections' properties without loading the kinds' APIs.
 * Adding a kind with a section: one entry in `CLIENT_SECTIONS` and one member in `SectionTypes`.
 */
import type { KindSection } from "../clients/types";
import { pingOneSection, type PingOneBindingSection } from "../vendors/pingone/binding-section";
import { reachFiveSection, type ReachFiveBindingSection } from "../vendors/reachfive/binding-section";

/** Every kind's section; each is also its kind's `ClientKind.section`. */
export const CLIENT_SECTIONS: readonly KindSection[] = [pingOneSection, reachFiveSection];

/** The types of every kind's section (plain input and outputs, Pulumi args and resource outputs). */
type SectionTypes = PingOneBindingSection | ReachFiveBindingSection;

type AllOf<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;

/** The sections as binding inputs (validated values), by input property. */
export type SectionInputs = AllOf<SectionTypes["inputs"]>;
/** What the sections put in a binding's outputs (the declared sections and what each kind records). */
export type SectionOutputs = AllOf<SectionTypes["outputs"]>;
/** The sections as `ClientKeyBindingArgs` members (Pulumi inputs). */
export type SectionArgs = AllOf<SectionTypes["args"]>;
/** The output properties the sections add to a `ClientKeyBinding`. */
export type SectionResourceOutputs = AllOf<SectionTypes["resource"]>;

/** The input property of every section, e.g. the kind's name. */
export const SECTION_INPUTS: readonly string[] = CLIENT_SECTIONS.map((s) => s.name);
/** The output properties the sections record. */
export const SECTION_OUTPUTS: readonly string[] = CLIENT_SECTIONS.flatMap((s) => s.outputs);
