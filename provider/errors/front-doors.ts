/**
 * Failures of the front doors: the CLI's command line and sources, and the plugin form (an unknown resource type,
 * an import the engine asked for that cannot be served).
 */
import { JwkError } from "./base";

/** A command line that does not parse. */
export class UsageError extends JwkError {
  static override readonly code: string = "ERR_JWKS_USAGE";

  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** A source that could not be read as a JWK Set. */
export class JwksSourceError extends JwkError {
  static override readonly code: string = "ERR_JWKS_SOURCE";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "JwksSourceError";
  }
}

/** The engine asked for a resource type this plugin does not serve. */
export class JwkPluginUnknownTypeError extends JwkError {
  static override readonly code: string = "ERR_JWK_PLUGIN_UNKNOWN_TYPE";

  constructor(type: string, served: readonly string[]) {
    super(`unknown resource type ${JSON.stringify(type)}; this plugin serves ${served.join(", ")}`);
    this.name = "JwkPluginUnknownTypeError";
  }
}

/** `pulumi import` of a resource whose state cannot be read from anywhere (a Jwk's private key lives only in state). */
export class JwkNotImportableError extends JwkError {
  static override readonly code: string = "ERR_JWK_NOT_IMPORTABLE";

  constructor(type: string, why: string) {
    super(`${type} cannot be imported: ${why}`);
    this.name = "JwkNotImportableError";
  }
}

/** An import id that names no target; the message says which forms are accepted. */
export class JwksImportIdError extends JwkError {
  static override readonly code: string = "ERR_JWKS_IMPORT_ID";

  constructor(id: string, reason: string) {
    super(`import id ${JSON.stringify(id)}: ${reason}`);
    this.name = "JwksImportIdError";
  }
}
