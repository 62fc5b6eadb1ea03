#!/usr/bin/env bash
# Makes sure a Docker daemon answers on this machine (CI runner or sandbox, as root); safe to run repeatedly.
#   .ci/start-docker.sh
# 1. installs docker.io (Debian/Ubuntu apt) when the docker CLI is missing;
# 2. if `docker info` fails, starts dockerd in the background with flags that work without kernel extras
#    (vfs storage, no iptables, no bridge: containers then need `docker run --network host`);
# 3. waits until `docker info` works, up to DOCKER_WAIT_SECONDS (default 60).
# dockerd's output goes to DOCKERD_LOG (default /var/log/dockerd.log).
set -euo pipefail

WAIT="${DOCKER_WAIT_SECONDS:-60}"
LOG="${DOCKERD_LOG:-/var/log/dockerd.log}"

if ! command -v docker >/dev/null 2>&1 || ! command -v dockerd >/dev/null 2>&1; then
  echo "start-docker: installing docker.io"
  [[ $(id -u) == 0 ]] || { echo "start-docker: need root to install docker.io" >&2; exit 1; }
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker.io >/dev/null
fi

if docker info >/dev/null 2>&1; then
  echo "start-docker: a Docker daemon already answers ($(docker version --format '{{.Server.Version}}'))"
  exit 0
fi

# A daemon that is still starting (e.g. a parallel run of this script) gets the wait below, not a second dockerd.
if ! pgrep -x dockerd >/dev/null 2>&1; then
  [[ $(id -u) == 0 ]] || { echo "start-docker: need root to start dockerd" >&2; exit 1; }
  echo "start-docker: starting dockerd (log: $LOG)"
  nohup dockerd --storage-driver=vfs --iptables=false --bridge=none >>"$LOG" 2>&1 &
fi

for ((i = 0; i < WAIT; i++)); do
  if docker info >/dev/null 2>&1; then
    echo "start-docker: Docker daemon ready after ${i}s ($(docker version --format '{{.Server.Version}}'))"
    exit 0
  fi
  sleep 1
done
echo "start-docker: no answer from dockerd after ${WAIT}s; last lines of $LOG:" >&2
tail -n 20 "$LOG" >&2 || true
exit 1
