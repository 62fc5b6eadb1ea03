#!/usr/bin/env bash
# What SnapStart priming (com.example.platform.lambda.SnapStartPriming) buys: the first request after the snapshot point against
# a warm one, with priming off, one round and the default, side by side in one run (bench/snapstart_priming.py). The
# Lambda build's target/function.zip runs as the managed java25 runtime runs it (docker/managed-java-runtime/), on a
# JDK 25. The restore itself cannot be measured off AWS; docs/snapstart.md quotes published figures for it.
#
#   flock /work/wt/build.lock bench/snapstart-priming.sh     (~1 min build, ~4 min run)
#   SKIP_BUILD=1 ...   reuse target/function.zip
#   QUICK=1 ...        3 spawns per variant and fewer warm invocations; the results stay in bench/.work/snapstart
#   ROUNDS=0,3,10 ...  other priming rounds to compare (default 0,1,default; "default" is the function's own)
#
# Needs python3, unzip, and a JDK 25 in JAVA_HOME25 (default /usr/lib/jvm/temurin-25-jdk-amd64).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export WORK=${ROOT}/bench/.work/snapstart
export OUT=${ROOT}/bench/snapstart-priming-results.md
[ "${QUICK:-0}" != 1 ] || OUT=${WORK}/$(basename "${OUT}")  # smoke runs do not replace the committed results
JAVA_HOME25=${JAVA_HOME25:-/usr/lib/jvm/temurin-25-jdk-amd64}
export JAVA=${JAVA_HOME25}/bin/java
"${JAVA}" -version 2>&1 | grep -q 'version "25' || { echo "snapstart-priming: ${JAVA} is not a JDK 25" >&2; exit 1; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    ./mvnw -B -q clean package -Plambda -DskipTests
fi
mkdir -p "${WORK}"
docker/managed-java-runtime/layout target/function.zip target/lambda-ric/jni "${WORK}"
export JAVA_VERSION COMMIT
JAVA_VERSION=$("${JAVA}" -version 2>&1 | sed -n 2p)
COMMIT="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml serverless.yml || echo '+changes')"
exec /usr/bin/python3 bench/snapstart_priming.py
