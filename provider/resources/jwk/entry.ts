/**
 * What the engine runs for a `Jwk`: the package export `pulumi-jwk/providers/jwk`, which the provider stub
 * stored in state loads by name. It is jwk-provider.ts with every method behind guard.ts, so no check
 * failure, error or stack trace shows a private key, whatever the method does.
 */
import * as methods from "./provider";
import { guardProvider, jwkSecretInputs } from "../../pulumi/guard";

export = guardProvider(methods, jwkSecretInputs);
