#!/usr/bin/python3
"""Where the access log's time goes: the container jar under wrk (GET /hello), with JFR's execution samples, once with
the access log on and once off, and the share of the event loop's samples spent in each part of writing the line.

    ./mvnw -B -q package -DskipTests && bench/access_log_profile.py [APP_DIR]     (~1.5 min; APP_DIR: target/quarkus-app)

The server runs as the container image runs it (its JAVA_OPTS from docker/Dockerfile.container, k8s/base/config.env's
one event loop, a 512 MiB pod), on JDK 25, stdout to a file, on CPU 0; wrk on CPU 1. Sample shares hold on a loaded
machine, where throughput does not: JFR samples a thread only while it runs.
"""
import collections
import os
import re
import subprocess
import sys

import bench

JFR = os.path.join(os.path.dirname(bench.JAVA25), "jfr")
PORT = 18080
# Parts of the access line, by a frame that marks them (the first matching frame from the top of the stack).
PARTS = [
    ("the access line (AccessLog.write)", "com.example.platform.observability.AccessLog.write"),
    ("  the logger: record, handlers, format, write", "org.jboss.logmanager.Logger.logRaw"),
    ("    formatting the line", "org.jboss.logmanager.ExtFormatter.format"),
    ("      copying the MDC", "org.jboss.logmanager.ExtLogRecord.copyMdc"),
    ("      formatting the timestamp", "java.time.format.DateTimeFormatter.format"),
    ("    writing and flushing", "org.jboss.logmanager.handlers.WriterHandler.safeFlush"),
]


def profile(app, name, extra):
    flags, env = bench.image_jvm("Dockerfile.container")
    k8s = dict(l.strip().split("=", 1) for l in open(os.path.join(bench.ROOT, "k8s", "base", "config.env"))
               if "=" in l and not l.startswith("#"))
    recording = os.path.join(bench.WORK, f"access-log-{name}.jfr")
    cmd = [bench.JAVA25, *flags, *bench.POD_MEMORY, f"-Dquarkus.http.port={PORT}", *extra,
           "-XX:FlightRecorderOptions=stackdepth=512",
           f"-XX:StartFlightRecording=filename={recording},settings=profile", "-jar", "quarkus-run.jar"]
    proc = bench.spawn(cmd, app, {**env, **k8s})
    try:
        bench.wait_ready(proc, PORT)
        bench.wrk(PORT, 5, post=False)
        rps = bench.wrk(PORT, 20, post=False)["rps"]
    finally:
        bench.stop(proc, sig=15)
    samples = subprocess.run([JFR, "print", "--stack-depth", "512", "--events", "jdk.ExecutionSample", recording],
                             capture_output=True, text=True, check=True).stdout.split("jdk.ExecutionSample {")[1:]
    loop = [s for s in samples if 'sampledThread = "vert.x-eventloop-thread' in s]
    counts = collections.Counter()
    for sample in loop:
        frames = re.findall(r"^\s+([\w.$<>/]+)\(", sample, re.M)
        for label, frame in PARTS:
            if any(f.startswith(frame) for f in frames):
                counts[label] += 1
    return rps, len(loop), counts


def main():
    app = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(bench.ROOT, "target", "quarkus-app"))
    os.makedirs(bench.WORK, exist_ok=True)
    on = profile(app, "on", [])
    off = profile(app, "off", ["-Dhello.access-log.enabled=false"])
    print(f"| | access log on | off |\n|---|---:|---:|\n| GET req/s (wrk 20 s, with JFR on) | {on[0]:.0f} | "
          f"{off[0]:.0f} |\n| event-loop samples | {on[1]} | {off[1]} |")
    for label, _ in PARTS:
        print(f"| {label} | {100 * on[2][label] / max(on[1], 1):.1f}% | "
              f"{100 * off[2][label] / max(off[1], 1):.1f}% |")


if __name__ == "__main__":
    main()
