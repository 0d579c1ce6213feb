/**
 * Loading the vendor OpenAPI documents for the emulators: finding the file, parsing JSON or YAML, and building the
 * openapi-backend instance (router and Ajv validators) that server.ts validates traffic with.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import addFormats from "ajv-formats";
import { load } from "js-yaml";
import { OpenAPIBackend, type Document, type Operation } from "openapi-backend";

/** An Ajv error as openapi-backend reports it. */
export interface SchemaError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

const loaded = new Map<string, Promise<{ definition: Document; api: OpenAPIBackend }>>();

/**
 * Reads a vendor spec (JSON or YAML) from specs/ and loads it with loadApi. Compiling the validators takes ~200 ms,
 * so the result is shared by every emulator in the process; it holds no request state.
 */
export function loadSpec(file: string | readonly string[], apiRoot = "/"): Promise<{ definition: Document; api: OpenAPIBackend }> {
  const files = typeof file === "string" ? [file] : file;
  const key = `${files.join("+")} ${apiRoot}`;
  let entry = loaded.get(key);
  if (!entry) {
    const definition = files.map(readSpec).reduce(mergeSpecs);
    entry = loadApi(definition, apiRoot).then((api) => ({ definition, api }));
    loaded.set(key, entry);
  }
  return entry;
}

function readSpec(file: string): Document {
  const text = readFileSync(specPath(file), "utf8");
  return (file.endsWith(".json") ? JSON.parse(text) : load(text)) as Document;
}

/**
 * One document from two extracts of the same vendor API (Janssen's JWKS and client endpoints): paths and
 * components side by side, the oauth2 scheme's scopes united. A name both define differently is an error.
 */
function mergeSpecs(a: Document, b: Document): Document {
  const merged = structuredClone(a) as Document & { components: Record<string, Record<string, unknown>> };
  const paths = (merged.paths ??= {});
  for (const [path, item] of Object.entries(b.paths ?? {})) {
    if (paths[path]) throw new Error(`specs both define path ${path}`);
    paths[path] = item;
  }
  for (const [kind, entries] of Object.entries((b.components ?? {}) as Record<string, Record<string, unknown>>)) {
    const into = (merged.components[kind] ??= {});
    for (const [name, value] of Object.entries(entries)) {
      if (into[name] === undefined || JSON.stringify(into[name]) === JSON.stringify(value)) {
        into[name] = value;
      } else if (kind === "securitySchemes" && name === "oauth2") {
        const flows = (s: unknown) => (s as { flows: Record<string, { scopes: Record<string, string> }> }).flows;
        for (const [flow, def] of Object.entries(flows(value)))
          Object.assign(((flows(into[name])[flow] ??= def).scopes ??= {}), def.scopes);
      } else {
        throw new Error(`specs define components.${kind}.${name} differently`);
      }
    }
  }
  return merged;
}

/** Absolute path of a vendor spec: beside this file in the sources, or back in test/ from dist/. */
export function specPath(file: string): string {
  const candidates = [join(__dirname, "specs", file), join(__dirname, "..", "..", "..", "test", "emulators", "specs", file)];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`vendor spec ${file} not found (looked in ${candidates.join(", ")})`);
  return found;
}

/**
 * Loads an OpenAPI document into openapi-backend. Two mechanical adjustments, neither changing the contract:
 * `$ref` siblings are dropped (OAS 3.0 says they are ignored; the Okta document has some, which the meta-schema
 * rejects), and a `+json` request body with no `application/json` entry is also registered under
 * `application/json`, because openapi-backend only validates that media type. The caller keeps the original
 * document for the content-type check (see allowedMediaTypes).
 */
export async function loadApi(definition: Document, apiRoot = "/"): Promise<OpenAPIBackend> {
  const doc = stripRefSiblings(structuredClone(definition)) as Document;
  for (const item of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(item ?? {}) as { requestBody?: { content?: Record<string, unknown> } }[]) {
      const content = op?.requestBody?.content;
      const jsonish = content && !content["application/json"] && Object.keys(content).find((t) => t.endsWith("+json"));
      if (content && jsonish) content["application/json"] = content[jsonish];
    }
  }
  // allErrors: Ajv stops at the first error otherwise, and a tolerated known spec defect would hide the rest.
  // ajv-formats: date-time (PingOne, Janssen clients) and uri (PingOne links) are checked, not ignored with a
  // warning per schema path.
  const api = new OpenAPIBackend({
    definition: doc,
    apiRoot,
    strict: true,
    validate: true,
    ajvOpts: { allErrors: true },
    customizeAjv: (ajv) => addFormats(ajv as never) as never,
  });
  return api.init();
}

function stripRefSiblings(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(stripRefSiblings);
  if (node === null || typeof node !== "object") return node;
  const obj = node as Record<string, unknown>;
  if (typeof obj.$ref === "string") return { $ref: obj.$ref };
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, stripRefSiblings(v)]));
}

/** Media types the original document accepts for an operation's request body (before loadApi's aliasing). */
export function allowedMediaTypes(original: Document, op: Operation): string[] {
  const item = (original.paths?.[op.path] ?? {}) as Record<string, { requestBody?: { content?: object } }>;
  return Object.keys(item[op.method]?.requestBody?.content ?? {});
}

/** Formats Ajv errors as one readable clause each. */
export function formatErrors(errors: readonly SchemaError[]): string[] {
  return errors.map(
    (e) =>
      `${e.instancePath || "/"} ${e.message ?? e.keyword}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ""}`,
  );
}
