#!/usr/bin/env bash
# The container build of another revision and of this working tree, side by side in one run: start to first 200 and
# GET throughput, each jar run as the container image runs it (the Dockerfile's JAVA_OPTS, JDK 25, pinned to CPU 0;
# wrk on CPU 1). Without the image's AOT cache, so both start slower than their images; the ratio is what counts.
#
#   bench/before-after.sh 440cecd          # the revision to compare with; prints a table, writes nothing else
#
# Needs wrk (apt-get install wrk) and JDK 25 (JAVA25, default /usr/lib/jvm/temurin-25-jdk-amd64).
set -euo pipefail
cd "$(dirname "$0")/.."
before=${1:?usage: bench/before-after.sh <revision>}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}
STARTS=${STARTS:-7}
ROUNDS=${ROUNDS:-3}
work=$(mktemp -d)
trap 'git worktree remove --force "${work}/before" >/dev/null 2>&1 || true; rm -rf "${work}"' EXIT

git worktree add -q --detach "${work}/before" "${before}"
for side in before after; do
    src=$([ "${side}" = before ] && echo "${work}/before" || pwd)
    echo "== build ${side}" >&2
    (cd "${src}" && ./mvnw -B -q package -DskipTests -Dquarkus.package.output-directory="${work}/${side}-app")
done

java_opts() {  # the image's JAVA_OPTS, as its Dockerfile sets them
    sed -n 's/^ENV JAVA_OPTS="\([^"]*\)".*/\1/p' "$1/docker/Dockerfile.container"
}

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mgmt=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
start_server() {  # start_server <side>: prints the pid once /hello answers, and how many ms that took
    local side=$1 src
    src=$([ "${side}" = before ] && echo "${work}/before" || pwd)
    local started=$(date +%s%N)
    # shellcheck disable=SC2046
    QUARKUS_HTTP_PORT=${port} QUARKUS_MANAGEMENT_PORT=${mgmt} taskset -c 0 "${JAVA25}/bin/java" $(java_opts "${src}") \
        -jar "${work}/${side}-app/quarkus-run.jar" >"${work}/${side}.log" 2>&1 &
    local pid=$!
    until curl -fs "http://127.0.0.1:${port}/hello?name=x" >/dev/null 2>&1; do sleep 0.01; done
    echo "${pid} $((($(date +%s%N) - started) / 1000000))"
}
stop_server() {  # the server runs in the subshell that started it, so it is waited for by its pid
    kill "$1"
    while kill -0 "$1" 2>/dev/null; do sleep 0.05; done
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A start_ms rps
for side in before after; do : >"${work}/${side}.starts"; : >"${work}/${side}.rps"; done
for ((i = 0; i < STARTS; i++)); do       # alternating, so drift in the machine's load hits both sides alike
    for side in before after; do
        read -r pid ms < <(start_server "${side}")
        echo "${ms}" >>"${work}/${side}.starts"
        stop_server "${pid}"
    done
done
for side in before after; do
    read -r pid _ < <(start_server "${side}")
    taskset -c 1 wrk -t1 -c32 -d5s "http://127.0.0.1:${port}/hello?name=x" >/dev/null    # warm-up
    for ((r = 0; r < ROUNDS; r++)); do
        taskset -c 1 wrk -t1 -c32 -d10s "http://127.0.0.1:${port}/hello?name=x" | awk '/Requests\/sec/ {print int($2)}' \
            >>"${work}/${side}.rps"
    done
    stop_server "${pid}"
done
for side in before after; do
    start_ms[${side}]=$(median <"${work}/${side}.starts")
    rps[${side}]=$(median <"${work}/${side}.rps")
done
echo "| container build | ${before} | $(git rev-parse --short HEAD)+working tree | after / before |"
echo "|---|---:|---:|---:|"
printf '| start to first 200, median of %d (ms) | %d | %d | %.2f |\n' "${STARTS}" "${start_ms[before]}" \
    "${start_ms[after]}" "$(echo "${start_ms[after]} / ${start_ms[before]}" | bc -l)"
printf '| GET /hello req/s, median of %d (wrk, 32 connections, access log on) | %d | %d | %.2f |\n' "${ROUNDS}" \
    "${rps[before]}" "${rps[after]}" "$(echo "${rps[after]} / ${rps[before]}" | bc -l)"
