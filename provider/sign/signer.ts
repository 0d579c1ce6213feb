/**
 * Where the signature comes from: a key in custody, named by its key URI (the backend its scheme chooses signs
 * where the key lives: provider/registry/custody.ts and the `KeySigner` capability), or a private JWK the
 * application holds. Written against the custody contract only, so every backend that can sign works here.
 */
import { JwkInputError } from "../errors";
import { canSign, type CustodyContext } from "../custody/types";
import { custodyBackend, custodyFailures } from "../registry/custody";
import { localSigner } from "./local-key";

/** The key that signs: exactly one of a custody key URI and a private JWK. */
export type SigningKey =
  | {
      /** A custody key URI, e.g. `vault-transit:name=app?address=https://vault.example:8200`. */
      keyUri: string;
      privateJwk?: undefined;
    }
  | {
      /** A private JWK (with `d`), e.g. read from a secret store by the application. */
      privateJwk: object;
      keyUri?: undefined;
    };

/** Signs the JWS signing input; JOSE signature bytes (ECDSA r||s). */
export type SignFunction = (data: Uint8Array) => Promise<Uint8Array>;

/** Custody keys, checked and resolved: backend failures (bad URI, alg it cannot hold) before anything is sent. */
function custodySigner(keyUri: string, alg: string, context: CustodyContext): SignFunction {
  const request = { uri: keyUri, alg };
  const failures = custodyFailures(request, "keyUri");
  if (failures.length > 0) throw new JwkInputError(failures);
  const backend = custodyBackend(keyUri);
  if (!canSign(backend))
    throw new JwkInputError([{ property: "keyUri", reason: `the ${backend.scheme} custody backend cannot sign where the key lives` }]);
  return (data) => backend.sign(request, data, context);
}

/**
 * The signing function for a key and an algorithm; an input error (naming `keyUri`, `privateJwk` or `alg`) when
 * the choice is not exactly one key, or the key cannot serve `alg`.
 */
export function signerFor(key: SigningKey, alg: unknown, context: CustodyContext = {}): SignFunction {
  if (typeof alg !== "string" || alg === "")
    throw new JwkInputError([{ property: "alg", reason: "must be a JWA algorithm name, e.g. ES256" }]);
  if (alg === "none") throw new JwkInputError([{ property: "alg", reason: '"none" is not a signature' }]);
  const { keyUri, privateJwk } = key as { keyUri?: unknown; privateJwk?: unknown };
  if ((keyUri === undefined) === (privateJwk === undefined))
    throw new JwkInputError([{ property: "keyUri", reason: "give exactly one of keyUri (a key in custody) and privateJwk" }]);
  if (keyUri !== undefined) {
    if (typeof keyUri !== "string") throw new JwkInputError([{ property: "keyUri", reason: "must be a key URI string" }]);
    return custodySigner(keyUri, alg, context);
  }
  const sign = localSigner(privateJwk, alg);
  return async (data) => sign(data);
}
