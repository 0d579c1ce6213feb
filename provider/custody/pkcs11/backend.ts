/**
 * The `pkcs11:` custody backend (RFC 7512 URIs, uri.ts): key pairs generated on a PKCS#11 token (an HSM, a
 * smart card, SoftHSM), the private half sensitive and not extractable, signing done by the token.
 *
 * - create: a private key with the URI's label (and id) is adopted when the token has one (a retried create,
 *   a key made by hand); otherwise the pair is generated. Two objects with the label are refused (name the one
 *   with `id=`), as is a key of another type or curve than `alg` needs.
 * - describe: the public key object's EC point or modulus and exponent, as a public JWK; `state` is `disabled`
 *   when the private half may not sign (CKA_SIGN false).
 * - destroy: PKCS#11 has no delayed deletion, and C_DestroyObject is immediate and final, so this backend offers
 *   no `DelayedDeletion`: the key is kept on the token (the Jwk's destroy says so); delete it with the token's
 *   own tools when you mean to.
 * - rotation: refused (`RotationRefusal`). A token object has no versions, and a new key on the token needs a new
 *   label, which is a new URI: a replace, not an update in place. Generating a second object under the same label
 *   would leave the URI naming two keys (refused above), and C_DestroyObject on the old one is immediate.
 *
 * The addon is the optional dependency `pkcs11js`, loaded on first use (session.ts).
 */
import { JwkInputError } from "../../errors";
import { Pkcs11Error } from "../../errors";
import type { CustodyBackend, CustodyContext, CustodyKey, CustodyRequest, KeyCreator, KeySigner, RotationRefusal } from "../types";
import { findObjects, generateKeyPair, mismatch, privateKeyFacts, publicJwkOf, signWith } from "./objects";
import { reasonOf, withSession, type Pkcs11Session } from "./session";
import {
  PKCS11_SCHEME,
  parsePkcs11Uri,
  pkcs11Algorithm,
  pkcs11RequestFailures,
  referenceId,
  type Pkcs11Address,
  type Pkcs11Algorithm,
} from "./uri";

function checked(request: CustodyRequest): { address: Pkcs11Address; spec: Pkcs11Algorithm } {
  const failures = pkcs11RequestFailures(request.uri, request.alg, request.modulusLength, "keyUri");
  const address = parsePkcs11Uri(request.uri, "keyUri");
  const spec = pkcs11Algorithm(request.alg);
  if (failures.length > 0 || Array.isArray(address) || !spec) throw new JwkInputError(failures);
  return { address, spec };
}

/** Runs a PKCS#11 step, turning the module's error into a Pkcs11Error naming the key and the step. */
function step<T>(address: Pkcs11Address, operation: string, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof Pkcs11Error || e instanceof JwkInputError) throw e;
    throw new Pkcs11Error(referenceId(address, address.id), operation, reasonOf(e), { cause: e });
  }
}

/** The one private key object the URI names, or undefined; two are refused. */
function privateKey(s: Pkcs11Session, address: Pkcs11Address): Buffer | undefined {
  const found = step(address, "C_FindObjects", () => findObjects(s, "private", address.object, address.id));
  if (found.length > 1)
    throw new Pkcs11Error(
      referenceId(address, address.id),
      "find the key",
      `the token holds ${found.length} private keys labelled "${address.object}": name one with id=%xx in the URI`,
    );
  return found[0];
}

/** The key the URI names, read in an open session, or undefined when the token has no such private key. */
function read(
  s: Pkcs11Session,
  address: Pkcs11Address,
  alg: string,
  spec: Pkcs11Algorithm,
  context: CustodyContext,
): CustodyKey | undefined {
  const key = privateKey(s, address);
  if (!key) return undefined;
  const facts = step(address, "C_GetAttributeValue", () => privateKeyFacts(s, key));
  const name = referenceId(address, facts.id);
  const publics = step(address, "C_FindObjects", () =>
    findObjects(s, "public", address.object, facts.id.length > 0 ? facts.id : undefined),
  );
  if (publics.length !== 1 || !publics[0])
    throw new Pkcs11Error(
      name,
      "find the public key",
      `${publics.length} public key objects with this label and id (expected one, to read the public half from)`,
    );
  const publicObject = publics[0];
  const jwk = step(address, "C_GetAttributeValue", () => publicJwkOf(s, publicObject));
  if (typeof jwk === "string") throw new Pkcs11Error(name, "read the public key", jwk);
  const wrong = mismatch(jwk, alg, spec);
  if (wrong) throw new JwkInputError([{ property: "keyUri", reason: `${name}: ${wrong}: name another key, or change alg` }]);
  if (facts.exportable) context.log?.(`${PKCS11_SCHEME}: ${name} is extractable or not sensitive: its private half can leave the token`);
  return { publicJwk: { ...jwk, alg }, reference: { backend: PKCS11_SCHEME, id: name }, state: facts.canSign ? "enabled" : "disabled" };
}

async function describe(request: CustodyRequest, context: CustodyContext): Promise<CustodyKey | undefined> {
  const { address, spec } = checked(request);
  return withSession(address, false, (s) => read(s, address, request.alg, spec, context));
}

async function create(request: CustodyRequest, context: CustodyContext): Promise<CustodyKey> {
  const { address, spec } = checked(request);
  return withSession(address, true, (s) => {
    const existing = read(s, address, request.alg, spec, context);
    if (existing) {
      context.log?.(`${PKCS11_SCHEME}: adopting ${existing.reference.id}`);
      return existing;
    }
    const id = step(address, "C_GenerateKeyPair", () =>
      generateKeyPair(s, spec, address.object, address.id, request.modulusLength ?? 2048),
    );
    const made = read(s, { ...address, id }, request.alg, spec, context);
    if (!made) throw new Pkcs11Error(referenceId(address, id), "C_GenerateKeyPair", "the key pair just generated is not found");
    context.log?.(`${PKCS11_SCHEME}: generated ${made.reference.id} (sensitive, not extractable)`);
    return made;
  });
}

async function sign(request: CustodyRequest, data: Uint8Array, _context: CustodyContext): Promise<Uint8Array> {
  const { address, spec } = checked(request);
  return withSession(address, false, (s) => {
    const key = privateKey(s, address);
    if (!key) throw new Pkcs11Error(referenceId(address, address.id), "find the key", "the token holds no private key with this label");
    return step(address, "C_Sign", () => signWith(s, key, request.alg, spec, data));
  });
}

/** The PKCS#11 custody backend (scheme `pkcs11`). */
export const pkcs11Backend: CustodyBackend & KeyCreator & KeySigner & RotationRefusal = {
  scheme: PKCS11_SCHEME,
  requestFailures: (request, path) => pkcs11RequestFailures(request.uri, request.alg, request.modulusLength, path),
  rotationRefusal: () =>
    "cannot rotate a pkcs11 key in place: a token object has no versions, and a new key needs a new label. Rotate by " +
    "naming a new object in keyUri (e.g. object=jwk-signing-2: a changed keyUri replaces the Jwk, the new key created " +
    "and published before the old one is let go, which stays on the token), or use a KeyRotation with keyUriTemplate " +
    "(object=jwk-signing-{generation}: a key per generation)",
  describe,
  create,
  sign,
};
