/**
 * Ownership across stacks that a target cannot record: a JwkSet would withdraw keys it found already published
 * when it claimed them, on a per-key target that keeps no owners record (resources/jwkset/unrecorded-share.ts).
 * Another stack may still declare them, and nothing there can say, so the withdrawal is refused rather than
 * guessed.
 */
import { JwkError } from "./base";

/**
 * An update that stops declaring, or a destroy that would withdraw, keys this resource found already published
 * when it claimed them (its `adoptedKids`), on a target without owners record. Nothing was changed: not these
 * keys, nor any other key of the same operation.
 */
export class JwksUnrecordedShareError extends JwkError {
  static override readonly code: string = "ERR_JWKS_UNRECORDED_SHARE";
  /** The target's name, e.g. `okta https://acme.okta.com app 0oa1`. */
  readonly target: string;
  /** The kids whose withdrawal was refused, sorted. */
  readonly kids: string[];

  constructor(target: string, kids: readonly string[], during: "update" | "destroy") {
    const sorted = [...kids].sort();
    const named = sorted.length > 1 ? `keys ${sorted.join(", ")}` : `key ${sorted[0] ?? ""}`;
    const them = sorted.length > 1 ? "them" : "it";
    super(
      `${target}: ${during} would withdraw ${named}, which this resource found already published, not by itself, when it ` +
        `claimed ${them} (adoptedKids). This target keeps no record of who declares a key, so another stack may still ` +
        `declare ${them}, and withdrawing would take ${them} from that stack. Nothing was changed. Either give the target ` +
        `the same owners record (ownersFile) on every stack that declares ${them}, run those stacks' up first (each ` +
        `records its claims), then run this one again; or, if no other stack declares ${them}, remove ${them} from the ` +
        `target by hand and run again (a key no longer there needs no withdrawal).`,
    );
    this.name = "JwksUnrecordedShareError";
    this.target = target;
    this.kids = sorted;
  }
}
