/**
 * Progress messages from a provider process (each step of a multi-call change, each retry): written to stderr,
 * which the engine shows among the update's diagnostics. Diagnostics filed under one resource go through
 * engine-log.ts instead.
 */

import { redact } from "./credentials";

/** Receives progress messages. Never given a secret; credentials are redacted all the same (credentials.ts). */
export type Progress = (message: string) => void;

/**
 * The provider process's progress logger.
 *
 * @example
 * openTarget(config, { log: progress })
 */
export const progress: Progress = (message) => console.error(`[pulumi-jwk] ${redact(message)}`);
