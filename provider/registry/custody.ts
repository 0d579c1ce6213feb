/**
 * Chooses a key custody backend by the scheme of a key URI (issue 19); an unknown scheme is an explicit error
 * naming the known ones. One line per backend in BACKENDS.
 */
import { JwkInputError, type InputFailure } from "../errors";
import type { CustodyBackend, CustodyRequest } from "../custody/types";
import { parseKeyUri } from "../custody/uri";
import { vaultTransitBackend } from "../vendors/vault/custody";

const BACKENDS: Readonly<Record<string, CustodyBackend>> = {
  [vaultTransitBackend.scheme]: vaultTransitBackend,
};

/** Key URI schemes this package has a custody backend for. */
export const CUSTODY_SCHEMES = Object.keys(BACKENDS);

function unknownScheme(uri: unknown): string | undefined {
  if (typeof uri !== "string") return "must be a key URI string";
  const parsed = parseKeyUri(uri);
  if ("reason" in parsed) return parsed.reason;
  if (!(parsed.scheme in BACKENDS))
    return `unknown key URI scheme "${parsed.scheme}:"; this package knows ${CUSTODY_SCHEMES.map((s) => `${s}:`).join(", ")}`;
  return undefined;
}

/** Everything wrong with a custody request before anything is sent: the URI (at `path`) and what the backend can hold. */
export function custodyFailures(request: CustodyRequest, path: string): InputFailure[] {
  const reason = unknownScheme(request.uri);
  if (reason) return [{ property: path, reason }];
  return custodyBackend(request.uri).requestFailures(request, path);
}

/**
 * The backend serving a key URI's scheme.
 *
 * @example
 * custodyBackend("vault-transit:name=jwk-signing?address=http://127.0.0.1:8200").scheme // "vault-transit"
 */
export function custodyBackend(uri: string): CustodyBackend {
  const reason = unknownScheme(uri);
  if (reason) throw new JwkInputError([{ property: "keyUri", reason }]);
  const parsed = parseKeyUri(uri) as { scheme: string };
  return BACKENDS[parsed.scheme];
}
