/**
 * The one error base class of the package, and the check that recognises its errors across loaded copies.
 *
 * Every failure is a subclass with a fixed `static code`; an instance's `code` is its class's. Code prefixes:
 * `ERR_JWK_` for one key, key material and resource input, and the package's own machinery (provider, plugin,
 * import of a single resource); `ERR_JWKS_` for key sets and everything that serves or holds them (targets,
 * servers and their HTTP APIs, clients, rotation, the CLI); vendor codes read `ERR_JWKS_<VENDOR>_...`.
 * docs/errors.md lists every code; test/errors/codes.test.ts keeps that table and these rules in step.
 *
 * Pulumi stores a dynamic provider as code that `require`s this package at call time, so one process may hold two
 * copies of it (the program's and the provider's, or two versions). A plain `instanceof` would then say "no" for an
 * error of the other copy. Each instance therefore carries a brand under `Symbol.for("pulumi-jwk.error")` (one
 * symbol per process, shared by every copy) listing the codes of its class chain, and `instanceof` reads that brand,
 * as undici does with `Symbol.for("undici.error.UND_ERR")`.
 *
 * @see https://github.com/nodejs/undici/blob/main/lib/core/errors.js
 * @see https://github.com/panva/jose/blob/main/src/util/errors.ts
 */

/** The brand every error of every copy of this package carries (non-enumerable): the codes of its class chain. */
const kJwkError = Symbol.for("pulumi-jwk.error");

/** What a branded value looks like, whichever copy of the package made it. */
interface Branded {
  readonly code: string;
  readonly [kJwkError]: readonly string[];
}

/** Where an error wraps another one: the cause, as `Error` options take it. */
export interface ErrorOptions {
  cause?: unknown;
}

/**
 * One error base class with a fixed `code` per failure. Branch on `code` (or on the typed fields of a subclass) after
 * {@link isJwkError}, or use `instanceof`: both recognise errors thrown by another loaded copy of this package.
 *
 * @example
 * try { await publish() } catch (e) { if (isJwkError(e) && e.code === "ERR_JWKS_INVALID") report(e) }
 */
export class JwkError extends Error {
  /**
   * The code of an error made from this class directly: an unexpected failure inside the provider (the engine is
   * handed a `JwkError` in place of any error that had no code). Subclasses each declare their own.
   */
  static readonly code: string = "ERR_JWK_PROVIDER";

  /** A stable, machine-readable code such as `ERR_JWK_INVALID_INPUT`: the class's `static code`. */
  readonly code: string;

  /** A failure of a subclass: its code is the subclass's `static code`. */
  constructor(message: string, options?: ErrorOptions);
  /**
   * An error with an explicit code: for re-raising another error's code as a `JwkError` (the provider guard's safe
   * copy) and for callers who build one; the package's own failures use a subclass.
   */
  constructor(code: string, message: string, options?: ErrorOptions);
  constructor(first: string, second?: string | ErrorOptions, third?: ErrorOptions) {
    const explicit = typeof second === "string";
    super(explicit ? second : first, explicit ? third : second);
    this.name = "JwkError";
    const classes = codesOf(new.target);
    this.code = explicit ? first : classes[classes.length - 1];
    Object.defineProperty(this, kJwkError, { value: classes, enumerable: false });
  }

  /**
   * `e instanceof JwkError` (or any subclass) for errors of this copy and of any other loaded copy: true when `e`
   * carries the brand and the brand lists this class's code.
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    return isJwkError(value) && value[kJwkError].includes(this.code);
  }
}

/** The static codes of `cls` and its ancestors up to JwkError, base first. */
function codesOf(cls: abstract new (...args: never[]) => unknown): string[] {
  const codes: string[] = [];
  for (let c: unknown = cls; typeof c === "function" && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    const code = (c as { code?: unknown }).code;
    if (Object.hasOwn(c, "code") && typeof code === "string") codes.unshift(code);
  }
  return codes;
}

/**
 * Whether `e` is an error of this package, from this loaded copy or another one.
 *
 * @example
 * if (isJwkError(e) && e.code === "ERR_JWKS_TARGET_GONE") return undefined
 */
export function isJwkError(e: unknown): e is JwkError & Branded {
  return (
    typeof e === "object" &&
    e !== null &&
    Array.isArray((e as Partial<Branded>)[kJwkError]) &&
    typeof (e as Partial<Branded>).code === "string"
  );
}

/**
 * Whether `e` is an error of this package with the code of `cls` (or of a subclass of it), from any loaded copy: the
 * typed form of `e instanceof cls`, for callers that then read the class's fields.
 *
 * @example
 * if (hasCode(e, JwksHttpError) && e.status === 404) return undefined
 */
export function hasCode<T extends JwkError>(e: unknown, cls: abstract new (...args: never[]) => T): e is T {
  return isJwkError(e) && e[kJwkError].includes((cls as unknown as { code: string }).code);
}
