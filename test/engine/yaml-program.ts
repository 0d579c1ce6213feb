/**
 * A YAML program folder (`runtime: yaml`) that uses the plugin form with no SDK: `plugins.providers` points
 * at the repository's root (PulumiPlugin.yaml beside package.json), resources name `jwk:index:<Type>`. Shared
 * by the plugin engine tests.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import yaml from "js-yaml";
import { ROOT, pulumiOk, type OfflineHome } from "./cli";

/** Where the plugin lives: the package root, PulumiPlugin.yaml beside the package.json whose `main` is the entry. */
export const PLUGIN_DIR = ROOT;
/** Where the plugin lived first (its own PulumiPlugin.yaml and package.json): programs pointing at it still work. */
export const LEGACY_PLUGIN_DIR = join(ROOT, "plugin");

/** Writes `Pulumi.yaml` in `home.dir` with these resources and outputs (YAML program syntax, as objects). */
export async function writeYamlProgram(
  home: OfflineHome,
  name: string,
  body: { resources?: Record<string, unknown>; outputs?: Record<string, unknown> },
  pluginDir: string = PLUGIN_DIR,
): Promise<void> {
  const project = { name, runtime: "yaml", plugins: { providers: [{ name: "jwk", path: pluginDir }] }, ...body };
  await writeFile(join(home.dir, "Pulumi.yaml"), yaml.dump(project, { lineWidth: -1 }));
}

/** `pulumi stack init test` in the program folder. */
export async function initStack(home: OfflineHome): Promise<void> {
  await pulumiOk(home.dir, ["stack", "init", "test"], home.env);
}
