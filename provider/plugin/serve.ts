/**
 * The plugin's entry: the package's `main` (PulumiPlugin.yaml at the root says why `main` and not `exports`) and
 * plugin/package.json's. `@pulumi/pulumi/cmd/run-plugin` requires the plugin folder and calls the function it
 * exports, having set `process.argv` to `[node, run-plugin, <engine address>]`.
 * The engine reads the port from the first line of stdout, so nothing here, nor in what it loads, may print
 * to stdout: progress goes to stderr.
 */
import { main } from "@pulumi/pulumi/provider";
import { readRequestsWithoutPropertiesAreImports } from "./import-request";
import { jwkProvider } from "./provider";
import { keepYoungGenerationSmall } from "../pulumi/provider-heap";

export = function serve(): Promise<void> {
  readRequestsWithoutPropertiesAreImports();
  keepYoungGenerationSmall();
  return main(jwkProvider(), process.argv.slice(2));
};
