#!/usr/bin/env bash
# The quickstart: three keys (RS256, ES256, EdDSA) published to a JWKS file on a local Pulumi backend,
# then a second preview that must show no changes.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
# Private keys are Pulumi secrets, encrypted in the state with this passphrase: say so when it is empty.
if [ -z "${PULUMI_CONFIG_PASSPHRASE}" ]; then
  echo "WARNING: PULUMI_CONFIG_PASSPHRASE is empty: the private keys in this local stack's state are encrypted with an" >&2
  echo "         empty passphrase, so anyone who can read .work/ can decrypt them. Fine for trying pulumi-jwk out;" >&2
  echo "         for keys you will use, set PULUMI_CONFIG_PASSPHRASE (or a KMS secrets provider) before the first run." >&2
fi
step "running examples/quickstart"
node "$ROOT/dist/examples/quickstart/run.js" "$@"
