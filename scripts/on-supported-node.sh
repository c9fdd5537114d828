#!/bin/sh
# Runs a command (the workspace's start, build and test scripts) on a Node line the service supports, 22
# or 24: the node on PATH when it is one; else the pinned Node 24 that scripts/setup.sh installs in .local/,
# first on PATH for the command and all it starts; else it fails, saying how to get one.
#   usage: sh scripts/on-supported-node.sh <command> [args...]
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"
found="$(node --version 2>/dev/null || echo none)"
case "$found" in
  v22.* | v24.*) exec "$@" ;;
esac
. "$root/scripts/node-pin.sh"
home="$root/.local/node-v$NODE_VERSION"
if [ "$("$home/bin/node" --version 2>/dev/null || true)" = "v$NODE_VERSION" ]; then
  echo "[node] the node on PATH is $found, not 22 or 24: running on Node $NODE_VERSION from $home" >&2
  PATH="$home/bin:$PATH" exec "$@"
fi
echo "error: the service needs Node 22 or 24, and the node on PATH is $found (Node 20 is end of life)." >&2
echo "  Run \`bash scripts/setup.sh\`: it installs Node $NODE_VERSION into .local/node-v$NODE_VERSION, which" >&2
echo "  \`pnpm start\` and \`pnpm test\` then use. Or install Node 22 or 24 yourself and put it first on PATH." >&2
exit 1
