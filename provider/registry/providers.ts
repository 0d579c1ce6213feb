/**
 * The provider implementations a stored stub loads by name (pulumi/stub.ts): each is exported by the package as
 * `pulumi-jwk/providers/<name>` (package.json "exports") and named in the state of every resource of its kind,
 * so a name never changes. A vendor's own resource adds one name here and one line to the export map.
 */
export const PROVIDER_NAMES = ["jwk", "jwkset", "rotation", "binding", "pingone-krp", "reachfive-account-key"] as const;

/** The implementation modules, exported as `pulumi-jwk/providers/<name>`. */
export type ProviderName = (typeof PROVIDER_NAMES)[number];
