/**
 * The one scan of a stack for private key material (issue 19 item 2), shared by every custody engine test: the
 * state as `pulumi stack export` gives it (secrets stay ciphertext) and every file of the stack's file backend
 * folder (checkpoint, history, backups) are searched for
 *   - a private JWK member (d, p, q, dp, dq, qi) as a JSON key, anywhere;
 *   - the raw private bytes, where the test can know them (a secret-store backend: the test reads the key back
 *     from the store), in base64url, base64 and hex;
 *   - any other secret text the test names (a PIN, a Vault token).
 * A non-exportable backend (KMS, transit, an HSM) never lets anyone read the private bytes, the test included: for
 * those only the member names and the named secrets can be searched, which is what such a scan can prove.
 */
import assert from "node:assert/strict";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { storedState } from "./harness";

/** The members of a JWK that are private (RFC 7518 sections 6.2.2 and 6.3.2; OKP's d is the same name). */
export const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi"];

/** A private JWK member written as JSON anywhere in a text (also escaped inside a JSON string). */
const PRIVATE_MEMBER_TEXT = new RegExp(`\\\\?"(${PRIVATE_MEMBERS.join("|")})\\\\?"\\s*:`);

/** Every path in a JSON value where a private JWK member is. */
export function privateMembersIn(value: unknown, at = "$"): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => privateMembersIn(v, `${at}[${i}]`));
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => [
    ...(PRIVATE_MEMBERS.includes(k) ? [`${at}.${k}`] : []),
    ...privateMembersIn(v, `${at}.${k}`),
  ]);
}

/** The private members' values of a private JWK read back from a store (base64url). */
export function privateValuesOf(privateJwk: Record<string, unknown>): string[] {
  const values = PRIVATE_MEMBERS.map((m) => privateJwk[m]).filter((v): v is string => typeof v === "string");
  assert.ok(values.length > 0, "the key read back from the store has private members");
  return values;
}

/** Raw private bytes (given base64url, as in a JWK) in the encodings a leak could take. */
export function rawForms(base64url: string): string[] {
  const bytes = Buffer.from(base64url, "base64url");
  return [base64url, bytes.toString("base64"), bytes.toString("hex")];
}

export async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

export interface PrivateKeyScan {
  /** Base64url private member values (a store's key read back by the test); omitted where none can be known. */
  privateValues?: readonly string[];
  /** Other secret texts that must appear nowhere (a PIN, a token); never printed by a failure. */
  secrets?: readonly string[];
}

/** Which of the forbidden texts `text` holds, described without quoting them. */
function leaksIn(text: string, scan: PrivateKeyScan): string[] {
  const found: string[] = [];
  const member = PRIVATE_MEMBER_TEXT.exec(text);
  if (member) found.push(`private member "${member[1]}"`);
  for (const [i, value] of (scan.privateValues ?? []).entries())
    for (const [form, encoding] of rawForms(value).map((f, j) => [f, ["base64url", "base64", "hex"][j]] as const))
      if (text.includes(form)) found.push(`private value #${i} in ${encoding}`);
  for (const [i, secret] of (scan.secrets ?? []).entries()) if (text.includes(secret)) found.push(`secret #${i}`);
  return found;
}

/**
 * Fails when the stack export or any file of `<dir>/backend` (which must have history files: the scan covers
 * them) holds a private member, one of the private values in any encoding, or one of the secrets.
 */
export async function assertNoPrivateKey(dir: string, scan: PrivateKeyScan = {}): Promise<void> {
  const state = storedState(dir);
  assert.deepEqual(privateMembersIn(state), [], "no private member in the stack export");
  assert.deepEqual(leaksIn(JSON.stringify(state), scan), [], "nothing private in the stack export");
  const files = await filesUnder(join(dir, "backend"));
  assert.ok(
    files.some((f) => f.includes("history")),
    `the backend folder has history files: ${files.join(", ")}`,
  );
  for (const f of files) assert.deepEqual(leaksIn(await readFile(f, "utf8"), scan), [], `nothing private in ${f}`);
}
