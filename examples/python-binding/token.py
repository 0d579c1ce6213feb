"""Obtains an access token (client_credentials) with private_key_jwt (RFC 7523) and prints the outcome.

    TOKEN_ENDPOINT=... CLIENT_ID=... python token.py [private JWK file]   (run in this folder)

The key: the file given, else the stack's secret `privateJwk` output. The client assertion (iss = sub = the
client id, aud = the token endpoint, a fresh jti, 60 s) is signed by `pulumi-jwk client-assertion` (the CLI of
the npm package the plugin is; JWK_CLI overrides how it is started): standard library only here. Exit 0 with a
token, 1 refused, 2 usage.
"""

import json
import os
import shlex
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request


def need(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        sys.exit(f"set {name}")
    return value


def private_jwk(path: str | None) -> str:
    if path:
        with open(path, encoding="utf-8") as f:
            return f.read()
    args = ["pulumi", "stack", "output", "privateJwk", "--show-secrets", "--json"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def client_assertion(jwk_json: str, client_id: str, audience: str) -> str:
    cli = shlex.split(os.environ.get("JWK_CLI", "npx pulumi-jwk"))
    # The CLI reads the key from a file: one only this user can read, removed at once.
    with tempfile.NamedTemporaryFile("w", suffix=".json") as f:
        f.write(jwk_json)
        f.flush()
        args = ["client-assertion", "--private-jwk", f.name, "--client-id", client_id, "--audience", audience]
        return subprocess.run(cli + args, check=True, capture_output=True, text=True).stdout.strip()


def main() -> int:
    token_endpoint, client_id = need("TOKEN_ENDPOINT"), need("CLIENT_ID")
    jwk_json = private_jwk(sys.argv[1] if len(sys.argv) > 1 else None)
    kid = json.loads(jwk_json)["kid"]
    form = {
        "grant_type": "client_credentials",
        "client_id": client_id,
        "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "client_assertion": client_assertion(jwk_json, client_id, token_endpoint),
    }
    request = urllib.request.Request(token_endpoint, data=urllib.parse.urlencode(form).encode(), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            token = json.load(response)
    except urllib.error.HTTPError as e:
        error = json.loads(e.read() or b"{}").get("error", f"HTTP {e.code}")
        print(f"token request with key {kid} refused: {error}")
        return 1
    print(f"access token obtained with key {kid}: {token['token_type']}, expires in {token['expires_in']} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
