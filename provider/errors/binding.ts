/**
 * Failures of a client binding (ClientKeyBinding and the client kinds) that are not bad input or HTTP errors: the
 * client does not exist, declared keys collide with keys the binding does not own, the client's server answered with
 * something that is no client, an import names no client.
 */
import { hasCode, JwkError } from "./base";

/** The client named by the binding's `client` input does not exist on the server. */
export class ClientNotFoundError extends JwkError {
  static override readonly code: string = "ERR_JWKS_CLIENT_NOT_FOUND";
  /** The client's name as the adapter gives it, e.g. `rfc7592 client at https://op.example/reg/abc`. */
  readonly client: string;

  constructor(client: string, detail: string, options?: { cause?: unknown }) {
    super(`${client} does not exist (${detail}); nothing was changed`, options);
    this.name = "ClientNotFoundError";
    this.client = client;
  }
}

/** Whether `e` says the client is gone (from any loaded copy of the package). */
export function isClientNotFound(e: unknown): e is ClientNotFoundError {
  return hasCode(e, ClientNotFoundError);
}

/**
 * Declared keys that would overwrite or duplicate keys on the client that this binding does not own (additive
 * mode): binding them would change someone else's key, so nothing is changed.
 */
export class BindingCollisionError extends JwkError {
  static override readonly code: string = "ERR_JWKS_BINDING_COLLISION";
  readonly kids: string[];

  constructor(client: string, kids: string[]) {
    super(
      `${client}: declared keys ${kids.map((k) => `"${k}"`).join(", ")} collide with keys this binding does not own ` +
        `(same kid with other content, or the same key under another kid); nothing was changed. ` +
        `Remove them on the server or use mode "exclusive".`,
    );
    this.name = "BindingCollisionError";
    this.kids = kids;
  }
}

/** A merge would drop keys this binding does not own (a `jwksUri` replaces inline keys) in additive mode. */
export class ForeignKeysInTheWayError extends JwkError {
  static override readonly code: string = "ERR_JWKS_FOREIGN_KEYS_IN_THE_WAY";
  readonly kids: string[];

  constructor(client: string, kids: string[]) {
    super(
      `${client}: binding a jwksUri would drop keys this binding does not own (${kids.join(", ")}): a client has ` +
        `either jwks or jwks_uri; nothing was changed. Use mode "exclusive" to replace them.`,
    );
    this.name = "ForeignKeysInTheWayError";
    this.kids = kids;
  }
}

/**
 * The client document holds keys this binding does not own that the server would refuse if they were written
 * back as they were read (e.g. private members, which an RFC 7591 server answers with 400). Foreign keys are
 * written back exactly as read or not at all, so nothing was sent.
 */
export class ForeignKeyUnwritableError extends JwkError {
  static override readonly code: string = "ERR_JWKS_FOREIGN_KEY_UNWRITABLE";
  /** The foreign kids, each with why the server would refuse it. */
  readonly refused: { kid: string; reason: string }[];

  constructor(client: string, refused: { kid: string; reason: string }[]) {
    super(
      `${client}: keys this binding does not own could not be written back as they were read, and are never altered: ` +
        `${refused.map((r) => `key "${r.kid}": ${r.reason}`).join("; ")}; nothing was sent. ` +
        `Fix or remove those keys on the server (their owner's job), or use mode "exclusive" to replace them.`,
    );
    this.name = "ForeignKeyUnwritableError";
    this.refused = refused;
  }
}

/** The client's server answered with something that is not a client it can bind (a malformed document). */
export class ClientResponseError extends JwkError {
  static override readonly code: string = "ERR_JWKS_CLIENT_RESPONSE";

  constructor(client: string, operation: string, detail: string) {
    super(`${client}: ${operation}: ${detail}`);
    this.name = "ClientResponseError";
  }
}

/** The client an import names does not exist on the server. */
export class JwkImportNotFoundError extends JwkError {
  static override readonly code: string = "ERR_JWK_IMPORT_NOT_FOUND";

  constructor(what: string) {
    super(`${what} does not exist, so there is nothing to import`);
    this.name = "JwkImportNotFoundError";
  }
}
