#!/usr/bin/env bash
# What each extension's boot work costs: spawn -> first 200 and RSS for builds that differ by one dependency,
# side by side in one run (JDK 17 + each build's own AppCDS archive, server on CPU 0, median of 7 spawns).
#
#   bench/boot-work.sh      (~8 min; builds four variants in temporary git worktrees, prints a markdown table)
#
# Variants: the committed HEAD; HEAD without quarkus-smallrye-openapi (OpenAPI document + Swagger UI; the
# annotations stay, from microprofile-openapi-api); HEAD without quarkus-smallrye-health; and commit 9ad55b2, the
# last one that validated input with quarkus-hibernate-validator (removed for this measured cost).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK=${ROOT}/bench/.work/boot
JAVA17=${JAVA17:-/usr/lib/jvm/java-17-openjdk-amd64}
WITH_VALIDATOR=9ad55b2

variant() {  # variant <name> <git ref> [perl edit of pom.xml]
    local name=$1 ref=$2 edit=${3:-}
    local tree=${WORK}/src-${name}
    git worktree remove --force "${tree}" 2>/dev/null || rm -rf "${tree}"
    git worktree add --quiet --detach "${tree}" "${ref}"
    [ -z "${edit}" ] || perl -0pi -e "${edit}" "${tree}/pom.xml"
    echo "== build ${name}" >&2
    rm -rf "${WORK:?}/${name}"
    (cd "${tree}" && JAVA_HOME=${JAVA17} ./mvnw -B -q package -DskipTests -Dquarkus.package.jar.appcds.enabled=true \
        -Dquarkus.package.output-directory="${WORK}/${name}")
    git worktree remove --force "${tree}"
}

mkdir -p "${WORK}"
variant head HEAD
variant no-openapi HEAD 's#<groupId>io.quarkus</groupId>\s*<artifactId>quarkus-smallrye-openapi</artifactId>#<groupId>org.eclipse.microprofile.openapi</groupId><artifactId>microprofile-openapi-api</artifactId>#'
variant no-health HEAD 's#<dependency>\s*<groupId>io.quarkus</groupId>\s*<artifactId>quarkus-smallrye-health</artifactId>\s*</dependency>##'
variant with-validator "${WITH_VALIDATOR}"

exec taskset -c 1 /usr/bin/python3 - "${WORK}" "${JAVA17}/bin/java" <<'PY'
import os, statistics, sys
sys.path.insert(0, "bench")
import bench

work, java = sys.argv[1], sys.argv[2]
bench.WORK = work
open(os.path.join(work, "server.log"), "w").close()
names = ["head", "no-openapi", "no-health", "with-validator"]
rows = {}
for _ in range(bench.SPAWNS):  # interleaved, so a noisy moment hits every variant alike
    for name in names:
        server = {"port": 8080, "cwd": os.path.join(work, name),
                  "cmd": [java, *bench.CDS, "-jar", "quarkus-run.jar"]}
        proc, ms = bench.start_once(server)
        rows.setdefault(name, []).append((ms, bench.tree_rss_mib(proc.pid)))
        bench.stop(proc)
head = statistics.median(ms for ms, _ in rows["head"])
print(f"| Build | Start ms (median of {bench.SPAWNS}) | vs HEAD | RSS after start MiB |")
print("|---|---:|---:|---:|")
for name in names:
    start = statistics.median(ms for ms, _ in rows[name])
    rss = statistics.median(r for _, r in rows[name])
    print(f"| {name} | {start:.0f} | {start - head:+.0f} ms ({(start / head - 1) * 100:+.0f}%) | {rss:.0f} |")
PY
