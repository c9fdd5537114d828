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
# The runner: its two entry files at the top (the entrypoint's path below), and lib/ (the main thread's and
# the worker's modules, and the protocol both share). Its examples, attack corpus and tests stay out.
COPY nodes/js/package.json nodes/js/SandboxRunner.js nodes/js/sandboxWorker.js /opt/edgeql/runner/
COPY nodes/js/lib /opt/edgeql/runner/lib

WORKDIR /sandbox
USER 1001:1001
ENV NODE_ENV=production
# Node's own layers, for the whole process (the runner's realm included), under the JavaScript guard:
# - code generation from strings off: a route to a host-realm Function constructor compiles nothing;
# - Object.prototype.__proto__ deleted (Object.getPrototypeOf/setPrototypeOf still work);
# - the permission model: reads only of the runner and its packages, the memory counters the runner polls,
#   /tmp and /datasets; writes only to /tmp; no child processes, addons or WASI. Worker threads are
#   allowed because the runner itself runs the user's code in one (user code cannot require
#   worker_threads). fs is still refused by the guard unless a request sets enableFileSystem.
# --no-warnings keeps the permission model's experimental notices off stderr.
ENTRYPOINT ["node", "--disallow-code-generation-from-strings", "--disable-proto=delete", \
  "--experimental-permission", "--allow-worker", \
  "--allow-fs-read=/opt/edgeql/", "--allow-fs-read=/sys/fs/cgroup/memory/memory.usage_in_bytes", \
  "--allow-fs-read=/sys/fs/cgroup/memory.current", "--allow-fs-read=/proc/self/statm", "--allow-fs-read=/tmp/", "--allow-fs-read=/datasets/", \
  "--allow-fs-write=/tmp/", "--no-warnings", \
  "/opt/edgeql/runner/SandboxRunner.js"]
