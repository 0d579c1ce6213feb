"""A Python ClientKeyBinding: a generated ES256 key bound to an Ory Hydra OAuth client, which is switched to
private_key_jwt, so the client authenticates at the token endpoint with a client assertion signed by that key
(token.py). Rotate by changing `keyGeneration`: one up binds the new key and removes the old one.

Run it with `bash scripts/example.sh python-binding` from the repository root (starts a Hydra, creates the client,
runs up, gets a token, rotates, destroys). Config: `hydraAdminUrl` (Hydra's admin API, e.g.
http://127.0.0.1:4445), `clientId`, `keyGeneration` (default "1"). Hydra's admin API takes no credentials here;
a gateway's bearer token would come from an environment variable the client names (`token_env`), never inputs.
"""

import pulumi
import pulumi_jwk as jwk

config = pulumi.Config()

key = jwk.Jwk(
    "client-key",
    alg=jwk.Algorithm.ES256,
    rotation_trigger=config.get("keyGeneration") or "1",
)
binding = jwk.ClientKeyBinding(
    "client-keys",
    client=jwk.ClientArgs(
        kind=jwk.ClientKind.HYDRA,
        admin_url=config.require("hydraAdminUrl"),
        client_id=config.require("clientId"),
    ),
    keys=[key.public_jwk],
    auth=jwk.BindingAuthArgs(
        method=jwk.TokenEndpointAuthMethod.PRIVATE_KEY_JWT,
        signing_alg=jwk.ClientAssertionAlg.ES256,
    ),
)

pulumi.export("kid", key.kid)
pulumi.export("boundKids", binding.kids)
pulumi.export("authMethod", binding.auth_method)
# A secret: what token.py signs client assertions with.
pulumi.export("privateJwk", key.private_jwk)
