/**
 * A target that no longer exists: an app that was deleted, a config API that no longer serves the
 * key set at its URL. Adapters throw this only when the answer says the target itself is gone, never for an
 * unreachable host or a path the server does not know (a mistyped URL): those stay ordinary errors, because
 * dropping a resource from the stack on a typo would orphan every key it published.
 *
 * `pulumi refresh` turns it into "the resource is gone" (the dynamic provider's `read` returns no id) and
 * destroy into "nothing left to withdraw"; create and update fail with its message.
 */
import { JwkError } from "../errors";

export class JwksTargetGoneError extends JwkError {
  static readonly code = "ERR_JWKS_TARGET_GONE";
  /** The target's name, e.g. `<kind> https://idp.example app 1`. */
  readonly target: string;
  /** Why the answer means "gone", without any response body, e.g. `HTTP 404 E0000007: the app does not exist`. */
  readonly reason: string;

  constructor(target: string, reason: string, options?: { cause?: unknown }) {
    super(JwksTargetGoneError.code, `${target}: the target does not exist (${reason})`, options);
    this.name = "JwksTargetGoneError";
    this.target = target;
    this.reason = reason;
  }
}

/** Whether `e` says the target is gone (by code: a second copy of this module may have thrown it). */
export function isTargetGone(e: unknown): e is JwksTargetGoneError {
  return (e as JwkError | undefined)?.code === JwksTargetGoneError.code;
}
