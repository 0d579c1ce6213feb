/**
 * The package version (`pulumi-jwk --version`, the plugin's GetPluginInfo and schema, the HTTP User-Agent): the
 * one in package.json, so a release bumps it in one place. The package refers to itself by name (its `exports`
 * list ./package.json), which holds from source (tests) and from dist/ alike.
 */
const manifest = require("pulumi-jwk/package.json") as { version: string };

/** The version in package.json, e.g. `0.1.0`. */
export const version: string = manifest.version;

/** The User-Agent of every request this package sends, e.g. `pulumi-jwk/0.1.0`. */
export const userAgent = `pulumi-jwk/${version}`;
