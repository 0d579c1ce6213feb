/**
 * The schema's `language` section: the names the generated SDKs are published under (docs/plugin.md,
 * "Generating and publishing the SDKs"). The Go import path needs a repository the Go SDK is pushed to; this
 * package's has not been chosen (package.json names no `repository`), so `GO_MODULE` is a placeholder to
 * replace before publishing a Go SDK.
 */

/** Placeholder: the Go module the Go SDK is published as (the repository holding `sdk/go/jwk`). */
export const GO_MODULE = "github.com/pulumi-jwk/pulumi-jwk/sdk";

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
