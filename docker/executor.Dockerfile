# The executor service's own image: Node, the built service, its packages, and the sandbox image's build
# inputs (the service builds the sandbox image through the host's Docker at start when it is missing).
# Build it with `bash docker/build-executor-image.sh`, which compiles the service and sends exactly these
# files as the context (the repository's .dockerignore is the sandbox image's, and keeps them out).
# BASE_IMAGE defaults to the official Node 20 image; where no registry answers, the script uses
# edgeql-node-base:local (docker/build-local-base.sh). No RUN steps: the local base has no shell.
ARG BASE_IMAGE=node:20-bookworm-slim
FROM ${BASE_IMAGE}

WORKDIR /app
COPY package.json pnpm-workspace.yaml ./
COPY node_modules ./node_modules
COPY nodes/js ./nodes/js
COPY docker ./docker
COPY services/executor/package.json ./services/executor/
COPY services/executor/dist ./services/executor/dist

WORKDIR /app/services/executor
ENV NODE_ENV=production EXECUTOR_HOST=0.0.0.0 EXECUTOR_PORT=8080
EXPOSE 8080
# It runs as root: it needs the Docker socket, and whoever can use that socket is root on the host anyway
# (see "Running the executor in a container" in the README).
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.EXECUTOR_PORT||8080)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "dist/server.js"]
