/**
 * What the engine runs for a `JwkSet`: the package export `pulumi-jwk/providers/jwkset`, which the provider
 * stub stored in state loads by name. It is jwkset-provider.ts with every method behind guard.ts, so a private
 * key passed in `keys` by mistake is never shown, whatever the method does.
 */
import * as methods from "./provider";
import { guardProvider, jwkSetSecretInputs } from "../../pulumi/guard";

export = guardProvider(methods, jwkSetSecretInputs);
