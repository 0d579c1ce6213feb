/**
 * One error base class with a fixed `code` per failure. Callers branch on `code`, not `instanceof`: the
 * serialised dynamic provider may load a second copy of this module, where `instanceof` would lie.
 *
 * @example
 * try { await publish() } catch (e) { if ((e as JwkError).code === "ERR_JWKS_INVALID") report(e) }
 */
export class JwkError extends Error {
  /** A stable, machine-readable code such as `ERR_JWK_INVALID_INPUT`. */
  readonly code: string;

  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "JwkError";
    this.code = code;
  }
}

/** One input problem: the exact property path and why it is wrong (the shape Pulumi `check` reports). */
export interface InputFailure {
  property: string;
  reason: string;
}

/** Bad resource input, with every failure found (not just the first). */
export class JwkInputError extends JwkError {
  readonly failures: InputFailure[];

  constructor(failures: InputFailure[], code = "ERR_JWK_INVALID_INPUT") {
    super(code, failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
    this.name = "JwkInputError";
    this.failures = failures;
  }
}

/** Key material that cannot be generated, imported or exported (malformed PEM, wrong key for an alg). */
export class JwkKeyMaterialError extends JwkError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("ERR_JWK_KEY_MATERIAL", message, options);
    this.name = "JwkKeyMaterialError";
  }
}

/** A JWK Set (ours or a live one) that breaks RFC 7517/7518 rules or our publishing rules. */
export class JwksInvalidError extends JwkInputError {
  constructor(failures: InputFailure[]) {
    super(failures, "ERR_JWKS_INVALID");
    this.name = "JwksInvalidError";
  }
}

/** A target (file, management API) that failed to read or write; `target` and `operation` say where. */
export class JwksTargetError extends JwkError {
  readonly target: string;
  readonly operation: string;

  constructor(target: string, operation: string, message: string, options?: { cause?: unknown }) {
    super("ERR_JWKS_TARGET", `${target}: ${operation} failed: ${message}`, options);
    this.name = "JwksTargetError";
    this.target = target;
    this.operation = operation;
  }
}
