/**
 * Key custody failures that are no backend's own (issue 19): a secret store already holding another key where a
 * key was to be written. The backends' request failures are their vendor's classes (provider/vendors/<v>/errors.ts).
 */
import { JwkError } from "./base";

/**
 * A secret store holds another key at the URI where a key was to be written (a key moved out of state, or a
 * key generated for a new `Jwk`): it is never overwritten, because something may sign with it.
 */
export class CustodyKeyConflictError extends JwkError {
  static override readonly code: string = "ERR_JWKS_CUSTODY_KEY_CONFLICT";

  constructor(where: string, held: string, wanted: string) {
    super(
      `${where} already holds another key (thumbprint ${held}) than the one to write (thumbprint ${wanted}); it is not ` +
        "overwritten: name another secret in keyUri, or remove that secret first if nothing uses its key",
    );
    this.name = "CustodyKeyConflictError";
  }
}
