/**
 * What the engine runs for a `PingOneKeyRotationPolicy`: the package export `pulumi-jwk/providers/pingone-krp`,
 * which the provider stub stored in state loads by name. No input holds a secret (the worker app's secret is read
 * from the environment), so the guard has nothing to withhold but still wraps every method the same way.
 */
import * as methods from "./provider";
import { guardProvider } from "../../../pulumi/guard";

export = guardProvider(methods, () => ({ properties: [], texts: [] }));
