/**
 * A YAML program folder (`runtime: yaml`) that uses the plugin form with no SDK: `plugins.providers` points
 * at the repository's plugin/ folder, resources name `jwk:index:<Type>`. Shared by the plugin engine tests.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import yaml from "js-yaml";
import { ROOT, pulumiOk, type OfflineHome } from "./cli";

/** Where the plugin lives: PulumiPlugin.yaml and the package.json whose `main` is the compiled entry. */
export const PLUGIN_DIR = join(ROOT, "plugin");

/** Writes `Pulumi.yaml` in `home.dir` with these resources and outputs (YAML program syntax, as objects). */
export async function writeYamlProgram(
  home: OfflineHome,
  name: string,
  body: { resources?: Record<string, unknown>; outputs?: Record<string, unknown> },
): Promise<void> {
  const project = { name, runtime: "yaml", plugins: { providers: [{ name: "jwk", path: PLUGIN_DIR }] }, ...body };
  await writeFile(join(home.dir, "Pulumi.yaml"), yaml.dump(project, { lineWidth: -1 }));
}

/** `pulumi stack init test` in the program folder. */
export async function initStack(home: OfflineHome): Promise<void> {
  await pulumiOk(home.dir, ["stack", "init", "test"], home.env);
}
