#!/usr/bin/env bash
# Makes a Node base image from this machine's own node binary, for hosts where no registry answers.
#   usage: docker/build-local-base.sh [tag]      (default tag: edgeql-node-base:local)
# The image holds node at /usr/local/bin/node, the shared libraries `ldd` lists, and nothing else:
# no shell, no package manager. It stands in for the official image as the Dockerfile's BASE_IMAGE.
set -euo pipefail

tag="${1:-edgeql-node-base:local}"
node_bin="$(readlink -f "$(command -v node)")"
major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$major" -lt 20 ]; then
  echo "build-local-base: node $major found; the sandbox needs Node 20 or newer" >&2
  exit 1
fi

root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT

install -D -m 0755 "$node_bin" "$root/usr/local/bin/node"
# Every library the binary links against, at the same path, plus the dynamic loader itself.
for lib in $(ldd "$node_bin" | grep -oE '/[^ ]+' | sort -u); do
  install -D -m 0755 "$(readlink -f "$lib")" "$root$lib"
done
mkdir -p "$root/tmp" "$root/etc"
chmod 1777 "$root/tmp"
printf 'root:x:0:0:root:/root:/usr/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\n' > "$root/etc/group"

tar -C "$root" -c . | docker import \
  --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
  --change "LABEL org.opencontainers.image.description=\"node $(node -v) from the build host\"" \
  --change 'CMD ["node"]' \
  - "$tag" >/dev/null
docker run --rm --network none "$tag" node -e 'process.stdout.write(`node ${process.version} runs in ${process.argv[0]}\n`)'
echo "build-local-base: built $tag"
