#!/usr/bin/env bash
# Builds the executor's own image (docker/executor.Dockerfile) from the installed workspace:
#   bash docker/build-executor-image.sh            # tag edgeql-executor
#   IMAGE=my/executor:1 BASE_IMAGE=node:24.22.3-bookworm-slim bash docker/build-executor-image.sh
# The context is a tar of exactly the files services/executor/src/image/executorContext.ts lists (the
# service's runtime, and every input of the sandbox image byte for byte), so the repository's
# .dockerignore (written for the sandbox image) does not apply. At the end, the service in the new image
# and the workspace's must give the sandbox image the same content hash, or the build fails.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=../scripts/node-pin.sh
. scripts/node-pin.sh
IMAGE="${IMAGE:-edgeql-executor}"
OFFICIAL="node:$NODE_VERSION-bookworm-slim"
LOCAL="edgeql-node-base:$NODE_VERSION"

pnpm --filter @edgeql/executor build

if [ -z "${BASE_IMAGE:-}" ]; then
  if docker image inspect "$OFFICIAL" >/dev/null 2>&1 || docker pull "$OFFICIAL" >/dev/null 2>&1; then
    BASE_IMAGE="$OFFICIAL"
  else
    docker image inspect "$LOCAL" >/dev/null 2>&1 || bash docker/build-local-base.sh "$LOCAL"
    BASE_IMAGE="$LOCAL"
  fi
fi

# Files and links only: Docker makes the folders above them as it unpacks the context.
node services/executor/dist/image/printContext.js executor-files |
  tar -c --null --no-recursion -T - |
  docker build -f docker/executor.Dockerfile --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$IMAGE" -

here="$(node services/executor/dist/image/printContext.js sandbox-hash "$BASE_IMAGE")"
there="$(docker run --rm --network none --entrypoint node "$IMAGE" dist/image/printContext.js sandbox-hash "$BASE_IMAGE")"
if [ "$here" != "$there" ]; then
  echo "build-executor-image: the service in $IMAGE hashes the sandbox image's inputs as $there, this workspace as $here" >&2
  exit 1
fi
echo "built $IMAGE (base $BASE_IMAGE; both give the sandbox image the content hash $here)"
