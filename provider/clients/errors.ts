/**
 * Failures of a client binding that are not bad input: the client does not exist, or the declared keys
 * collide with keys someone else bound. Each has a fixed code; callers branch on `code`.
 */
import { JwkError } from "../errors";

/** The client named by the binding's `client` input does not exist on the server. */
export class ClientNotFoundError extends JwkError {
  static readonly code = "ERR_JWKS_CLIENT_NOT_FOUND";
  /** The client's name as the adapter gives it, e.g. `rfc7592 client at https://op.example/reg/abc`. */
  readonly client: string;

  constructor(client: string, detail: string, options?: { cause?: unknown }) {
    super(ClientNotFoundError.code, `${client} does not exist (${detail}); nothing was changed`, options);
    this.name = "ClientNotFoundError";
    this.client = client;
  }
}

/** Whether `e` says the client is gone (by code: a second copy of this module may have thrown it). */
export function isClientNotFound(e: unknown): e is ClientNotFoundError {
  return (e as JwkError | undefined)?.code === ClientNotFoundError.code;
}

/**
 * Declared keys that would overwrite or duplicate keys on the client that this binding does not own (additive
 * mode): binding them would change someone else's key, so nothing is changed.
 */
export class BindingCollisionError extends JwkError {
  static readonly code = "ERR_JWKS_BINDING_COLLISION";
  readonly kids: string[];

  constructor(client: string, kids: string[]) {
    super(
      BindingCollisionError.code,
      `${client}: declared keys ${kids.map((k) => `"${k}"`).join(", ")} collide with keys this binding does not own ` +
        `(same kid with other content, or the same key under another kid); nothing was changed. ` +
        `Remove them on the server or use mode "exclusive".`,
    );
    this.name = "BindingCollisionError";
    this.kids = kids;
  }
}

/** The client's server answered with something that is not a client it can bind (a malformed document). */
export class ClientResponseError extends JwkError {
  static readonly code = "ERR_JWKS_CLIENT_RESPONSE";

  constructor(client: string, operation: string, detail: string) {
    super(ClientResponseError.code, `${client}: ${operation}: ${detail}`);
    this.name = "ClientResponseError";
  }
}
