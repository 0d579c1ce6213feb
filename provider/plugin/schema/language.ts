/**
 * The schema's `language` section: the names the generated SDKs are published under (docs/plugin.md,
 * "Generating and publishing the SDKs"). The Go import path needs a repository the Go SDK is pushed to; this
 * package's has not been chosen (package.json names no `repository`), so `REPOSITORY` is a placeholder to
 * replace before publishing a Go SDK.
 */

/** Placeholder: the repository the SDKs are published from (Go: the one holding `sdk/go/jwk`). */
const REPOSITORY = "github.com/pulumi-jwk/pulumi-jwk";

/**
 * The schema's top-level `repository`. Besides the SDKs' metadata, the Go language host reads it, not
 * `importBasePath`, for the import line `pulumi package add` prints (`<repository>/sdk/go/jwk`; without it
 * `example.com/pulumi-jwk/sdk/go/jwk`), while the go.mod replace it writes follows `importBasePath` (Pulumi
 * 3.259, pulumi-language-go `Link`): both name the same module only when they agree, as they do here.
 */
export const REPOSITORY_URL = `https://${REPOSITORY}`;

/** The Go module the Go SDK is published as (`sdk/` of the repository; the package is `sdk/go/jwk`). */
export const GO_MODULE = `${REPOSITORY}/sdk`;

/** The oldest Pulumi SDK the generated SDKs support: the one this package is built and tested with. */
const PULUMI_SDK = "3.259.0";

export const LANGUAGE = {
  nodejs: {
    packageName: "@pulumi-jwk/jwk",
    packageDescription: "JSON Web Keys as code: the pulumi-jwk plugin's SDK for TypeScript and JavaScript.",
    dependencies: { "@pulumi/pulumi": `^${PULUMI_SDK}` },
    respectSchemaVersion: true,
  },
  python: {
    packageName: "pulumi_jwk",
    requires: { pulumi: `>=${PULUMI_SDK},<4.0.0` },
    pyproject: { enabled: true },
    respectSchemaVersion: true,
  },
  go: {
    importBasePath: `${GO_MODULE}/go/jwk`,
    rootPackageName: "jwk",
    generateResourceContainerTypes: true,
    respectSchemaVersion: true,
  },
  csharp: {
    rootNamespace: "PulumiJwk",
    packageReferences: { Pulumi: "3.*" },
    respectSchemaVersion: true,
  },
};
