"""The quickstart program in Python: three signing keys (RS256, ES256, EdDSA) published as one JWKS file.

Run it with `bash scripts/quickstart.sh python` from the repository root (generates the SDK, prepares the
virtualenv, selects a local stack). Config: `jwksPath` (default `out/jwks.json`, relative to this folder).
The SDK's enums (`jwk.Algorithm`, `jwk.TargetKind`, `jwk.SetMode`) and argument types (`jwk.TargetArgs`) are
what mypy and an editor check; plain strings and a dict (`target={"kind": "file", "path": ...}`) run the same.
"""

import pulumi
import pulumi_jwk as jwk

jwks_path = pulumi.Config().get("jwksPath") or "out/jwks.json"

rsa = jwk.Jwk("rs256", alg=jwk.Algorithm.RS256)
ec = jwk.Jwk("es256", alg=jwk.Algorithm.ES256)
ed = jwk.Jwk("eddsa", alg=jwk.Algorithm.EDDSA)
jwks = jwk.JwkSet(
    "jwks",
    target=jwk.TargetArgs(kind=jwk.TargetKind.FILE, path=jwks_path),
    keys=[rsa.public_jwk, ec.public_jwk, ed.public_jwk],
    mode=jwk.SetMode.EXCLUSIVE,
)

pulumi.export("publishedAt", jwks_path)
pulumi.export("kids", {"RS256": rsa.kid, "ES256": ec.kid, "EdDSA": ed.kid})
pulumi.export("publishedKids", jwks.kids)
# A secret: `pulumi stack output --show-secrets privateJwk` reveals it; state holds only ciphertext.
pulumi.export("privateJwk", ec.private_jwk)
