/**
 * The package version the plugin reports (GetPluginInfo, the schema): the one in package.json, read at run
 * time so a release bumps it in one place.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

// Compiled to dist/provider/plugin/: the package root is three levels up.
const manifest = JSON.parse(readFileSync(join(__dirname, "..", "..", "..", "package.json"), "utf8")) as { version: string };

export const version: string = manifest.version;
