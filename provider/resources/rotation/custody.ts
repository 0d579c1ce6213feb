/**
 * A `KeyRotation` whose keys live in a custody backend (issue 19): `keyUriTemplate` is a key URI with a
 * `{generation}` placeholder (`vault-transit:name=signing-{generation}?address=...`), and each key the rotation
 * publishes is created inside the backend under the URI of the next generation (1, 2, 3, ...). A separate key per
 * generation, not a new version of one key: the next key must be published before it signs, and a URI naming
 * one key signs with its latest version. State holds public JWKs and references only (`custodyKeys`, by kid).
 *
 * A generation's URI is fixed before its key is made, so a retried up adopts the key the first attempt made
 * (create-or-adopt in every backend) instead of making a second. A key leaving the rotation (retired, or every
 * key on destroy) is released as a destroyed `Jwk` in custody is: the backend's delayed or opt-in deletion where
 * there is one, else it is kept (releaseCustodyKey, with the same messages).
 */
import type { InputFailure } from "../../errors";
import type { CustodyContext, KeyReference } from "../../custody/types";
import { canCreate } from "../../custody/types";
import { carriesSecret } from "../../custody/uri";
import type { PublicJwk } from "../../core/keys/material";
import { custodyBackend, custodyFailures } from "../../registry/custody";
import { UNKNOWN } from "../../pulumi/values";
import { createCustodyJwk, releaseCustodyKey } from "../jwk/custody";

/** The placeholder a `keyUriTemplate` must hold, replaced by the generation number of each key. */
export const GENERATION = "{generation}";

/** Where one key of the rotation lives: its URI (the template filled in), the backend's reference, its generation. */
export interface CustodyKeyRecord {
  keyUri: string;
  keyReference: KeyReference;
  generation: number;
}

/** The URI of generation `n`. */
export const keyUriOf = (template: string, n: number): string => template.split(GENERATION).join(String(n));

/** What is wrong with `keyUriTemplate` (nothing when absent or not known yet). */
export function keyUriTemplateFailures(template: unknown, alg: unknown, crv: unknown, modulusLength: unknown): InputFailure[] {
  if (template === undefined || template === null || template === UNKNOWN || alg === UNKNOWN) return [];
  if (typeof template !== "string") return [{ property: "keyUriTemplate", reason: "must be a key URI string" }];
  if (!template.includes(GENERATION))
    return [
      {
        property: "keyUriTemplate",
        reason: `must hold ${GENERATION} where each key's number goes (e.g. name=signing-${GENERATION} in the key URI): every key of a rotation is another key`,
      },
    ];
  const request = {
    uri: keyUriOf(template, 1),
    alg: alg as string,
    crv: typeof crv === "string" ? crv : undefined,
    modulusLength: typeof modulusLength === "number" ? modulusLength : undefined,
  };
  const failures = custodyFailures(request, "keyUriTemplate");
  if (failures.length === 0 && !canCreate(custodyBackend(request.uri)))
    failures.push({ property: "keyUriTemplate", reason: `the ${custodyBackend(request.uri).scheme} backend cannot create keys` });
  // The engine prints the value of a named property: a template holding a pasted secret is named in the reason.
  return carriesSecret(template)
    ? failures.map((f) => (f.property === "keyUriTemplate" ? { property: "", reason: `keyUriTemplate: ${f.reason}` } : f))
    : failures;
}

/** Creates (or adopts, after a retry) generation `n`'s key in its backend: its public JWK for the sets, and its record. */
export async function mintCustodyKey(
  template: string,
  n: number,
  inputs: { alg: string; crv?: string | undefined; modulusLength?: number | undefined },
  context: CustodyContext,
): Promise<{ publicJwk: PublicJwk; record: CustodyKeyRecord }> {
  const keyUri = keyUriOf(template, n);
  const outs = await createCustodyJwk({ ...inputs, keyUri }, "sig", context);
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- createCustodyJwk always sets it
  return { publicJwk: outs.publicJwk, record: { keyUri, keyReference: outs.keyReference!, generation: n } };
}

/** What releasing keys said: one line per key, failures apart (they are warnings). */
export interface Released {
  info: string[];
  warnings: string[];
}

/**
 * Releases the keys of `kids` (those that left the rotation): each as a destroyed `Jwk` in custody. A failure
 * is reported, not thrown: the key stays where it is (the safe side), and the rotation goes on without it.
 */
export async function releaseCustodyKeys(
  records: Readonly<Record<string, CustodyKeyRecord>>,
  kids: readonly string[],
  algOf: (kid: string) => string,
  context: CustodyContext,
): Promise<Released> {
  const released: Released = { info: [], warnings: [] };
  for (const kid of kids) {
    const record = records[kid];
    if (!record) continue;
    try {
      released.info.push(`key ${JSON.stringify(kid)} left the rotation: ${await releaseCustodyKey(record.keyUri, algOf(kid), context)}`);
    } catch (e) {
      released.warnings.push(
        `key ${JSON.stringify(kid)} left the rotation, but releasing ${record.keyUri} failed (${(e as Error).message}): the key is kept`,
      );
    }
  }
  return released;
}
