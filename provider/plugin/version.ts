/**
 * The package version the plugin reports (GetPluginInfo, the schema): the one in package.json, so a release
 * bumps it in one place. The package refers to itself by name (its `exports` list ./package.json), which
 * holds from source (tests) and from dist/ alike.
 */
const manifest = require("pulumi-jwk/package.json") as { version: string };

export const version: string = manifest.version;
