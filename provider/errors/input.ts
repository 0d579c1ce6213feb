/**
 * Bad input and bad key material: resource inputs (with every failure and its property path, the shape Pulumi
 * `check` reports), JWK Sets that break the rules, key material that does not load, text that is not JSON.
 */
import { JwkError } from "./base";

/** One input problem: the exact property path and why it is wrong (the shape Pulumi `check` reports). */
export interface InputFailure {
  property: string;
  reason: string;
}

/** Bad resource input, with every failure found (not just the first). */
export class JwkInputError extends JwkError {
  static override readonly code: string = "ERR_JWK_INVALID_INPUT";
  readonly failures: InputFailure[];

  constructor(failures: InputFailure[]) {
    super(failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
    this.name = "JwkInputError";
    this.failures = failures;
  }
}

/** A JWK Set (ours or a live one) that breaks RFC 7517/7518 rules or our publishing rules. */
export class JwksInvalidError extends JwkInputError {
  static override readonly code: string = "ERR_JWKS_INVALID";

  constructor(failures: InputFailure[]) {
    super(failures);
    this.name = "JwksInvalidError";
  }
}

/** `pulumi import` of a key set or binding whose live keys could not be declared as inputs (no kid, a private key). */
export class JwksImportUnpublishableError extends JwkInputError {
  static override readonly code: string = "ERR_JWKS_IMPORT_UNPUBLISHABLE";

  constructor(failures: InputFailure[]) {
    super(failures);
    this.name = "JwkInputError"; // the name it had as a plain JwkInputError: engine output stays the same
  }
}

/** Key material that cannot be generated, imported or exported (malformed PEM, wrong key for an alg). */
export class JwkKeyMaterialError extends JwkError {
  static override readonly code: string = "ERR_JWK_KEY_MATERIAL";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "JwkKeyMaterialError";
  }
}

/** Text that is not JSON; `offset` (0-based), `line` and `column` (1-based) say where it stops being JSON. */
export class JsonSyntaxError extends JwkError {
  static override readonly code: string = "ERR_JWKS_JSON_SYNTAX";
  readonly offset: number | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(text: string, offset: number | undefined) {
    const at = offset === undefined ? undefined : lineAndColumn(text, offset);
    super(
      at
        ? `not valid JSON at line ${at.line}, column ${at.column} (offset ${offset} of ${text.length} characters)`
        : `not valid JSON (${text.length} characters)`,
    );
    this.name = "JsonSyntaxError";
    this.offset = offset;
    this.line = at?.line;
    this.column = at?.column;
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastBreak = before.lastIndexOf("\n");
  return { line: before.split("\n").length, column: offset - lastBreak };
}
