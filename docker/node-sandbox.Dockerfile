# The sandbox image: Node, the runner, and the packages user code may require (lodash, moment).
# Build from the repository root after `pnpm install`:
#   docker build -f docker/node-sandbox.Dockerfile -t edgeql-nodejs-sandbox .
# Where no registry answers, first make a base from the host's node (docker/build-local-base.sh) and
# add --build-arg BASE_IMAGE=edgeql-node-base:local. No RUN steps: the local base has no shell.
ARG BASE_IMAGE=node:20-bookworm-slim
FROM ${BASE_IMAGE}

# Exactly two accounts: root (owns every file) and edgeql (1001), the only user code ever runs as.
COPY docker/sandbox-rootfs/etc/passwd docker/sandbox-rootfs/etc/group /etc/
COPY node_modules/lodash /opt/edgeql/node_modules/lodash
COPY node_modules/moment /opt/edgeql/node_modules/moment
COPY nodes/js/package.json nodes/js/SandboxRunner.js nodes/js/sandboxWorker.js nodes/js/CustomJSNode.js /opt/edgeql/runner/
COPY nodes/js/lib /opt/edgeql/runner/lib

WORKDIR /sandbox
USER 1001:1001
ENV NODE_ENV=production
# Code generation from strings is off for the whole process, the runner's own realm included:
# a route to a host-realm Function constructor still cannot compile anything.
ENTRYPOINT ["node", "--disallow-code-generation-from-strings", "/opt/edgeql/runner/SandboxRunner.js"]
