#!/bin/bash
# Makes the startup archive for the JVM on the PATH (or $JAVA) by a training run of the application, and writes
# jvm.args, the java @argfile that uses it. Run by both Dockerfiles at image build, with the image's own JVM: an
# archive only works with the exact JVM, classpath and flags that made it. bench/ runs it too, so the benchmark
# measures the archive the images ship.
#
#   startup-archive.sh http -- <java arguments that start the application>
#   startup-archive.sh lambda -- [JVM options...] HANDLER
#
# JDK 25 and later: an AOT cache (-XX:AOTCacheOutput, JEPs 483/514/515): classes loaded and linked, and method
#   profiles, from the training run. Older JDKs: a dynamic AppCDS archive (-XX:ArchiveClassesAtExit).
# http: the application serves rounds of requests on every endpoint (good and bad input) and exits on SIGTERM; the
#   archive then covers the request path too: JDK 25 start 1.5 s with a boot-only cache, 0.9 s trained (bench/).
# lambda: the function, started by lambda-java.sh (next to this script) as the image starts it, answers rounds of
#   the project's own event fixtures (every front door; the *.json files in $TRAINING_EVENTS) from its Runtime API,
#   the jar $TRAINING_RUNTIME_API (src/training/java, run on the same JVM); Lambda image start 1.35 s with a
#   boot-only cache, 0.8 s trained (bench/).
#
# Environment: JAVA (default: java), PORT (HTTP port, default 8080), MANAGEMENT_PORT (health, default 9000; the same
# as PORT for a build without a management interface), RUNTIME_API_PORT (default 9001),
# TRAINING_ROUNDS (default 200 for http, 10 for lambda), TRAINING_EVENTS (lambda: the fixtures' directory),
# TRAINING_RUNTIME_API (lambda: the training Runtime API's jar).
set -euo pipefail

mode=$1
[[ $mode =~ ^(http|lambda)$ && $2 == -- ]] || { echo "usage: $0 http|lambda -- <java arguments>" >&2; exit 2; }
shift 2
java=${JAVA:-java}
port=${PORT:-8080}
management_port=${MANAGEMENT_PORT:-9000}
runtime_api_port=${RUNTIME_API_PORT:-9001}
events=${TRAINING_EVENTS:-}
runtime_api_jar=${TRAINING_RUNTIME_API:-}
[[ $mode == http ]] && rounds=${TRAINING_ROUNDS:-200} || rounds=${TRAINING_ROUNDS:-10}
[[ $mode != lambda || -d $events ]] || { echo "$0: lambda mode needs TRAINING_EVENTS, a directory of events" >&2; exit 2; }
[[ $mode != lambda || -f $runtime_api_jar ]] \
    || { echo "$0: lambda mode needs TRAINING_RUNTIME_API, the training Runtime API's jar" >&2; exit 2; }

fail() {
    echo "startup-archive: $*" >&2
    exit 1
}

if [[ $("$java" -XX:+PrintFlagsFinal -version 2>/dev/null) == *' AOTCacheOutput '* ]]; then
    # The log option hides the training run's list of classes the cache skips (warnings, not errors).
    record=(-XX:AOTCacheOutput=app.aot -Xlog:aot=error) use=-XX:AOTCache=app.aot archive=app.aot
    # Fails the start instead of running silently without the cache.
    strict=-XX:AOTMode=on
else
    record=(-XX:ArchiveClassesAtExit=app.jsa) use=-XX:SharedArchiveFile=app.jsa archive=app.jsa
    strict=-Xshare:on
fi
rm -f app.aot app.jsa jvm.args
export LC_ALL=C  # ${#body} below counts bytes

# One HTTP/1.1 request over bash's /dev/tcp (the base images have no curl); prints the status code.
request() {  # request METHOD PATH [JSON-BODY]
    local body=${3:-} status
    exec 3<>"/dev/tcp/127.0.0.1/${port}"
    printf '%s %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\n' "$1" "$2" >&3
    printf 'Origin: https://example.com\r\nContent-Length: %d\r\n\r\n%s' "${#body}" "$body" >&3
    read -r _ status _ <&3
    cat <&3 >/dev/null
    exec 3<&-
    echo "$status"
}

serve_requests() {  # serve_requests ROUNDS <java arguments>: start, serve ROUNDS rounds of requests, stop with SIGTERM
    local rounds=$1 pid i
    shift
    "$java" "$@" &
    pid=$!
    trap "kill -KILL $pid 2>/dev/null || true" EXIT  # a failed run leaves no JVM behind
    for ((i = 0; ; i++)); do
        kill -0 "$pid" 2>/dev/null || fail "the application exited before it was ready"
        ((i < 600)) || fail "the application was not ready within 60 s"
        [[ $(port=$management_port request GET /q/health/ready 2>/dev/null) == 200 ]] && break
        sleep 0.1
    done
    [[ $(request GET '/hello?name=training') == 200 ]] || fail "GET /hello failed"
    # Every endpoint, good and bad input, and the liveness probe.
    for ((i = 0; i < rounds; i++)); do
        request GET '/hello?name=x' >/dev/null
        request GET /hello >/dev/null
        request POST /hello_post '{"name":"x"}' >/dev/null
        request POST /hello '{"name":""}' >/dev/null
        request POST /hello_post '{"name":' >/dev/null
        request POST /hello_post '{"nom":"x"}' >/dev/null
        port=$management_port request GET /q/health/live >/dev/null
    done
    stop_application "$pid"
    trap - EXIT
}

serve_invocations() {  # serve_invocations ROUNDS <lambda-java.sh arguments>: start, answer ROUNDS rounds of events, stop
    local rounds=$1 output runtime_api pid line status waited=0
    shift
    exec {output}< <(exec "$java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -jar "$runtime_api_jar" \
        "$runtime_api_port" "$events" "$rounds")
    runtime_api=$!
    trap "kill -KILL $runtime_api 2>/dev/null || true" EXIT
    # The RIC gives up if its first call is refused, so the JVM starts only once the Runtime API listens.
    read -r -t 10 -u "$output" line && [[ $line == listening ]] || fail "the training Runtime API did not start"
    JAVA=$java AWS_LAMBDA_RUNTIME_API=127.0.0.1:$runtime_api_port "$(dirname "$0")/lambda-java.sh" "$@" &
    pid=$!
    trap "kill -KILL $pid $runtime_api 2>/dev/null || true" EXIT
    while true; do  # until the Runtime API prints "done"
        status=0
        read -r -t 1 -u "$output" line || status=$?
        ((status == 0)) && break
        ((status > 128)) || fail "the training Runtime API stopped"  # end of file, not a timeout; it said why
        kill -0 "$pid" 2>/dev/null || fail "the application exited during training"
        ((++waited < 600)) || fail "training took over 600 s"
    done
    stop_application "$pid"
    kill -KILL "$runtime_api"
    wait "$runtime_api" 2>/dev/null || true  # its port is free for the next run
    exec {output}<&-
    trap - EXIT
}

stop_application() {  # stop_application PID: SIGTERM, then wait for the exit, in which the JVM writes the archive
    local i
    kill -TERM "$1" 2>/dev/null || true
    for ((i = 0; i < 1200; i++)); do
        kill -0 "$1" 2>/dev/null || { wait "$1" || true; return; }
        sleep 0.1
    done
    fail "the application did not exit within 120 s of SIGTERM"
}

run_application() {  # run_application ROUNDS <java arguments>: one run of the application in this script's mode
    local rounds=$1
    shift
    case $mode in
        http) serve_requests "$rounds" "$@" ;;
        lambda) serve_invocations "$rounds" "$@" ;;
    esac
}

run_application "$rounds" "${record[@]}" "$@"
[[ -s $archive ]] || fail "the training run wrote no $archive"
echo "$use" >jvm.args

# The archive must load in the strict mode before the image ships it: a mismatch fails the build, not the start.
run_application 1 @jvm.args "$strict" "$@" >/dev/null
echo "startup-archive: $archive ($(du -h "$archive" | cut -f1)) from $mode training with $("$java" -version 2>&1 | head -n1)"
