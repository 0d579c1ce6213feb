#!/usr/bin/env bash
# Makes a real Keycloak server available and prints its home directory (for the ClientKeyBinding engine tests).
#
# Why: Keycloak has no Debian package, but its Quarkus distribution is a Maven Central artifact
# (org.keycloak:keycloak-quarkus-dist:<version>:zip) and Java 17 (which it runs on) is on the machine. The unpacked distribution is cached outside the repo, keyed by version;
# Keycloak's own build step (first `start-dev`) writes into that copy and is cached with it.
#
# Output: one line on stdout, the Keycloak home (holding bin/kc.sh); progress and errors on stderr.
# Exit codes: 0 ok, 2 missing Java or unzip, 3 download failed (or its SHA-1 differs), 4 unpack failed.
set -euo pipefail

KEYCLOAK_VERSION="${KEYCLOAK_VERSION:-26.5.6}"
ARTIFACT="org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip"
CENTRAL="${MAVEN_CENTRAL_URL:-https://repo1.maven.org/maven2}"
ZIP_PATH="org/keycloak/keycloak-quarkus-dist/$KEYCLOAK_VERSION/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip"
CACHE_ROOT="${JWK_SERVER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-jwk}"
HOME_DIR="$CACHE_ROOT/keycloak-$KEYCLOAK_VERSION"

log() { printf '==> keycloak: %s\n' "$*" >&2; }
fail() { local code=$1; shift; printf '==> keycloak: ERROR: %s\n' "$*" >&2; exit "$code"; }

java_ok() { # Keycloak 26 needs Java >= 17
  local v
  v=$(java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  [ -n "$v" ] && [ "${v%%.*}" -ge 17 ]
}
command -v java >/dev/null 2>&1 && java_ok || fail 2 "Keycloak $KEYCLOAK_VERSION needs Java >= 17 on PATH"

# The unpacked copy is complete only once the marker exists (an interrupted unpack is redone).
if [ -x "$HOME_DIR/bin/kc.sh" ] && [ -f "$HOME_DIR/.unpacked" ]; then
  log "using cached Keycloak $KEYCLOAK_VERSION in $HOME_DIR"
  printf '%s\n' "$HOME_DIR"
  exit 0
fi
command -v unzip >/dev/null 2>&1 || fail 2 "unzip is needed to unpack Keycloak"

work=$(mktemp -d -p "$(mkdir -p "$CACHE_ROOT" && echo "$CACHE_ROOT")")
trap 'rm -rf "$work"' EXIT
zip="$work/keycloak.zip"

verify_sha1() { # $1 = file, $2 = expected SHA-1 (hex), $3 = where the expected value came from
  local actual
  actual=$(sha1sum "$1" | cut -c1-40)
  [ "$actual" = "$2" ] || fail 3 "SHA-1 of $ZIP_PATH is $actual, $3 says $2"
}

# Maven's local repository first (no download), then Maven Central over HTTPS, then Maven itself (which knows a
# machine's mirror settings). Each copy is checked against the SHA-1 Central publishes beside the artifact.
local_zip="${MAVEN_LOCAL_REPO:-$HOME/.m2/repository}/$ZIP_PATH"
if [ -f "$local_zip" ] && [ -f "$local_zip.sha1" ]; then
  log "using $local_zip from Maven's local repository"
  cp "$local_zip" "$zip"
  verify_sha1 "$zip" "$(cut -c1-40 "$local_zip.sha1")" "Maven's local repository"
elif log "downloading $CENTRAL/$ZIP_PATH (first time only; 165 MB)" &&
  curl -fsSL --retry 3 -o "$zip" "$CENTRAL/$ZIP_PATH" 2>"$work/curl.log"; then
  expected=$(curl -fsSL --retry 3 "$CENTRAL/$ZIP_PATH.sha1" | cut -c1-40) || fail 3 "could not download $CENTRAL/$ZIP_PATH.sha1"
  verify_sha1 "$zip" "$expected" "Maven Central"
elif command -v mvn >/dev/null 2>&1; then
  log "direct download failed ($(head -1 "$work/curl.log")); trying $ARTIFACT with Maven (its mirror settings)"
  if ! mvn -q -B dependency:copy -Dartifact="$ARTIFACT" -DoutputDirectory="$work" -Dmdep.stripVersion=true >"$work/mvn.log" 2>&1; then
    tail -20 "$work/mvn.log" >&2
    fail 3 "could not download $CENTRAL/$ZIP_PATH, and mvn could not get $ARTIFACT either"
  fi
  mv "$work/keycloak-quarkus-dist.zip" "$zip"
else
  fail 3 "could not download $CENTRAL/$ZIP_PATH ($(head -1 "$work/curl.log"))"
fi

log "unpacking into $HOME_DIR"
unzip -q "$zip" -d "$work/unpacked" || fail 4 "could not unpack $zip"
rm -rf "$HOME_DIR"
mv "$work/unpacked/keycloak-$KEYCLOAK_VERSION" "$HOME_DIR" || fail 4 "the archive has no keycloak-$KEYCLOAK_VERSION folder"
touch "$HOME_DIR/.unpacked"
log "Keycloak $KEYCLOAK_VERSION ready in $HOME_DIR"
printf '%s\n' "$HOME_DIR"
