/**
 * Only provider/http/send.ts may talk HTTP (CONVENTIONS 11): every other provider module goes through it,
 * so timeouts, retries and credential hygiene cannot be bypassed. Stands in for a lint rule.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, test } from "vitest";

const PROVIDER = join(__dirname, "../../provider");
const HTTP_USE = /\bfetch\s*\(|from\s+"undici"|require\("undici"\)|from\s+"node:https?"|require\("node:https?"\)/;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

test("no provider module but http/send.ts uses fetch, undici or node:http", () => {
  const offenders = sources(PROVIDER)
    .map((f) => relative(PROVIDER, f))
    .filter(
      (f) => f !== join("http", "send.ts") && HTTP_USE.test(readFileSync(join(PROVIDER, f), "utf8").replace(/^import type .*$/gm, "")),
    );
  expect(offenders).toEqual([]);
  expect(HTTP_USE.test(readFileSync(join(PROVIDER, "http", "send.ts"), "utf8"))).toBe(true);
});
