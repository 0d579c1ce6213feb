/**
 * Pulumi loads a dynamic provider as code that `require`s this package, so one process may hold two copies of it.
 * The checks must recognise an error thrown by the other copy: `instanceof` (through the static
 * `Symbol.hasInstance`), `isJwkError`, `hasCode`, `isHttpError` and the checks built on them.
 */
import { describe, expect, test, vi } from "vitest";
import {
  hasCode,
  httpErrorIn,
  isClientNotFound,
  isHttpError,
  isJwkError,
  isTargetGone,
  JwkError,
  JwkInputError,
  JwksFetchError,
  JwksHttpError,
  JwksInvalidError,
  JwksTargetError,
  JwksTargetGoneError,
} from "../../provider/errors";
import { outcomeUnknown } from "../../provider/targets/apply-report";

/** A second, separately evaluated copy of the errors module (as a second installed copy of the package would be). */
async function otherCopy(): Promise<typeof import("../../provider/errors")> {
  vi.resetModules();
  return import("../../provider/errors/index.js");
}

describe("errors of another loaded copy of the package", () => {
  test("the other copy is really another copy: its classes are other objects", async () => {
    const other = await otherCopy();
    expect(other.JwkError).not.toBe(JwkError);
    expect(other.JwksHttpError).not.toBe(JwksHttpError);
    // Without the brand, a plain prototype check says no: what instanceof would say without Symbol.hasInstance.
    const e = new other.JwksHttpError({ target: "t", operation: "list keys", status: 404, detail: "gone" });
    expect(Object.prototype.isPrototypeOf.call(JwksHttpError.prototype, e)).toBe(false);
  });

  test("isJwkError, instanceof and hasCode recognise the other copy's error, and read its fields", async () => {
    const other = await otherCopy();
    const e: unknown = new other.JwksHttpError({
      target: "t",
      operation: "list keys",
      status: 404,
      vendorCode: "E0000007",
      detail: "gone",
    });
    expect(isJwkError(e)).toBe(true);
    expect(e instanceof JwkError).toBe(true);
    expect(e instanceof JwksHttpError).toBe(true);
    expect(e instanceof JwksFetchError).toBe(false);
    expect(e instanceof JwksTargetError).toBe(false);
    expect(isHttpError(e)).toBe(true);
    expect(hasCode(e, JwksHttpError) && e.status === 404 && e.vendorCode === "E0000007" && e.detail === "gone").toBe(true);
  });

  test("subclasses: the other copy's JwksInvalidError is a JwkInputError here too, and not the reverse", async () => {
    const other = await otherCopy();
    const invalid = new other.JwksInvalidError([{ property: "keys[0]", reason: "no kid" }]);
    const input = new other.JwkInputError([{ property: "alg", reason: "unknown" }]);
    expect(invalid instanceof JwksInvalidError && invalid instanceof JwkInputError && invalid instanceof JwkError).toBe(true);
    expect(input instanceof JwkInputError).toBe(true);
    expect(input instanceof JwksInvalidError).toBe(false);
    expect(hasCode(invalid, JwkInputError) && invalid.failures).toEqual([{ property: "keys[0]", reason: "no kid" }]);
  });

  test("the checks built on it: gone target, missing client, HTTP error behind a wrapper, unclear outcome", async () => {
    const other = await otherCopy();
    const http = new other.JwksHttpError({ target: "t", operation: "remove key k1", status: 500, detail: "boom", unclear: true });
    const wrapped = new other.JwksTargetError("t", "remove key k1", "hint", { cause: http });
    expect(isTargetGone(new other.JwksTargetGoneError("t", "HTTP 404"))).toBe(true);
    expect(isTargetGone(new JwksTargetGoneError("t", "HTTP 404"))).toBe(true);
    expect(isClientNotFound(new other.ClientNotFoundError("c", "HTTP 404"))).toBe(true);
    expect(httpErrorIn(wrapped)?.status).toBe(500);
    expect(outcomeUnknown(http)).toBe(true);
  });

  test("look-alikes are not errors of the package: a code alone is not the brand", () => {
    const fake = Object.assign(new Error("t: list keys failed: HTTP 404"), { code: "ERR_JWKS_HTTP", status: 404 });
    expect(isJwkError(fake)).toBe(false);
    expect(isHttpError(fake)).toBe(false);
    expect(fake instanceof JwkError).toBe(false);
    expect(isJwkError(undefined) || isJwkError(null) || isJwkError("ERR_JWKS_HTTP")).toBe(false);
  });

  test("the compiled package: an error from a second require of the built file under another path", async () => {
    const { existsSync, cpSync, mkdtempSync, rmSync } = await import("node:fs");
    const { join, resolve } = await import("node:path");
    const { tmpdir } = await import("node:os");
    const built = resolve(__dirname, "../../dist/provider/errors");
    if (!existsSync(join(built, "index.js"))) return; // the unit suite may run before `tsc`; the vitest copy above still holds
    const dir = mkdtempSync(join(tmpdir(), "pulumi-jwk-errors-"));
    try {
      cpSync(built, dir, { recursive: true });

      const copy = require(join(dir, "index.js")) as typeof import("../../provider/errors");
      const e = new copy.JwksTargetGoneError("okta https://acme.okta.com app 0oa1", "HTTP 404 E0000007");
      expect(copy.JwkError).not.toBe(JwkError);
      expect(e instanceof JwkError && e instanceof JwksTargetGoneError && isTargetGone(e)).toBe(true);
      expect(e.code).toBe("ERR_JWKS_TARGET_GONE");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
