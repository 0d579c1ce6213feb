/**
 * Key custody failures that are no vendor's own (issue 19): the `pkcs11:` backend's (provider/custody/pkcs11/:
 * PKCS#11 is a standard, not a vendor) and a secret store already holding another key where a key was to be
 * written. Vendor backends' request failures are their vendor's classes (provider/vendors/<v>/errors.ts). The
 * optional native addon missing is its own class, so a user (and a test) can tell "install pkcs11js" from "the
 * token said no".
 */
import { JwkError, type ErrorOptions } from "./base";

/** A PKCS#11 call failed (the module's error, with its CKR_ name, is the `cause`), or the token holds something unusable. */
export class Pkcs11Error extends JwkError {
  static override readonly code: string = "ERR_JWKS_PKCS11_REQUEST";
  /** What was being done, e.g. `C_Sign` or `find the token`. */
  readonly operation: string;

  constructor(key: string, operation: string, reason: string, options?: ErrorOptions) {
    super(`pkcs11 ${key}: ${operation}: ${reason}`, options);
    this.name = "Pkcs11Error";
    this.operation = operation;
  }
}

/**
 * The `pkcs11:` backend needs the native addon `pkcs11js`, an optional dependency (it builds with node-gyp), and
 * it is not installed or does not load.
 */
export class Pkcs11AddonMissingError extends JwkError {
  static override readonly code: string = "ERR_JWKS_PKCS11_ADDON_MISSING";

  constructor(reason: string, options?: ErrorOptions) {
    super(
      `a pkcs11: key URI needs the optional native addon pkcs11js, which ${reason}: install it beside pulumi-jwk ` +
        "(npm install pkcs11js; it builds with node-gyp, so python3, make and a C++ compiler must be present, and " +
        "npm 11 asks to allow its install script: npm install-scripts approve pkcs11js)",
      options,
    );
    this.name = "Pkcs11AddonMissingError";
  }
}

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
