/**
 * What the engine runs for a `ReachFiveAccountKey`: the package export `pulumi-jwk/providers/reachfive-account-key`.
 * Its inputs hold no secret (ReachFive keeps the private key; credentials come from the environment), but every
 * method still goes through guard.ts so errors reach the engine with their code and no cause chain.
 */
import * as methods from "./provider";
import { guardProvider } from "../../../pulumi/guard";

export = guardProvider(methods, () => ({ properties: [], texts: [] }));
