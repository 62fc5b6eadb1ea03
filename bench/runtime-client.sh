#!/usr/bin/env bash
# The Lambda image's cold start with AWS's Runtime Interface Client (the default) and with Quarkus's own Runtime API
# loop (LAMBDA_RUNTIME_CLIENT=quarkus), side by side in one run: the same exported image file system, chroot'ed, on
# CPU 0, interleaved, timed from spawn to the first invocation answered (bench/lambda_vs_mangum.py's lambda_cold).
#
#   bench/runtime-client.sh [image]      # default hello-anywhere:lambda; SPAWNS=n (default 9); needs root
set -euo pipefail
cd "$(dirname "$0")/.."
image=${1:-hello-anywhere:lambda}
export WORK=${PWD}/bench/.work/runtime-client
mkdir -p "${WORK}/logs"
docker image inspect --format '{{json .Config}}' "${image}" >"${WORK}/lambda.json"
rm -rf "${WORK:?}/lambda-root" && mkdir -p "${WORK}/lambda-root"
cid=$(docker create "${image}")
docker export "${cid}" | tar -x -C "${WORK}/lambda-root"
docker rm "${cid}" >/dev/null
cat >"${WORK}/side_by_side.py" <<'PY'
import asyncio, os, statistics, sys
sys.path.insert(0, os.environ["BENCH"])
import lambda_vs_mangum as lvm

async def main():
    image = lvm.image_config("lambda")
    targets = {client: lvm.image_target(client, image, {"JAVA_TOOL_OPTIONS": lvm.LAMBDA_MEMORY,
                                                         "LAMBDA_RUNTIME_CLIENT": client})
               for client in ("ric", "quarkus")}
    cold = {client: [] for client in targets}
    for i in range(int(os.environ.get("SPAWNS", "9"))):
        for client, target in targets.items():
            cold[client].append((await lvm.lambda_cold(target, i))["ms"])
    ric, quarkus = statistics.median(cold["ric"]), statistics.median(cold["quarkus"])
    print(f"| Lambda image cold start, spawn to first answer (median of {len(cold['ric'])}) | RIC | Quarkus loop | ratio |")
    print("|---|---:|---:|---:|")
    print(f"| ms | {ric:.0f} | {quarkus:.0f} | {quarkus / ric:.2f} |")
    print("runs:", {k: [round(v) for v in vs] for k, vs in cold.items()})

asyncio.run(main())
PY
# As bench/lambda-vs-mangum.sh: /proc, /dev, /sys and a tmpfs /tmp inside the exported file system, in a private mount
# namespace that vanishes with the run.
BENCH=${PWD}/bench unshare --mount --propagation private bash -c '
    set -e
    root=${WORK}/lambda-root
    mount --rbind /proc "${root}/proc"
    mount --rbind /dev "${root}/dev"
    mount --rbind /sys "${root}/sys"
    mount -t tmpfs -o mode=1777 tmpfs "${root}/tmp"
    cd bench && exec taskset -c 1 /usr/bin/python3 "${WORK}/side_by_side.py"'
