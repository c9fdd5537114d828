# The sandbox image: Node, the runner, and the packages user code may require (lodash, moment).
# Build from the repository root after `pnpm install`:
#   docker build -f docker/node-sandbox.Dockerfile -t edgeql-nodejs-sandbox .
# BASE_IMAGE is the official image of the pinned Node (scripts/node-pin.sh). Where no registry answers,
# first make a base of that same Node build (docker/build-local-base.sh) and add
# --build-arg BASE_IMAGE=edgeql-node-base:24.22.3. No RUN steps: the local base has no shell.
ARG BASE_IMAGE=node:24.22.3-bookworm-slim
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
# - the permission model (`--permission`, stable since Node 22.13 and 23.5; Node 24 refuses the old
#   `--experimental-permission`): reads only of the runner and its packages, the memory counters the
#   runner polls, /tmp and /datasets; writes only to /tmp; no child processes, addons, WASI or inspector.
#   Worker threads are allowed because the runner itself runs the user's code in one (user code cannot
#   require worker_threads). fs is still refused by the guard unless a request sets enableFileSystem;
# - the three things Node 22 to 24 added to every realm's host global, or as a builtin, that the sandbox
#   never hands out are not made at all: WebSocket (a network client on the host global, which user code
#   can reach, beside the fetch the sandbox replaces there), navigator, and node:sqlite (its own file I/O).
# --no-warnings keeps the permission model's warning about --allow-worker off stderr.
ENTRYPOINT ["node", "--disallow-code-generation-from-strings", "--disable-proto=delete", \
  "--permission", "--allow-worker", \
  "--allow-fs-read=/opt/edgeql/", "--allow-fs-read=/sys/fs/cgroup/memory/memory.usage_in_bytes", \
  "--allow-fs-read=/sys/fs/cgroup/memory.current", "--allow-fs-read=/proc/self/statm", "--allow-fs-read=/tmp/", "--allow-fs-read=/datasets/", \
  "--allow-fs-write=/tmp/", \
  "--no-experimental-websocket", "--no-experimental-global-navigator", "--no-experimental-sqlite", "--no-warnings", \
  "/opt/edgeql/runner/SandboxRunner.js"]
