/**
 * `ReachFiveAccountKey` logic, without Pulumi: validation, the diff (a new `rotationTrigger` rotates in place, a
 * new `url` is another account), adopting the current pair on create, rotating exactly once on a trigger change,
 * and reading back what the server holds (a rotation done in the console shows as drift). ReachFive generates and
 * keeps the private key; only the public JWK is ever read, from `/jwks.json`.
 */
import { type InputFailure, isHttpError } from "../../../errors";
import { ReachFiveNotSettledError } from "../errors";
import type { ReachFiveApi } from "../api";
import { reachFiveUrlFailures } from "../api";
import type { ReachFiveKey } from "../responses";
import { containsUnknown } from "../../../pulumi/values";

export interface AccountKeyInputs {
  /** The ReachFive account's domain, e.g. https://acme.reach5.net. */
  url: string;
  /** Any value; changing it rotates the account pair on the next up (POST /api/v1/site/keys, once). */
  rotationTrigger?: unknown;
}

export interface AccountKeyOutputs extends AccountKeyInputs {
  kid: string;
  /** The current pair's public JWK as /jwks.json publishes it. */
  publicJwk: ReachFiveKey;
  /** Set by refresh when the pair changed outside this stack; says what happened and what up can and cannot do. */
  drift?: string;
}

/** Every problem with the inputs, by property (unknown values are checked when they are known). */
export function accountKeyInputFailures(inputs: Record<string, unknown>): InputFailure[] {
  const known = ["url", "rotationTrigger"];
  const failures = Object.keys(inputs)
    .filter((k) => !k.startsWith("__") && !known.includes(k))
    .map((k) => ({
      property: k,
      reason: `unknown input; ReachFiveAccountKey takes ${known.join(", ")} (credentials come from environment variables)`,
    }));
  if (!containsUnknown(inputs.url)) failures.push(...reachFiveUrlFailures(inputs.url, "url"));
  return failures;
}

/**
 * What an up does: nothing, rotate in place, or replace (another account). Drift found by refresh is a change
 * too (an update that sends nothing and clears it), so `preview --refresh --expect-no-changes` flags it.
 */
export function diffAccountKey(olds: AccountKeyOutputs, news: AccountKeyInputs): { changes: boolean; replaces: string[] } {
  const replaces = olds.url !== news.url ? ["url"] : [];
  const rotate = JSON.stringify(olds.rotationTrigger ?? null) !== JSON.stringify(news.rotationTrigger ?? null);
  return { changes: replaces.length > 0 || rotate || olds.drift !== undefined, replaces };
}

const triggerChanged = (olds: AccountKeyOutputs, news: AccountKeyInputs) =>
  JSON.stringify(olds.rotationTrigger ?? null) !== JSON.stringify(news.rotationTrigger ?? null);

/** The key /jwks.json publishes under `kid`; a pair that is not published cannot verify a token, so it is an error. */
async function published(api: ReachFiveApi, kid: string, after: string): Promise<ReachFiveKey> {
  const key = (await api.jwks()).find((k) => k.kid === kid);
  if (!key)
    throw new ReachFiveNotSettledError(
      api.name,
      `${after}, the account pair's kid "${kid}" is not listed in /jwks.json; tokens it signs cannot be verified yet. Run up again once /jwks.json lists it`,
    );
  return key;
}

/** Create: adopts the account's current pair (creating the resource never rotates). */
export async function adoptAccountKey(inputs: AccountKeyInputs, api: ReachFiveApi): Promise<AccountKeyOutputs> {
  const current = await api.siteKey();
  return { ...inputs, kid: current.kid, publicJwk: await published(api, current.kid, "read back") };
}

/** Update: rotates once when the trigger changed (one POST /api/v1/site/keys), then reads the new pair back. */
export async function updateAccountKey(olds: AccountKeyOutputs, news: AccountKeyInputs, api: ReachFiveApi): Promise<AccountKeyOutputs> {
  if (!triggerChanged(olds, news)) return { ...news, kid: olds.kid, publicJwk: olds.publicJwk };
  let kid: string;
  try {
    kid = (await api.rotateSiteKey()).kid;
  } catch (e) {
    // A lost answer may hide a rotation that happened: look before failing, so a rerun does not rotate twice.
    if (!(isHttpError(e) && e.unclear)) throw e;
    const now = await api.siteKey();
    if (now.kid === olds.kid) throw e;
    kid = now.kid;
  }
  return { ...news, kid, publicJwk: await published(api, kid, "rotated: POST /api/v1/site/keys succeeded, but") };
}

/**
 * Refresh: the pair the server signs with now. When it is not the one in state, someone rotated it (console or
 * API): state follows the server, and `drift` says so; the rotated-away pair cannot be brought back.
 */
export async function readAccountKey(olds: AccountKeyOutputs, api: ReachFiveApi): Promise<AccountKeyOutputs> {
  const current = await api.siteKey();
  const keys = await api.jwks();
  const publicJwk = keys.find((k) => k.kid === current.kid);
  if (current.kid === olds.kid && publicJwk) return { ...olds, publicJwk };
  const { drift: _old, ...rest } = olds;
  const drift =
    current.kid === olds.kid
      ? `the account pair "${current.kid}" is no longer listed in /jwks.json; tokens it signs cannot be verified. Rotate it (change rotationTrigger) to publish a new pair`
      : `the account pair was rotated outside this stack: "${olds.kid}" -> "${current.kid}". ReachFive keeps no way back to a rotated-away pair, so up cannot restore "${olds.kid}"; the stack now tracks "${current.kid}"` +
        (keys.some((k) => k.kid === olds.kid) ? ` ("${olds.kid}" is still published in /jwks.json for tokens it signed)` : "");
  return { ...rest, kid: current.kid, publicJwk: publicJwk ?? olds.publicJwk, drift };
}
