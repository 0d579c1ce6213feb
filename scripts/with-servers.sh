#!/usr/bin/env bash
# Runs a command with the real OAuth servers of the ClientKeyBinding engine tests up (scripts/lib/servers.sh),
# stopping them when the command ends. For running one engine test file by hand, e.g.
#   bash scripts/with-servers.sh node --test dist/test/engine/binding-hydra.test.js
#   JWK_SERVERS=hydra bash scripts/with-servers.sh node --test dist/test/engine/binding-hydra.test.js
# (scripts/test.sh starts them itself, once for the whole run.)
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
source "$ROOT/scripts/lib/servers.sh"
start_oauth_servers
wait_oauth_servers
"$@"
