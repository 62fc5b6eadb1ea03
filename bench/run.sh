#!/usr/bin/env bash
# One-command benchmark of hello-anywhere against uvicorn/FastAPI (reference) and nginx (upper bound), container and
# Lambda builds side by side. From a fresh clone on Debian 12 (root or sudo):
#
#   bench/run.sh            full run (~15 min), writes bench/results.md
#   QUICK=1 bench/run.sh    smoke run for CI (~5 min), writes bench/.work/results-quick.md
#   SKIP_BUILD=1 ...        reuse the builds in bench/.work
#
# Needs JDK 17 (JAVA17, default /usr/lib/jvm/java-17-openjdk-amd64) and JDK 25 (JAVA25, default
# /usr/lib/jvm/temurin-25-jdk-amd64); everything else is installed by apt or fetched by the Maven wrapper.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK=${ROOT}/bench/.work
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64}
JAVA25=${JAVA25:-/usr/lib/jvm/temurin-25-jdk-amd64}
export JAVA17 JAVA25
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)

need=()
for pkg in python3-fastapi python3-uvicorn python3-uvloop python3-httptools nginx-light wrk; do
    dpkg -s "${pkg}" >/dev/null 2>&1 || need+=("${pkg}")
done
if [ ${#need[@]} -gt 0 ]; then
    ${SUDO} apt-get update -q
    DEBIAN_FRONTEND=noninteractive ${SUDO} apt-get install -y -q "${need[@]}"
fi
# The benchmark runs its own nginx on 127.0.0.1:8083 and leaves any system nginx service alone.

build() {  # build <dir> <JAVA_HOME> <maven args...>: one packaged app per directory, so variants do not overwrite
    local dir=$1 jdk=$2
    shift 2
    rm -rf "${WORK:?}/${dir}" && mkdir -p "${WORK}/${dir}"   # the Lambda build writes scripts into it first
    echo "== build ${dir}" >&2
    JAVA_HOME=${jdk} ./mvnw -B -q package -DskipTests -Dquarkus.package.output-directory="${WORK}/${dir}" "$@"
}

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    mkdir -p "${WORK}"
    ./mvnw -B -q clean
    # Quarkus's default packaging, fast-jar (the project's own default is aot-jar, see pom.xml).
    build c17 "${JAVA17}" -Dquarkus.package.jar.type=fast-jar
    # AppCDS archive made at build time by the JDK that runs it.
    build c17cds "${JAVA17}" -Dquarkus.package.jar.type=fast-jar -Dquarkus.package.jar.appcds.enabled=true
    # Quarkus's own JDK 25 AOT cache (aot-jar packaging, training run = application start at build time).
    build c25aot "${JAVA25}" -Dquarkus.package.jar.aot.enabled=true -Dquarkus.package.jar.aot.phase=BUILD \
        -Dquarkus.package.jar.aot.type=AOT
    # The container image's build (aot-jar, built by JDK 17 as the images are); bench.py makes its archive with
    # docker/startup-archive.sh and JDK 25, as docker/Dockerfile.container does.
    build img "${JAVA17}"
    build l17 "${JAVA17}" -Plambda
    JAVA_HOME=${JAVA17} ./mvnw -B -q -f bench/lambda-driver/pom.xml package dependency:build-classpath \
        -Dmdep.outputFile="${WORK}/driver.cp"
    # The Lambda process gets AWS's runtime interface client next to the app (JVM-mode `java -jar` does not poll).
    tr ':' '\n' <"${WORK}/driver.cp" \
        | grep -E 'aws-lambda-java-(runtime-interface-client|serialization|core)-|software/amazon/awssdk/' \
        | paste -sd: >"${WORK}/ric.cp"
fi

: >"${WORK}/server.log"
: >"${WORK}/lambda.log"
exec taskset -c 1 /usr/bin/python3 bench/bench.py
