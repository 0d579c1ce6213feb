/**
 * Everything about a vendor lives in its folder (provider/vendors/<vendor>/), and the generic code names none
 * (issue 17): adding a vendor is one new folder plus one line per registry. The vendors are the folders under
 * provider/vendors, so a new one is checked as soon as it exists.
 *
 * - Outside the vendor folders, only the registries (provider/registry), the public exports (provider/index.ts)
 *   and the front doors (provider/plugin, provider/cli) may name a vendor in code; comments are left out of the
 *   check (an example in a comment is no dependency), string literals are not.
 * - A vendor folder imports no other vendor folder.
 * - The core (provider/core) imports nothing from the Pulumi glue, the HTTP layer, the vendors, the target and
 *   client contracts, the resources or the registries, nor @pulumi/pulumi or undici.
 * - Every vendor folder is reached from a registry, and every stored-stub provider name is in the export map.
 *
 * Stands in for lint rules until the linter enforces the import boundaries.
 */
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import ts from "typescript";
import { describe, expect, test } from "vitest";
import { PROVIDER_NAMES } from "../../provider/registry/providers";

const ROOT = join(__dirname, "../..");
const PROVIDER = join(ROOT, "provider");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** Path relative to provider/, with forward slashes. */
const rel = (file: string) => relative(PROVIDER, file).split(sep).join("/");

const VENDORS = readdirSync(join(PROVIDER, "vendors"), { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name);

/** The file's code without its comments, as the TypeScript printer writes it (strings and templates kept). */
export function withoutComments(text: string): string {
  const source = ts.createSourceFile("file.ts", text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  return ts.createPrinter({ removeComments: true }).printFile(source);
}

/** Every module a file imports: import / export ... from, require(), import(); type-only imports included. */
function importsOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, "utf8"), true, true).importedFiles.map((f) => f.fileName);
}

/** A relative specifier resolved to a path under provider/ (without extension), or the package name as given. */
function target(file: string, specifier: string): string {
  return specifier.startsWith(".") ? rel(resolve(dirname(file), specifier)) : specifier;
}

/** Where code may name a vendor: the vendors themselves, the registries, the public exports, the front doors. */
const MAY_NAME_VENDORS = [/^vendors\//, /^registry\//, /^index\.ts$/, /^plugin\//, /^cli\//];

describe("vendor boundary", () => {
  test("there are vendors to check", () => {
    expect(VENDORS.length).toBeGreaterThanOrEqual(6);
  });

  test("the comment stripper keeps code and strings, drops comments", () => {
    const code = withoutComments('// okta\nconst a = "okta"; /* janssen */ const b = `x${a}y // hydra`;\n/** keycloak */ export {};');
    expect(code).toContain('"okta"');
    expect(code).toContain("`x${a}y // hydra`");
    expect(code).not.toMatch(/janssen|keycloak|\/\/ okta/);
  });

  test("no generic module names a vendor in code", () => {
    // Whole words only (a vendor called "aws" is not named by "withdraws"): split identifiers and text into
    // words, camelCase included, and look at each word and each pair of neighbours ("PingOne" is "ping" "one").
    const vendors = new Set(VENDORS.map((v) => v.toLowerCase()));
    const named = {
      test(line: string): boolean {
        const words = line
          .split(/[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])/)
          .filter((w) => w !== "")
          .map((w) => w.toLowerCase());
        return words.some((w, i) => vendors.has(w) || (i > 0 && vendors.has(words[i - 1] + w)));
      },
    };
    const offenders = sources(PROVIDER)
      .filter((f) => !MAY_NAME_VENDORS.some((allowed) => allowed.test(rel(f))))
      .flatMap((f) =>
        withoutComments(readFileSync(f, "utf8"))
          .split("\n")
          .filter((line) => named.test(line))
          .map((line) => `${rel(f)}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });

  test.each(VENDORS)("vendors/%s imports no other vendor folder", (vendor) => {
    const offenders = sources(join(PROVIDER, "vendors", vendor)).flatMap((f) =>
      importsOf(f)
        .map((s) => target(f, s))
        .filter((t) => t.startsWith("vendors/") && !t.startsWith(`vendors/${vendor}/`))
        .map((t) => `${rel(f)} -> ${t}`),
    );
    expect(offenders).toEqual([]);
  });

  test("the core imports no Pulumi, no HTTP, no vendor, no contract, resource or registry", () => {
    const forbidden = [
      /^pulumi\//,
      /^http\//,
      /^vendors\//,
      /^targets\//,
      /^clients\//,
      /^resources\//,
      /^registry\//,
      /^@pulumi\//,
      /^undici$/,
    ];
    const offenders = sources(join(PROVIDER, "core")).flatMap((f) =>
      importsOf(f)
        .map((s) => target(f, s))
        .filter((t) => forbidden.some((r) => r.test(t)))
        .map((t) => `${rel(f)} -> ${t}`),
    );
    expect(offenders).toEqual([]);
  });

  test.each(VENDORS)("vendors/%s is registered: a registry imports it", (vendor) => {
    const registries = sources(join(PROVIDER, "registry")).flatMap((f) => importsOf(f).map((s) => target(f, s)));
    expect(registries.some((t) => t.startsWith(`vendors/${vendor}/`))).toBe(true);
  });

  test("every stored-stub provider name is a package export, and every provider export is a name", () => {
    const exports = Object.keys(JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).exports as Record<string, unknown>)
      .filter((k) => k.startsWith("./providers/"))
      .map((k) => k.slice("./providers/".length));
    expect([...exports].sort()).toEqual([...PROVIDER_NAMES].sort());
  });
});
