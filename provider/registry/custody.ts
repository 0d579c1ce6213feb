/**
 * Chooses a key custody backend by the scheme of a key URI (issue 19); an unknown scheme is an explicit error
 * naming the known ones. One line per backend in BACKENDS.
 */
import { JwkInputError, type InputFailure } from "../errors";
import type { CustodyBackend, CustodyRequest } from "../custody/types";
import { parseKeyUri } from "../custody/uri";
import { pkcs11Backend } from "../custody/pkcs11/backend";
import { awsKmsBackend } from "../vendors/aws/kms";
import { awsSecretsManagerBackend } from "../vendors/aws/secrets-manager";
import { vaultTransitBackend } from "../vendors/vault/custody";
import { vaultKvBackend } from "../vendors/vault/kv";

const BACKENDS: Readonly<Record<string, CustodyBackend>> = {
  [awsKmsBackend.scheme]: awsKmsBackend,
  [vaultTransitBackend.scheme]: vaultTransitBackend,
  [pkcs11Backend.scheme]: pkcs11Backend,
  [awsSecretsManagerBackend.scheme]: awsSecretsManagerBackend,
  [vaultKvBackend.scheme]: vaultKvBackend,
};

/** Key URI schemes this package has a custody backend for. */
export const CUSTODY_SCHEMES = Object.keys(BACKENDS);

/** Every registered backend, e.g. to name those with a capability in a message. */
export const custodyBackends = (): readonly CustodyBackend[] => Object.values(BACKENDS);

/** The scheme of a key URI, lower-case, whatever the rest of it looks like. */
const schemeOf = (uri: string) => /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(uri)?.[1]?.toLowerCase();

function unknownScheme(uri: unknown): string | undefined {
  if (typeof uri !== "string") return "must be a key URI string";
  const scheme = schemeOf(uri);
  if (scheme !== undefined && !(scheme in BACKENDS))
    return `unknown key URI scheme "${scheme}:"; this package knows ${CUSTODY_SCHEMES.map((s) => `${s}:`).join(", ")}`;
  const parsed = parseKeyUri(uri);
  return "reason" in parsed ? parsed.reason : undefined;
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
