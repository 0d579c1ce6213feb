/**
 * Every TypeScript example in README.md and docs/*.md type-checks against this tree (CONVENTIONS 15, issue 17):
 * each ```ts / ```typescript block is written to its own file under .work/doc-examples/ and compiled with the
 * TypeScript compiler API under tsconfig.json's options, whose `paths` point `pulumi-jwk` at provider/index.ts
 * and `@pulumi/pulumi` at this repository's copy. A block meant as a fragment says so in its info string
 * (```ts no-check); keep those few. A canary with a wrong input type is compiled in the same program, so a
 * broken setup (a path that resolves to `any`, say) fails here instead of passing every example.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { expect, test } from "vitest";

const ROOT = join(__dirname, "../..");
const OUT = join(ROOT, ".work", "doc-examples");

interface Example {
  /** where the block starts, e.g. docs/jwk.md:12 */
  readonly where: string;
  readonly file: string;
  readonly code: string;
}

/** The markdown files whose examples are checked: the README and every page under docs/. */
function pages(): string[] {
  const docs = join(ROOT, "docs");
  const inDocs = readdirSync(docs)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => join(docs, f));
  return [join(ROOT, "README.md"), ...inDocs];
}

/** Fenced blocks whose info string starts with ts or typescript, unless it also says no-check. */
export function extractExamples(markdown: string): { line: number; code: string }[] {
  const found: { line: number; code: string }[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(\S*)(.*)$/.exec(lines[i] ?? "");
    if (!open) continue;
    const fence = open[2] ?? "```";
    const lang = (open[3] ?? "").toLowerCase();
    const rest = open[4] ?? "";
    let end = i + 1;
    while (end < lines.length && !(lines[end] ?? "").trimStart().startsWith(fence)) end++;
    if ((lang === "ts" || lang === "typescript") && !/\bno-check\b/.test(rest)) {
      found.push({ line: i + 1, code: lines.slice(i + 1, end).join("\n") });
    }
    i = end;
  }
  return found;
}

function collect(): Example[] {
  return pages().flatMap((page) => {
    const name = relative(ROOT, page);
    return extractExamples(readFileSync(page, "utf8")).map(({ line, code }) => ({
      where: `${name}:${line}`,
      file: join(OUT, `${name.replace(/[/\\.]/g, "_")}_${line}.ts`),
      // Each block is a module of its own, so two examples may declare the same names.
      code: /^\s*(import|export)\b/m.test(code) ? code : `${code}\nexport {};\n`,
    }));
  });
}

function compilerOptions(): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (!parsed) throw new Error("tsconfig.json could not be read");
  // Examples may declare a value only to show it; everything else is as strict as the code.
  return { ...parsed.options, noEmit: true, incremental: false, noUnusedLocals: false, noUnusedParameters: false };
}

function typeCheck(files: string[]): Map<string, string[]> {
  const program = ts.createProgram(files, compilerOptions());
  const byFile = new Map<string, string[]>(files.map((f) => [f, []]));
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const file = d.file?.fileName;
    const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    const at = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const text = at ? `line ${at.line + 1}: ${message}` : message;
    const key = file !== undefined && byFile.has(file) ? file : "(global)";
    byFile.set(key, [...(byFile.get(key) ?? []), text]);
  }
  return byFile;
}

test("every TypeScript example in README.md and docs/*.md type-checks", () => {
  const examples = collect();
  expect(examples.length).toBeGreaterThan(5);
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  for (const e of examples) writeFileSync(e.file, e.code);
  const canary = join(OUT, "canary.ts");
  writeFileSync(canary, 'import { Jwk } from "pulumi-jwk";\nnew Jwk("canary", { alg: 42 });\n');

  const errors = typeCheck([...examples.map((e) => e.file), canary]);
  expect(errors.get(canary)?.length ?? 0, "the canary must fail to type-check").toBeGreaterThan(0);
  const failures = examples.flatMap((e) => (errors.get(e.file) ?? []).map((m) => `${e.where} (${relative(ROOT, e.file)}) ${m}`));
  expect([...failures, ...(errors.get("(global)") ?? [])]).toEqual([]);
}, 180_000);

test("the README's first fenced block holds the quickstart and test commands, nothing else", () => {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const first = /^```[^\n]*\n([\s\S]*?)^```/m.exec(readme);
  expect(first?.[1]).toBe("bash scripts/quickstart.sh\nbash scripts/test.sh\n");
});

test("fences are recognised with their info string", () => {
  const md = ["```ts", "a", "```", "```ts no-check", "b", "```", "```typescript", "c", "```", "```bash", "d", "```"].join("\n");
  expect(extractExamples(md)).toEqual([
    { line: 1, code: "a" },
    { line: 7, code: "c" },
  ]);
});
