# The executor service's own image: Node, the built service, its packages, and the sandbox image's build
# inputs (the service builds the sandbox image through the host's Docker at start when it is missing).
# Build it with `bash docker/build-executor-image.sh`, which compiles the service and sends as the context
# exactly the files services/executor/src/image/executorContext.ts lists (the repository's .dockerignore is
# the sandbox image's, and keeps them out). Each goes to the same path under /app as in the repository, so
# the service here finds the sandbox image's inputs as the workspace's service does, and gives that image
# the same content hash (src/image/executorContext.test.ts holds the COPY lines to this).
# BASE_IMAGE defaults to the official image of the pinned Node (scripts/node-pin.sh); where no registry
# answers, the script uses edgeql-node-base:24.22.3 (docker/build-local-base.sh). No RUN steps: the local
# base has no shell.
ARG BASE_IMAGE=node:24.22.3-bookworm-slim
FROM ${BASE_IMAGE}

WORKDIR /app
COPY package.json pnpm-workspace.yaml ./
COPY node_modules ./node_modules
COPY nodes/js ./nodes/js
COPY docker ./docker
COPY services/executor ./services/executor

WORKDIR /app/services/executor
ENV NODE_ENV=production EXECUTOR_HOST=0.0.0.0 EXECUTOR_PORT=8080
EXPOSE 8080
# It runs as root: it needs the Docker socket, and whoever can use that socket is root on the host anyway
# (see "Running the executor in a container" in docs/operations.md).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.EXECUTOR_PORT||8080)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "dist/server.js"]
