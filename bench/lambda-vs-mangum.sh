#!/usr/bin/env bash
# Quarkus against the Python stack it replaces, side by side in one run: the Lambda image's function against the
# same FastAPI app behind Mangum 0.19.0 (cold start, warm latency, both bare runtime clients as floors), and the
# container image against uvicorn (start -> first 200, GET throughput). See bench/README.md for the method.
#
#   flock /work/wt/build.lock bench/lambda-vs-mangum.sh     (~8 min: builds both images, then measures)
#   SKIP_BUILD=1 ...   reuse the images exported to bench/.work/lvm
#   QUICK=1 ...        3 cold starts and 1000 warm invocations instead of 7 and 3000
#   ... build          only build (and export) the images
#   ... profile        instead of the benchmark, where each target's boot time goes (bench/profile_boot.py)
#   VARIANTS="before=HEAD~1 ..."   also the images of other commits, cold-started in the same rounds: a lever is
#                      its commit against its parent, side by side in one run. Built once in temporary git worktrees
#                      and kept in bench/.work/lvm (delete lambda-NAME.json to rebuild one).
#
# Needs root (it runs each image's entrypoint inside the image's exported file system, chroot'ed, so the JVM, the
# flags and the startup archive are exactly the image's), a Docker engine and the base image BASE_IMAGE (default: the
# stand-in, docker/stand-in/build-base.sh). Mangum: an installed `mangum` if python3 finds one, else the copy in
# MANGUM_PATH (default ../shared/reference/mangum-0.19.0 next to the clone, or /work/shared/reference/...).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export WORK=${ROOT}/bench/.work/lvm
export SCRIPT=lambda_vs_mangum.py OUT=${ROOT}/bench/lambda-vs-mangum-results.md
[ "${1:-}" != profile ] || SCRIPT=profile_boot.py OUT=${ROOT}/bench/profile-results.md
[ "${QUICK:-0}" != 1 ] || OUT=${WORK}/$(basename "${OUT}")  # smoke runs do not replace the committed results
BASE_IMAGE=${BASE_IMAGE:-hello-anywhere/stand-in-jre:25}
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64}

need=()
for pkg in python3-fastapi python3-uvicorn python3-typing-extensions wrk; do
    dpkg -s "${pkg}" >/dev/null 2>&1 || need+=("${pkg}")
done
if [ ${#need[@]} -gt 0 ]; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"
fi

if /usr/bin/python3 -c 'import mangum' 2>/dev/null; then
    MANGUM_PATH=
else
    for dir in "${MANGUM_PATH:-}" "${ROOT}/../shared/reference/mangum-0.19.0" /work/shared/reference/mangum-0.19.0; do
        [ -n "${dir}" ] && [ -f "${dir}/mangum/__init__.py" ] && { MANGUM_PATH=${dir}; break; }
    done
    [ -n "${MANGUM_PATH:-}" ] || { echo "no mangum: pip install mangum==0.19.0, or set MANGUM_PATH" >&2; exit 1; }
fi
PYTHONPATH=${MANGUM_PATH} /usr/bin/python3 -c 'import mangum, fastapi' || exit 1
export MANGUM_PATH

image() {  # image <container|lambda> <suffix> [maven args]: the image, its config and its file system
    local name=$1$2 cid
    shift 2
    echo "== image ${name}" >&2
    JAVA_HOME=${JAVA17} ./mvnw -B -q clean package -DskipTests "$@" -Dquarkus.container-image.build=true \
        "-Dquarkus.container-image.image=hello-anywhere-bench:${name}" \
        "-Dquarkus.docker.build-args.BASE_IMAGE=${BASE_IMAGE}" >"${WORK}/logs/build-${name}.log" 2>&1 \
        || { tail -40 "${WORK}/logs/build-${name}.log" >&2; exit 1; }
    docker image inspect --format '{{json .Config}}' "hello-anywhere-bench:${name}" >"${WORK}/${name}.json"
    rm -rf "${WORK:?}/${name}-root" && mkdir -p "${WORK}/${name}-root"
    cid=$(docker create "hello-anywhere-bench:${name}")
    docker export "${cid}" | tar -x -C "${WORK}/${name}-root"
    docker rm "${cid}" >/dev/null
    ./mvnw -B -q clean
}

images() {  # images <suffix>: both images of the source tree in the current directory
    image container "$1"
    image lambda "$1" -Plambda
}

mkdir -p "${WORK}/logs"
[ "${SKIP_BUILD:-0}" = 1 ] || images ""
for variant in ${VARIANTS:-}; do
    name=${variant%%=*}
    [ -f "${WORK}/lambda-${name}.json" ] && continue
    tree=${WORK}/src-${name}
    git worktree remove --force "${tree}" 2>/dev/null || rm -rf "${tree}"
    git worktree add --quiet --detach "${tree}" "${variant#*=}"
    (cd "${tree}" && images "-${name}")
    git worktree remove --force "${tree}"
done
export VARIANTS=${VARIANTS:-}
[ "${1:-}" != build ] || exit 0
# The Java floor: a constant handler for the RIC, on the Lambda image's JVM (the run trains its AOT cache).
floor=${WORK}/lambda-root/bench-floor
if [ ! -f "${floor}/constant-handler.jar" ]; then
    rm -rf "${floor}" && mkdir -p "${floor}/classes"
    "${JAVA17}/bin/javac" --release 17 -d "${floor}/classes" \
        -cp "$(ls "${WORK}"/lambda-root/var/task/lib/*aws-lambda-java-core-*.jar)" bench/floor/ConstantHandler.java
    # A jar, not a directory: the JDK's AOT cache takes only jars on the class path.
    "${JAVA17}/bin/jar" --create --file "${floor}/constant-handler.jar" -C "${floor}/classes" .
fi

# The images' JVMs need /proc, /dev and a tmpfs /tmp (as docker --tmpfs gives them) inside their file systems; the
# mounts live in a private mount namespace and vanish with it.
unshare --mount --propagation private bash -c '
    set -e
    for root in "${WORK}"/*-root; do
        mount --rbind /proc "${root}/proc"
        mount --rbind /dev "${root}/dev"
        mount --rbind /sys "${root}/sys"
        mount -t tmpfs -o mode=1777 tmpfs "${root}/tmp"
    done
    exec taskset -c 1 /usr/bin/python3 "bench/${SCRIPT}"' >"${OUT}.new"
mv "${OUT}.new" "${OUT}"
cat "${OUT}"
