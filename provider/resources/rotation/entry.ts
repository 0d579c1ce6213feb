/**
 * What the engine runs for a `KeyRotation`'s schedule: the package export `pulumi-jwk/providers/rotation`. It
 * is rotation-provider.ts with every method behind guard.ts: no error or message quotes a private key held in
 * the stored `privateJwks`.
 */
import * as methods from "./provider";
import { guardProvider } from "../../pulumi/guard";
import { privateMemberTexts } from "../../core/keys/redact";

export = guardProvider(methods, (...values) => ({
  properties: [],
  // Only the private members: kids and public members may (and do) appear in messages.
  texts: values.flatMap((v) => privateMemberTexts(Object.values((v?.privateJwks as object | undefined) ?? {}))),
}));
