#!/usr/bin/env bash
# Builds the executor's own image (docker/executor.Dockerfile) from the installed workspace:
#   bash docker/build-executor-image.sh            # tag edgeql-executor
#   IMAGE=my/executor:1 BASE_IMAGE=node:20-bookworm-slim bash docker/build-executor-image.sh
# The context is sent as a tar of exactly the files the Dockerfile copies, so the repository's
# .dockerignore (written for the sandbox image) does not apply.
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGE="${IMAGE:-edgeql-executor}"
OFFICIAL=node:20-bookworm-slim

pnpm --filter @edgeql/executor build

if [ -z "${BASE_IMAGE:-}" ]; then
  if docker image inspect "$OFFICIAL" >/dev/null 2>&1 || docker pull "$OFFICIAL" >/dev/null 2>&1; then
    BASE_IMAGE="$OFFICIAL"
  else
    docker image inspect edgeql-node-base:local >/dev/null 2>&1 || bash docker/build-local-base.sh
    BASE_IMAGE=edgeql-node-base:local
  fi
fi

tar -c --exclude='nodes/js/node_modules' --exclude='nodes/js/test' --exclude='*.map' \
  package.json pnpm-workspace.yaml node_modules nodes/js docker services/executor/package.json services/executor/dist |
  docker build -f docker/executor.Dockerfile --build-arg BASE_IMAGE="$BASE_IMAGE" -t "$IMAGE" -
echo "built $IMAGE (base $BASE_IMAGE)"
