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

/**
 * A write that rotates a credential (an RFC 7592 PUT: oidc-provider and Keycloak issue a new registration access
 * token with every one) got no clear answer: the server may have applied it and rotated the token, and the answer
 * that carried the new token is lost. It is never sent again (a repeat with the old token would be refused, and the
 * new one is unknown). The message names the variable to put a new token in; it never holds a token.
 */
export class TokenRotationUnclearError extends JwkError {
  static override readonly code: string = "ERR_JWKS_TOKEN_ROTATION_UNCLEAR";
  readonly client: string;
  /** The environment variable the registration access token is read from. */
  readonly variable: string;

  constructor(client: string, variable: string, what: string, options?: { cause?: unknown }) {
    super(
      `${client}: update the client got no clear answer (${what}). The server may have applied the update and rotated ` +
        `the registration access token: the token in ${variable} (and the one the stack holds) may now be refused, and the ` +
        `new one was never received. The update was not sent again. To recover, ask the server's administrator for a new ` +
        `registration access token for this client, put it in the environment variable ${variable}, and run again (it ` +
        `reads the client first, so an update that was applied is not repeated).`,
      options,
    );
    this.name = "TokenRotationUnclearError";
    this.client = client;
    this.variable = variable;
  }
}

/**
 * The client's server refused the credential (HTTP 401/403) while refreshing or destroying a binding. RFC 7592
 * answers 401 both for an unknown client and for a bad token, so such an answer never removes the binding: the
 * binding stays in the stack and its keys stay on the client. The message names the ways out: a valid credential in
 * the variables the client reference names, or `pulumi state delete` with the binding's URN.
 */
export class ClientAccessRefusedError extends JwkError {
  static override readonly code: string = "ERR_JWKS_CLIENT_ACCESS_REFUSED";
  readonly client: string;
  readonly status: number | undefined;
  /** The environment variables the credential is read from (names only). */
  readonly variables: string[];
  readonly urn: string | undefined;

  constructor(
    init: { client: string; during: "refresh" | "destroy"; status?: number | undefined; variables: string[]; urn?: string | undefined },
    options?: { cause?: unknown },
  ) {
    const status = init.status === undefined ? "refused" : `answered HTTP ${init.status}`;
    const where =
      init.variables.length === 0
        ? "in the environment variables the client reference names"
        : `in ${init.variables.length === 1 ? "the environment variable" : "the environment variables"} ${init.variables.join(", ")}`;
    const urn = init.urn !== undefined ? `'${init.urn}'` : "'<URN>' (`pulumi stack --show-urns` lists it)";
    const kept =
      init.during === "destroy"
        ? "The binding stays in the stack and its keys stay on the client."
        : "The binding stays in the stack as it was.";
    super(
      `${init.client}: ${init.during} ${status}: the credential is not valid for this client (revoked, rotated or wrong), ` +
        `or the client does not exist; the answer does not say which, so nothing was removed. ${kept} Either put a valid ` +
        `credential ${where} and run ${init.during === "destroy" ? "`pulumi destroy`" : "`pulumi refresh`"} again, or ` +
        `abandon the binding (its keys stay on the client, owned by no stack) with \`pulumi state delete ${urn}\`.`,
      options,
    );
    this.name = "ClientAccessRefusedError";
    this.client = init.client;
    this.status = init.status;
    this.variables = init.variables;
    this.urn = init.urn;
  }
}
