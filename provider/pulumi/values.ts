/**
 * During preview, inputs that depend on resources not yet created arrive in dynamic providers as a sentinel
 * string (@pulumi/pulumi runtime `unknownValue`): validation must skip them, diff must treat them as
 * "may change". The sentinel and its test are plain data and live in the core (core/unknown.ts), which checks
 * rotation inputs too; the Pulumi glue takes them from here.
 */
export { containsUnknown, UNKNOWN } from "../core/unknown";
