/**
 * Every error class lives in provider/errors/ (a vendor's own classes in provider/vendors/<vendor>/errors.ts, on
 * the same base), declares its own `static code`, and its instances report it; codes
 * are unique per class, follow the prefix scheme, and each has its row in docs/errors.md (so the table cannot go
 * stale). No error class is declared anywhere else in provider/.

 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import * as genericErrors from "../../provider/errors";
import * as pingOneErrors from "../../provider/vendors/pingone/errors";
import * as reachFiveErrors from "../../provider/vendors/reachfive/errors";
import * as awsErrors from "../../provider/vendors/aws/errors";
import { JwkError } from "../../provider/errors";

const ROOT = resolve(__dirname, "../..");
/** The generic classes and every vendor folder's own, as one catalogue. */
const errors = { ...genericErrors, ...pingOneErrors, ...reachFiveErrors, ...awsErrors };
const DOC = readFileSync(join(ROOT, "docs/errors.md"), "utf8");

type ErrorClass = (abstract new (...args: never[]) => JwkError) & { code: string };

/** One instance of every class, built as the package builds it. */
const SAMPLES: Record<string, () => JwkError> = {
  JwkError: () => new errors.JwkError("boom"),
  JwkInputError: () => new errors.JwkInputError([{ property: "alg", reason: "unknown" }]),
  JwksInvalidError: () => new errors.JwksInvalidError([{ property: "keys[0]", reason: "no kid" }]),
  JwksImportUnpublishableError: () => new errors.JwksImportUnpublishableError([{ property: "keys[0]", reason: "private" }]),
  JwkKeyMaterialError: () => new errors.JwkKeyMaterialError("malformed PEM"),
  JsonSyntaxError: () => new errors.JsonSyntaxError("{x", 1),
  JwksHttpError: () => new errors.JwksHttpError({ target: "t", operation: "list keys", status: 400, detail: "no" }),
  JwksFetchError: () => new errors.JwksFetchError("https://x", "status", "HTTP 404", { status: 404 }),
  JwksInsecureTransportError: () => new errors.JwksInsecureTransportError("t: refused"),
  JwksTargetError: () => new errors.JwksTargetError("t", "write", "EACCES"),
  JwksTargetGoneError: () => new errors.JwksTargetGoneError("t", "HTTP 404"),
  JwksLockError: () => new errors.JwksLockError("t", "held"),
  JwksWithdrawIncompleteError: () => new errors.JwksWithdrawIncompleteError("t", [], [{ step: "remove key a", reason: "no" }], []),
  JwksNotServedError: () => new errors.JwksNotServedError("t", 1000, "not served"),
  JwksUnparsableError: () => new errors.JwksUnparsableError("t", "line 1", "publish"),
  JwksUnrecordedShareError: () => new errors.JwksUnrecordedShareError("t", ["k"], "update"),
  ClientNotFoundError: () => new errors.ClientNotFoundError("c", "HTTP 404"),
  BindingCollisionError: () => new errors.BindingCollisionError("c", ["a"]),
  ForeignKeysInTheWayError: () => new errors.ForeignKeysInTheWayError("c", ["a"]),
  ForeignKeyUnwritableError: () => new errors.ForeignKeyUnwritableError("c", [{ kid: "a", reason: "private members" }]),
  ClientResponseError: () => new errors.ClientResponseError("c", "read", "not JSON"),
  JwkImportNotFoundError: () => new errors.JwkImportNotFoundError("c"),
  TokenRotationUnclearError: () => new errors.TokenRotationUnclearError("c", "REGISTRATION_ACCESS_TOKEN", "no response"),
  ClientAccessRefusedError: () => new errors.ClientAccessRefusedError({ client: "c", during: "destroy", status: 401, variables: ["V"] }),
  RotationRetireWindowError: () => new errors.RotationRetireWindowError("k1", 1000, "too early"),
  RotationInvariantError: () => new errors.RotationInvariantError("no signing key"),
  RotationClockError: () => new errors.RotationClockError("PULUMI_JWK_NOW", "soon"),
  PingOneResponseError: () => new errors.PingOneResponseError("t", "read", "no id"),
  PingOneKeyOrderError: () => new errors.PingOneKeyOrderError("t", "one key"),
  PingOneBindingError: () => new errors.PingOneBindingError("refused"),
  PolicyCreateIncompleteError: () => new errors.PolicyCreateIncompleteError("created, not read", new Error("x")),
  PolicyCreateUnclearError: () => new errors.PolicyCreateUnclearError("unclear", new Error("x")),
  ReachFiveResponseError: () => new errors.ReachFiveResponseError("t", "read", "no id"),
  ReachFiveHs256ClientError: () => new errors.ReachFiveHs256ClientError("t", "c"),
  ReachFiveNotSettledError: () => new errors.ReachFiveNotSettledError("t", "not listed"),
  ReachFiveClientUnclearError: () => new errors.ReachFiveClientUnclearError("t", "c", "why"),
  ReachFiveRevokeInUseError: () => new errors.ReachFiveRevokeInUseError("c", "k1"),
  ReachFivePartlyAppliedError: () => new errors.ReachFivePartlyAppliedError("c", ["rotate"], "revoke k0", new Error("x")),
  AwsKmsError: () => new errors.AwsKmsError("alias/k", "Sign", "AccessDeniedException"),
  AwsKmsCreateUnclearError: () => new errors.AwsKmsCreateUnclearError("alias/k", { cause: new Error("x") }),
  Pkcs11Error: () => new errors.Pkcs11Error("token=t;object=o", "C_Sign", "CKR_KEY_HANDLE_INVALID"),
  Pkcs11AddonMissingError: () => new errors.Pkcs11AddonMissingError("is not installed"),
  AwsSecretsManagerError: () => new errors.AwsSecretsManagerError("jwk/signing", "GetSecretValue", "AccessDeniedException"),
  CustodyKeyConflictError: () => new errors.CustodyKeyConflictError("vault-kv secret/data/jwk", "t1", "t2"),
  UsageError: () => new errors.UsageError("bad"),
  JwksSourceError: () => new errors.JwksSourceError("bad"),
  JwkPluginUnknownTypeError: () => new errors.JwkPluginUnknownTypeError("x", ["a"]),
  JwkNotImportableError: () => new errors.JwkNotImportableError("Jwk", "state only"),
  JwksImportIdError: () => new errors.JwksImportIdError("x", "no target"),
};

/** Every class the errors place exports: JwkError and everything that extends it. */
const CLASSES: [string, ErrorClass][] = (Object.entries(errors) as [string, unknown][]).filter(
  (entry): entry is [string, ErrorClass] =>
    typeof entry[1] === "function" && (entry[1] === JwkError || Object.prototype.isPrototypeOf.call(JwkError, entry[1])),
);

/** `ERR_JWK_` for one key, key material, resource input and the package's machinery; `ERR_JWKS_` for sets and what holds them. */
const PREFIX = /^ERR_JWKS?_[A-Z0-9]+(_[A-Z0-9]+)*$/;
/** Vendor-specific failures name the vendor after the prefix. */
const VENDOR_CLASSES = /^(PingOne|Policy|ReachFive|AwsKms|AwsSecretsManager)/;
const VENDOR_CODE = /^ERR_JWKS_(PINGONE|REACHFIVE|AWSKMS|AWSSM)_/;

describe("error codes", () => {
  test("the errors place exports every class, and every class has a sample here", () => {
    expect(CLASSES.map(([name]) => name).sort()).toEqual(Object.keys(SAMPLES).sort());
    expect(CLASSES.length).toBeGreaterThanOrEqual(38);
  });

  test.each(CLASSES)("%s declares its own static code, and its instances report it", (name, cls) => {
    expect(Object.hasOwn(cls, "code")).toBe(true);
    expect(typeof cls.code).toBe("string");
    const e = SAMPLES[name]!();
    expect(e.code).toBe(cls.code);
    expect(e).toBeInstanceOf(cls);
    expect(errors.isJwkError(e)).toBe(true);
  });

  test("codes are unique per class", () => {
    const byCode = new Map<string, string[]>();
    for (const [name, cls] of CLASSES) byCode.set(cls.code, [...(byCode.get(cls.code) ?? []), name]);
    expect([...byCode].filter(([, names]) => names.length > 1)).toEqual([]);
  });

  test.each(CLASSES)("%s follows the prefix scheme", (name, cls) => {
    expect(cls.code).toMatch(PREFIX);
    if (VENDOR_CLASSES.test(name)) expect(cls.code).toMatch(VENDOR_CODE);
  });

  test.each(CLASSES)("%s has its row in docs/errors.md (code and class)", (name, cls) => {
    const row = DOC.split("\n").find((line) => new RegExp(`^\\| \`${cls.code}\` +\\|`).test(line));
    expect(row, `docs/errors.md has no row for ${cls.code}`).toBeDefined();
    expect(row).toContain(`\`${name}\``);
  });

  test("docs/errors.md lists no code that no class has", () => {
    const documented = [...DOC.matchAll(/^\| `(ERR_[A-Z0-9_]+)` +\|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(CLASSES.map(([, cls]) => cls.code).sort());
  });

  test("no error class is declared outside provider/errors/ and the vendors' errors.ts", () => {
    const outside: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) {
          if (path !== join(ROOT, "provider/errors")) walk(path);
        } else if (
          entry.name.endsWith(".ts") &&
          !(entry.name === "errors.ts" && relative(join(ROOT, "provider/vendors"), dir).split("/").length === 1) &&
          /class \w+ extends (\w*Error)\b/.test(readFileSync(path, "utf8"))
        ) {
          outside.push(relative(ROOT, path));
        }
      }
    };
    walk(join(ROOT, "provider"));
    expect(outside).toEqual([]);
  });
});
