/**
 * AWS KMS's own failures as the awskms custody backend reports them: a KMS request that failed (the SDK's error is
 * the `cause`), and a key creation whose outcome is unknown. Each class extends the package's one base
 * (provider/errors/base.ts) and has a fixed code (docs/errors.md lists them).
 */
import { JwkError } from "../../errors/base";

/** A KMS request failed, or KMS answered what a signing key cannot be (another key usage, another curve). */
export class AwsKmsError extends JwkError {
  static override readonly code: string = "ERR_JWKS_AWSKMS_REQUEST";
  /** The KMS operation, e.g. `Sign`. */
  readonly operation: string;

  constructor(key: string, operation: string, reason: string, options?: { cause?: unknown }) {
    super(`awskms ${key}: ${operation}: ${reason}`, options);
    this.name = "AwsKmsError";
    this.operation = operation;
  }
}

/**
 * CreateKey got no clear answer (a network failure, a timeout, a 5xx): KMS may hold a new key without its alias
 * now. It was not sent again (CreateKey has no idempotency token, so a retry could make a second key).
 */
export class AwsKmsCreateUnclearError extends JwkError {
  static override readonly code: string = "ERR_JWKS_AWSKMS_CREATE_UNCLEAR";

  /** `replaces`: the ARN of the key a rotation was replacing (a retried rotation finds the new key by its tag). */
  constructor(alias: string, options?: { cause?: unknown }, replaces?: string) {
    super(
      replaces === undefined
        ? `awskms ${alias}: CreateKey got no clear answer, so KMS may hold a new key without the alias: look for a key tagged ` +
            `pulumi-jwk:alias=${alias} that no alias names, schedule its deletion (or point the alias at it), then run again`
        : `awskms ${alias}: CreateKey got no clear answer while rotating, so KMS may hold a new key tagged ` +
            `pulumi-jwk:replaces=${replaces} without the alias: run again (the rotation adopts that key before creating one)`,
      options,
    );
    this.name = "AwsKmsCreateUnclearError";
  }
}

/** A Secrets Manager request of the awssm custody backend failed (the SDK's error is the `cause`). */
export class AwsSecretsManagerError extends JwkError {
  static override readonly code: string = "ERR_JWKS_AWSSM_REQUEST";
  /** The Secrets Manager operation, e.g. `GetSecretValue`. */
  readonly operation: string;

  constructor(secret: string, operation: string, reason: string, options?: { cause?: unknown }) {
    super(`awssm ${secret}: ${operation}: ${reason}`, options);
    this.name = "AwsSecretsManagerError";
    this.operation = operation;
  }
}
