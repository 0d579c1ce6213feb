/**
 * Every error class of the package, in one place (one file per concern; docs/errors.md lists every code). Import
 * from here; branch on `code` or typed fields after {@link isJwkError} / `instanceof`, which both recognise errors
 * of another loaded copy of the package.
 */
export { JwkError, isJwkError, hasCode, type ErrorOptions } from "./base";
export {
  JwkInputError,
  JwksInvalidError,
  JwksImportUnpublishableError,
  JwkKeyMaterialError,
  JsonSyntaxError,
  type InputFailure,
} from "./input";
export { CustodyKeyConflictError } from "./custody";
export { JwksUnrecordedShareError } from "./ownership";
export {
  JwksHttpError,
  JwksFetchError,
  JwksInsecureTransportError,
  isHttpError,
  httpErrorIn,
  type HttpResponse,
  type FetchFailure,
} from "./http";
export {
  JwksTargetError,
  JwksTargetGoneError,
  JwksLockError,
  JwksWithdrawIncompleteError,
  withResourceUrn,
  JwksNotServedError,
  JwksUnparsableError,
  isTargetGone,
  reasonAbout,
  reasonOfStep,
  type ApplyReport,
  type Refusal,
  type UnservedKids,
} from "./target";
export {
  ClientNotFoundError,
  BindingCollisionError,
  ForeignKeysInTheWayError,
  ForeignKeyUnwritableError,
  ClientResponseError,
  JwkImportNotFoundError,
  TokenRotationUnclearError,
  ClientAccessRefusedError,
  isClientNotFound,
} from "./binding";
export { RotationRetireWindowError, RotationInvariantError, RotationClockError } from "./rotation";
export { Pkcs11Error, Pkcs11AddonMissingError } from "./custody";
export { UsageError, JwksSourceError, JwkPluginUnknownTypeError, JwkNotImportableError, JwksImportIdError } from "./front-doors";
