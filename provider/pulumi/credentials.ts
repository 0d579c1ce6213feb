/**
 * Every credential value the process read from the environment or received from a server (API tokens,
 * client secrets, passwords, registration access tokens, access tokens from token endpoints), so that no
 * message leaving the process shows one: the readers register each value here (http/auth.ts
 * `credentialFromEnv`, `cachedTokenGrant`; the RFC 7592 client's registration tokens), and every sink (guard.ts
 * for errors and check failures, engine-log.ts, progress.ts, the CLI) passes its text through {@link redact},
 * which replaces any run of a registered value with `[redacted]`.
 *
 * The set lives in this process only: it is held on `globalThis` (so two copies of the package in one process
 * share it) and is never part of any resource's inputs or outputs, so it never reaches state.
 */
import { SECRET_RUN } from "../core/keys/redact";

/** What a credential is replaced with. */
export const REDACTED = "[redacted]";

const KEY = Symbol.for("pulumi-jwk.credentials");
type Holder = { [KEY]?: Set<string> };

function registered(): Set<string> {
  const holder = globalThis as Holder;
  return (holder[KEY] ??= new Set<string>());
}

/**
 * Remembers `value` as a credential no message may show, with the forms a message may quote it in (URL- and
 * JSON-escaped). Values shorter than {@link SECRET_RUN} characters are not kept: that short, they would garble
 * ordinary words in messages (a dev password such as `admin`) and protect little.
 *
 * @example
 * registerCredential(process.env.OKTA_API_TOKEN)
 */
export function registerCredential(value: unknown): void {
  if (typeof value !== "string" || value.length < SECRET_RUN) return;
  const set = registered();
  set.add(value);
  for (const form of [encodeURIComponent(value), JSON.stringify(value).slice(1, -1)]) if (form !== value) set.add(form);
}

/** Marks in `covered` each run of {@link SECRET_RUN} or more characters of `value` in `text` (a quote cut short too). */
function markRuns(text: string, value: string, covered: boolean[]): void {
  for (let i = 0; i + SECRET_RUN <= text.length; i++) {
    if (!value.includes(text.slice(i, i + SECRET_RUN))) continue;
    let j = i + SECRET_RUN;
    while (j < text.length && value.includes(text.slice(i, j + 1))) j++;
    covered.fill(true, i, j);
  }
}

/**
 * `text` with every registered credential (or any run of {@link SECRET_RUN} characters of one) replaced by
 * `[redacted]`: one `[redacted]` for each stretch that quotes credentials.
 *
 * @example
 * redact(`HTTP 401: invalid token ${token}`) // "HTTP 401: invalid token [redacted]"
 */
export function redact(text: string): string {
  const values = registered();
  if (values.size === 0 || text.length < SECRET_RUN) return text;
  const covered: boolean[] = new Array<boolean>(text.length).fill(false);
  for (const value of values) markRuns(text, value, covered);
  let out = "";
  for (let i = 0; i < text.length; i++) {
    if (!covered[i]) out += text[i];
    else if (i === 0 || !covered[i - 1]) out += REDACTED;
  }
  return out;
}
