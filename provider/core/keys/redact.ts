/**
 * Finding secret text in messages before they leave the process. Error messages end up in `pulumi preview`
 * output, in the engine's diagnostics and in CI logs, so a message that quotes any run of a secret (a PEM
 * line, part of a JWK's `d`) is withheld whole. Pure functions: no Pulumi, no I/O.
 */

/** Shorter runs are too common to identify a secret (and base64 text that short carries almost no key). */
export const SECRET_RUN = 8;

/** Members that only a private or symmetric JWK has (RFC 7518 sections 6.2.2, 6.3.2, 6.4). */
export const PRIVATE_JWK_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"] as const;

/**
 * The secret texts within `value`, ready for {@link quotesSecret}: every string and number at any depth, PEM
 * armour lines and headers dropped (they are the same in every key) and the rest split into lines, because a
 * message that quotes a PEM quotes its lines.
 *
 * @example
 * secretTexts(pkcs8Pem) // the base64 body lines, not the armour
 */
export function secretTexts(value: unknown, seen = new Set<object>()): string[] {
  if (typeof value === "string")
    return value
      .split(/[\r\n]+|\\n/)
      .map((line) => line.trim())
      .filter((line) => line.length >= SECRET_RUN && !line.startsWith("-----") && !/^[A-Za-z-]+:/.test(line));
  if (typeof value === "number" || typeof value === "bigint") return String(value).length >= SECRET_RUN ? [String(value)] : [];
  if (typeof value !== "object" || value === null || seen.has(value)) return [];
  seen.add(value);
  return Object.values(value).flatMap((v) => secretTexts(v, seen));
}

/**
 * The private members of a JWK-like object (or of each object in an array) as secret texts; public members
 * (`x`, `n`, `kid`...) are not secret and may be named in messages.
 */
export function privateMemberTexts(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(privateMemberTexts);
  if (typeof value !== "object" || value === null) return [];
  const jwk = value as Record<string, unknown>;
  return PRIVATE_JWK_MEMBERS.flatMap((m) => secretTexts(jwk[m]));
}

/** Whether `message` holds {@link SECRET_RUN} or more consecutive characters of one of `secrets`. */
export function quotesSecret(message: string, secrets: readonly string[]): boolean {
  return secrets.some((text) => {
    for (let i = 0; i + SECRET_RUN <= text.length; i++) if (message.includes(text.slice(i, i + SECRET_RUN))) return true;
    return false;
  });
}

/**
 * A copy of node's error that does not quote `input`. node quotes offending values ("Received 'abc...'", or
 * "abc... is not a supported JWK key type"), and a JWK member such as `crv` may hold anything, even `d`. The
 * original is not kept as `cause` because its message has that text.
 */
export function withoutInput(error: unknown, input: unknown): Error {
  const original = error instanceof Error ? error : undefined;
  const code = (original as { code?: unknown } | undefined)?.code;
  let message = original ? original.message.replace(/\.?\s*Received\b[\s\S]*$/, "") : "unknown error";
  if (quotesSecret(message, secretTexts(input))) message = `node:crypto refused it (${typeof code === "string" ? code : "no error code"})`;
  const safe = new Error(message);
  safe.name = original?.name ?? "Error";
  return typeof code === "string" ? Object.assign(safe, { code }) : safe;
}
