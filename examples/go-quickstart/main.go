// The quickstart program in Go: three signing keys (RS256, ES256, EdDSA) published as one JWKS file.
//
// Run it with `bash scripts/quickstart.sh go` from the repository root (generates the SDK into sdks/jwk, which
// go.mod replaces the SDK's module with, as `pulumi package add` does, and selects a local stack). Config: `jwksPath` (default
// `out/jwks.json`, relative to this folder).
package main

import (
	"github.com/pulumi-jwk/pulumi-jwk/sdk/go/jwk"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		jwksPath := config.Get(ctx, "jwksPath")
		if jwksPath == "" {
			jwksPath = "out/jwks.json"
		}
		rsa, err := jwk.NewJwk(ctx, "rs256", &jwk.JwkArgs{Alg: jwk.AlgorithmRS256})
		if err != nil {
			return err
		}
		ec, err := jwk.NewJwk(ctx, "es256", &jwk.JwkArgs{Alg: jwk.AlgorithmES256})
		if err != nil {
			return err
		}
		ed, err := jwk.NewJwk(ctx, "eddsa", &jwk.JwkArgs{Alg: jwk.AlgorithmEDDSA})
		if err != nil {
			return err
		}
		jwks, err := jwk.NewJwkSet(ctx, "jwks", &jwk.JwkSetArgs{
			Target: jwk.TargetArgs{Kind: jwk.TargetKindFile, Path: pulumi.String(jwksPath)},
			Keys:   pulumi.MapArray{rsa.PublicJwk, ec.PublicJwk, ed.PublicJwk},
			Mode:   jwk.SetModeExclusive,
		})
		if err != nil {
			return err
		}
		ctx.Export("publishedAt", pulumi.String(jwksPath))
		ctx.Export("kids", pulumi.StringMap{"RS256": rsa.Kid, "ES256": ec.Kid, "EdDSA": ed.Kid})
		ctx.Export("publishedKids", jwks.Kids)
		// A secret: `pulumi stack output --show-secrets privateJwk` reveals it; state holds only ciphertext.
		ctx.Export("privateJwk", ec.PrivateJwk)
		return nil
	})
}
