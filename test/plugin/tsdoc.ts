/**
 * Reads the dynamic front door's declarations with the TypeScript compiler API: the members of an interface
 * (Args, Outputs) and the public outputs of a resource class, each with its optionality and TSDoc text. The
 * schema-parity test holds the plugin's schema against them. Members an interface inherits (a client kind's
 * section, typed in its vendor folder) are resolved with the type checker.
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

let program: ts.Program | undefined;
/** One program over the whole tree (tsconfig.json), made on first use. */
function checked(): ts.Program {
  if (program === undefined) {
    const config = ts.getParsedCommandLineOfConfigFile(
      join(ROOT, "tsconfig.json"),
      { incremental: false },
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        },
      },
    );
    const roots = [
      "resources/jwk/jwk.ts",
      "resources/jwkset/jwkset.ts",
      "resources/binding/client-key-binding.ts",
      "registry/targets.ts",
      "registry/clients.ts",
      "custody/types.ts",
      "vendors/pingone/connection.ts",
      "core/keys/certificate.ts",
      "resources/jwk/certificate.ts",
      "resources/rotation/key-rotation.ts",
      "core/rotation/types.ts",
      "core/rotation/next-step.ts",
      "vendors/pingone/key-rotation-policy/key-rotation-policy.ts",
      "vendors/pingone/key-rotation-policy/logic.ts",
      "vendors/pingone/policy-api.ts",
      "vendors/pingone/policy-jwks.ts",
      "vendors/reachfive/account-key/account-key.ts",
      "vendors/reachfive/account-key/logic.ts",
    ];
    program = ts.createProgram(
      roots.map((r) => join(ROOT, "provider", r)),
      { ...config!.options, noEmit: true, incremental: false },
    );
  }
  return program;
}

/** The members of `interface <name>` in `file`, with those it inherits (`extends`). */
export function interfaceMembers(file: string, name: string): Map<string, Member> {
  const decl = sourceOf(file).statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
  if (!decl) throw new Error(`no interface ${name} in ${file}`);
  const out = new Map<string, Member>();
  for (const m of decl.members) {
    const n = nameOf(m);
    if (n && ts.isPropertySignature(m)) out.set(n, { optional: m.questionToken !== undefined, doc: docOf(m) });
  }
  if (decl.heritageClauses === undefined) return out;
  const p = checked();
  const checker = p.getTypeChecker();
  const source = p.getSourceFile(join(ROOT, file));
  const resolved = source?.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
  if (!resolved) throw new Error(`${file} is not in the checked program`);
  for (const symbol of checker.getPropertiesOfType(checker.getTypeAtLocation(resolved.name))) {
    if (out.has(symbol.name)) continue;
    const member = symbol.declarations?.find(ts.isPropertySignature);
    if (member === undefined) continue;
    out.set(symbol.name, { optional: (symbol.flags & ts.SymbolFlags.Optional) !== 0, doc: docOf(member) });
  }
  return out;
}

/**
 * The public outputs of `class <name>` in `file`: its `declare readonly` properties and its getters, and the
 * members of an interface of the same name in the file (merged into the class).
 */
export function classOutputs(file: string, name: string): Map<string, Member> {
  const decl = sourceOf(file).statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === name);
  if (!decl) throw new Error(`no class ${name} in ${file}`);
  const out = new Map<string, Member>();
  for (const m of decl.members) {
    const n = nameOf(m);
    if (n && (ts.isPropertyDeclaration(m) || ts.isGetAccessorDeclaration(m))) out.set(n, { optional: false, doc: docOf(m) });
  }
  const merged = sourceOf(file).statements.some((s) => ts.isInterfaceDeclaration(s) && s.name.text === name);
  if (merged) for (const [n, m] of interfaceMembers(file, name)) out.set(n, { ...m, optional: false });
  return out;
}

/** A member with its declared type, as the checker prints it (`string`, `number`, `"ssws" | "bearer"`, ...). */
export interface TypedMember extends Member {
  type: string;
}

function typedMembers(checker: ts.TypeChecker, type: ts.Type): Map<string, TypedMember> {
  const out = new Map<string, TypedMember>();
  for (const symbol of checker.getPropertiesOfType(type)) {
    const decl = symbol.declarations?.[0];
    if (decl === undefined) continue;
    const member = checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(symbol, decl));
    out.set(symbol.name, {
      optional: (symbol.flags & ts.SymbolFlags.Optional) !== 0,
      doc: docOf(decl),
      type: checker.typeToString(member, undefined, ts.TypeFormatFlags.NoTruncation),
    });
  }
  return out;
}

function declaredType(file: string, name: string): { checker: ts.TypeChecker; type: ts.Type } {
  const p = checked();
  const checker = p.getTypeChecker();
  const source = p.getSourceFile(join(ROOT, file));
  if (!source) throw new Error(`${file} is not in the checked program`);
  const decl = source.statements.find(
    (s): s is ts.InterfaceDeclaration | ts.TypeAliasDeclaration =>
      (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) && s.name.text === name,
  );
  if (!decl) throw new Error(`no interface or type ${name} in ${file}`);
  return { checker, type: checker.getTypeAtLocation(decl.name) };
}

/** The members of each member of the union `type <name>` in `file`, by its `kind`, `kind` itself left out. */
export function unionMembersByKind(file: string, name: string): Map<string, Map<string, TypedMember>> {
  const { checker, type } = declaredType(file, name);
  const out = new Map<string, Map<string, TypedMember>>();
  for (const member of type.isUnion() ? type.types : [type]) {
    const members = typedMembers(checker, member);
    const kind = members.get("kind");
    if (kind === undefined) throw new Error(`${name}: a member has no kind`);
    members.delete("kind");
    out.set(JSON.parse(kind.type) as string, members);
  }
  return out;
}

/** The members of `interface <name>` (or an object `type`) in `file`, with their types. */
export function typedInterfaceMembers(file: string, name: string): Map<string, TypedMember> {
  const { checker, type } = declaredType(file, name);
  return typedMembers(checker, type);
}

/** The string literals of the union `type <name>` in `file` (e.g. `KeyUse`: sig, enc). */
export function stringUnion(file: string, name: string): string[] {
  const { checker, type } = declaredType(file, name);
  return (type.isUnion() ? type.types : [type]).map((t) => {
    if (!t.isStringLiteral()) throw new Error(`${name}: ${checker.typeToString(t)} is not a string literal`);
    return t.value;
  });
}
