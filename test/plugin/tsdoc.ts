/**
 * Reads the dynamic front door's declarations with the TypeScript compiler API: the members of an interface
 * (Args, Outputs) and the public outputs of a resource class, each with its optionality and TSDoc text. The
 * schema-parity test holds the plugin's schema against them.
 */
import { join } from "node:path";
import ts from "typescript";

export interface Member {
  optional: boolean;
  /** The TSDoc text, or undefined when the member has none. */
  doc: string | undefined;
}

const ROOT = join(__dirname, "../..");

function sourceOf(file: string): ts.SourceFile {
  const path = join(ROOT, file);
  return ts.createSourceFile(path, ts.sys.readFile(path)!, ts.ScriptTarget.Latest, true);
}

function docOf(node: ts.Node): string | undefined {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const text = docs
    .map((d) => ts.getTextOfJSDocComment(d.comment) ?? "")
    .join("\n")
    .trim();
  return text.length > 0 ? text : undefined;
}

function nameOf(member: ts.ClassElement | ts.TypeElement): string | undefined {
  return member.name && (ts.isIdentifier(member.name) || ts.isStringLiteral(member.name)) ? member.name.text : undefined;
}

/** The members of `interface <name>` in `file`. */
export function interfaceMembers(file: string, name: string): Map<string, Member> {
  const decl = sourceOf(file).statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
  if (!decl) throw new Error(`no interface ${name} in ${file}`);
  const out = new Map<string, Member>();
  for (const m of decl.members) {
    const n = nameOf(m);
    if (n && ts.isPropertySignature(m)) out.set(n, { optional: m.questionToken !== undefined, doc: docOf(m) });
  }
  return out;
}

/** The public outputs of `class <name>` in `file`: its `declare readonly` properties and its getters. */
export function classOutputs(file: string, name: string): Map<string, Member> {
  const decl = sourceOf(file).statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === name);
  if (!decl) throw new Error(`no class ${name} in ${file}`);
  const out = new Map<string, Member>();
  for (const m of decl.members) {
    const n = nameOf(m);
    if (n && (ts.isPropertyDeclaration(m) || ts.isGetAccessorDeclaration(m))) out.set(n, { optional: false, doc: docOf(m) });
  }
  return out;
}
