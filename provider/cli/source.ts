/**
 * Where the CLI reads a JWK Set from: a URL (through the hardened fetcher), a file, or `-` for standard input.
 * Every failure is a {@link JwksSourceError} (exit code 2), whose message names the source and never quotes it.
 */
import { readFile } from "node:fs/promises";
import { hasCode, isJwkError, JwksSourceError } from "../errors";
import { parseJwksEntries } from "../core/jwks/document";
import { fetchJwks } from "../http/fetch-jwks";

/** An error of Node's own with a string code (`ERR_INVALID_URL` from a malformed URL, `EPIPE`): a failure to report, not a bug. */
export function hasNodeCode(e: unknown): e is NodeJS.ErrnoException & { code: string } {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === "string";
}

/** A JWK Set as read: its name for output, and its entries as written. */
export interface ReadSet {
  source: string;
  entries: Record<string, unknown>[];
}

async function readStdin(stdin: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Reads `source`: `https://...` (or `http://` to a loopback host), `-` (standard input) or a file path.
 *
 * @example
 * const { entries } = await readSet("https://idp.example.com/.well-known/jwks.json", { timeoutMs: 5000 })
 */
export async function readSet(source: string, options: { timeoutMs?: number; stdin?: NodeJS.ReadableStream } = {}): Promise<ReadSet> {
  try {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(source)) {
      const fetched = await fetchJwks(source, { timeoutMs: options.timeoutMs });
      return { source: fetched.url, entries: fetched.entries };
    }
    const name = source === "-" ? "(stdin)" : source;
    let text: string;
    try {
      text = source === "-" ? await readStdin(options.stdin ?? process.stdin) : await readFile(source, "utf8");
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : (cause as Error).message;
      throw new JwksSourceError(`${name}: cannot read (${why})`, { cause });
    }
    return { source: name, entries: parseJwksEntries(text, name) };
  } catch (e) {
    if (hasCode(e, JwksSourceError)) throw e;
    if (isJwkError(e) || hasNodeCode(e)) throw new JwksSourceError(e.message, { cause: e });
    throw e;
  }
}
