/**
 * Errors of the plugin front door, each with a fixed code (callers branch on `code`, see errors.ts).
 */
import { JwkError } from "../errors";

/** The engine asked for a resource type this plugin does not serve. */
export class JwkPluginUnknownTypeError extends JwkError {
  static readonly code = "ERR_JWK_PLUGIN_UNKNOWN_TYPE";
  constructor(type: string, served: readonly string[]) {
    super(JwkPluginUnknownTypeError.code, `unknown resource type ${JSON.stringify(type)}; this plugin serves ${served.join(", ")}`);
    this.name = "JwkPluginUnknownTypeError";
  }
}

/** `pulumi import` of a resource whose state cannot be read from anywhere (a Jwk's private key lives only in state). */
export class JwkNotImportableError extends JwkError {
  static readonly code = "ERR_JWK_NOT_IMPORTABLE";
  constructor(type: string, why: string) {
    super(JwkNotImportableError.code, `${type} cannot be imported: ${why}`);
    this.name = "JwkNotImportableError";
  }
}

/** An import id that names no target; the message says which forms are accepted. */
export class JwksImportIdError extends JwkError {
  static readonly code = "ERR_JWKS_IMPORT_ID";
  constructor(id: string, reason: string) {
    super(JwksImportIdError.code, `import id ${JSON.stringify(id)}: ${reason}`);
    this.name = "JwksImportIdError";
  }
}
