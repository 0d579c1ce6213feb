/**
 * What the engine runs for a `ClientKeyBinding`: the package export `pulumi-jwk/providers/binding`, which the
 * provider stub stored in state loads by name. It is binding-provider.ts with every method behind guard.ts, so
 * a private key passed in `keys` by mistake, or a rotated registration token, is never shown.
 */
import * as methods from "./provider";
import { bindingSecretInputs, guardProvider } from "../../pulumi/guard";

export = guardProvider(methods, bindingSecretInputs);
