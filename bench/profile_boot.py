#!/usr/bin/python3
"""Where the boot time goes, for the Lambda image, the container image and the Python stack: one cold start each with
the JVM's own logs, run by `bench/lambda-vs-mangum.sh profile` in the same setting as the benchmark.

- Milestones: when the JVM initialises a few marker classes (-Xlog:class+init, which still fires with the AOT cache,
  since classes are loaded ahead of time but initialised on first use), -Xlog:startuptime for the VM's own phases,
  and the spawn -> first response time the harness sees.
- Classes: -Xlog:class+load counted by where each class came from (the AOT cache, the JDK, each jar), once with the
  image's cache and once with -XX:AOTMode=off, which shows which jars the classes come from.
- Quarkus's own timing: its "started in" and -Dquarkus.debug.print-startup-times=true (time per startup step).
- Python: -X importtime, cumulative import time per top-level package.

Extra JVM flags reach the images' JVMs through JAVA_TOOL_OPTIONS.
"""
import asyncio
import collections
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lambda_vs_mangum as h  # noqa: E402

OUT = "/bench-profile"  # inside each image's file system
REPEATS = 3
LAMBDA_MARKERS = [
    ("JVM created (-Xlog:startuptime 'Create VM')", None),
    ("RIC main class initialised", "com/amazonaws/services/lambda/runtime/api/client/AWSLambda"),
    ("JBoss LogManager initialised", "org/jboss/logmanager/LogManager"),
    ("handler class initialised", "io/quarkus/amazon/lambda/runtime/QuarkusStreamHandler"),
    ("Quarkus ApplicationImpl initialised", "io/quarkus/runner/ApplicationImpl"),
    ("Vert.x initialised", "io/vertx/core/impl/VertxImpl"),
    ("first event deserialised", "com/amazonaws/services/lambda/runtime/events/APIGatewayV2HTTPEvent"),
    ("resource bean initialised", "com/example/hello/rest/HelloResource"),
]
CONTAINER_MARKERS = [
    ("JVM created (-Xlog:startuptime 'Create VM')", None),
    ("JBoss LogManager initialised", "org/jboss/logmanager/LogManager"),
    ("Quarkus ApplicationImpl initialised", "io/quarkus/runner/ApplicationImpl"),
    ("Vert.x initialised", "io/vertx/core/impl/VertxImpl"),
    ("resource bean initialised", "com/example/hello/rest/HelloResource"),
]


def logs_in(target, tag):
    host = os.path.join(target["root"], OUT.lstrip("/"))
    os.makedirs(host, exist_ok=True)
    os.chmod(host, 0o777)
    return f"{OUT}/{target['name']}-{tag}", os.path.join(host, f"{target['name']}-{tag}")


def jvm_logging(prefix):
    return (f"-Xlog:startuptime:file={prefix}-startuptime.log:uptime "
            f"-Xlog:class+init=info:file={prefix}-init.log:uptime "
            f"-Xlog:class+load=info:file={prefix}-load.log:uptime")


def with_opts(target, opts):
    """Extra JVM flags through JAVA_TOOL_OPTIONS, which every JVM reads, whatever the image's launch line does."""
    env = dict(target["env"])
    env["JAVA_TOOL_OPTIONS"] = (env.get("JAVA_TOOL_OPTIONS", "") + " " + opts).strip()
    return {**target, "env": env}


def milestones(host_prefix, markers):
    init = open(host_prefix + "-init.log", errors="replace").read()
    startup = open(host_prefix + "-startuptime.log", errors="replace").read()
    found = {}
    for label, cls in markers:
        if cls is None:
            m = re.search(r"^\[([\d.]+)s\] Create VM", startup, re.M)
        else:
            m = re.search(rf"^\[([\d.]+)s\] \d+ Initializing '{re.escape(cls)}'", init, re.M)
        found[label] = float(m.group(1)) * 1000 if m else None
    return found


def class_sources(host_prefix):
    counts = collections.Counter()
    for line in open(host_prefix + "-load.log", errors="replace"):
        m = re.search(r"\] \S+ source: (.*)$", line)
        if not m:
            continue
        source = m.group(1)
        if source.startswith("shared objects file"):
            counts["AOT cache"] += 1
        elif source.startswith("jrt:/"):
            counts["JDK (jrt)"] += 1
        elif ".jar" in source:
            counts[re.sub(r"-[\d.]+(\.Final|-[A-Za-z0-9.]+)?\.jar.*$", "", os.path.basename(source.split("!")[0]))] \
                += 1
        else:
            counts[re.sub(r"0x[0-9a-f]+", "", source)[:60]] += 1
    return counts


async def lambda_start(target, extra):
    api = await h.RuntimeApi().start()
    log_path = os.path.join(h.WORK, "logs", f"profile-{target['name']}.log")
    open(log_path, "w").close()
    t0 = asyncio.get_running_loop().time()
    proc = h.spawn(target, {"AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{api.port}", **extra}, log_path)
    try:
        await h.answered(proc, api.invoke(h.event(h.GET), 60))
        return (asyncio.get_running_loop().time() - t0) * 1000, log_path
    finally:
        h.stop(proc)
        await api.close()


async def container_start(target, extra):
    log_path = os.path.join(h.WORK, "logs", f"profile-{target['name']}.log")
    open(log_path, "w").close()
    t0 = asyncio.get_running_loop().time()
    proc = h.spawn(target, extra, log_path)
    try:
        while h.bench.http_status(target["port"]) != 200:
            if proc.poll() is not None:
                raise RuntimeError(f"exited; see {log_path}")
            await asyncio.sleep(0.002)
        return (asyncio.get_running_loop().time() - t0) * 1000, log_path
    finally:
        h.stop(proc)


async def profile_jvm(target, markers, start):
    print(f"\n## {target['name']}: {' '.join(target['argv'])}\n")
    runs = []
    for i in range(REPEATS):
        inner, host = logs_in(target, f"aot-{i}")
        ms, log_path = await start(with_opts(target, jvm_logging(inner)), {})
        runs.append((ms, milestones(host, markers), h.started_in(log_path), class_sources(host)))
    print(f"Milestones, ms since the JVM started (median of {REPEATS} cold starts with the image's AOT cache):\n")
    print("| Milestone | ms |\n|---|---:|")
    for label, _ in markers:
        values = [r[1][label] for r in runs if r[1][label] is not None]
        print(f"| {label} | {statistics.median(values):.0f} |" if values else f"| {label} | not seen |")
    quarkus = [r[2] for r in runs if r[2]]
    print(f"| Quarkus's own \"started in\" | {statistics.median(quarkus):.0f} |" if quarkus else "")
    print(f"| first response seen by the harness (from spawn) | {statistics.median(r[0] for r in runs):.0f} |")
    with_cache = runs[len(runs) // 2][3]
    inner, host = logs_in(target, "noaot")
    ms, _ = await start(with_opts(target, jvm_logging(inner) + " -XX:AOTMode=off"), {})
    without = class_sources(host)
    created = milestones(host, markers[:1])[markers[0][0]]
    print(f"\nWith -XX:AOTMode=off (one start): JVM created at {created:.0f} ms, first response after {ms:.0f} ms.")
    jars = sum(n for k, n in without.items() if k not in ("JDK (jrt)",) and not k.startswith("__"))
    print(f"\nClasses loaded: {sum(with_cache.values())} with the AOT cache ({with_cache['AOT cache']} of them from "
          f"the cache); {sum(without.values())} with -XX:AOTMode=off (first response after {ms:.0f} ms), "
          f"{without['JDK (jrt)']} from the JDK and {jars} from {len([k for k in without if '.' in k])} jars "
          f"(generated classes counted apart). Jars with the most classes (AOTMode=off):\n")
    print("| Source | classes |\n|---|---:|")
    for source, n in without.most_common(25):
        print(f"| {source} | {n} |")
    inner, host = logs_in(target, "steps")
    _, log_path = await start(with_opts(target, "-Dquarkus.debug.print-startup-times=true"), {})
    steps = re.findall(r"Build step (\S+) completed in: (\d+)ms", open(log_path, errors="replace").read())
    steps = sorted(((int(t), s) for s, t in steps), reverse=True)
    print(f"\nQuarkus startup steps (-Dquarkus.debug.print-startup-times=true, one start), {len(steps)} steps, "
          f"{sum(t for t, _ in steps)} ms in total; the slowest:\n")
    print("| Step | ms |\n|---|---:|")
    for t, s in steps[:15]:
        print(f"| `{s.rsplit('.', 1)[-1]}` | {t} |")


async def profile_python(target, start):
    log_path = os.path.join(h.WORK, "logs", f"profile-{target['name']}.log")
    ms, log_path = await start(target, {"PYTHONPROFILEIMPORTTIME": "1"})
    top = collections.Counter()
    for m in re.finditer(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", open(log_path, errors="replace").read()):
        if len(m.group(2)) == 1:  # a top-level import
            top[m.group(3).split(".")[0]] += int(m.group(1)) / 1000
    print(f"\n## {target['name']} (python3 -X importtime; first response after {ms:.0f} ms with import timing on)\n")
    print(f"Imports: {sum(top.values()):.0f} ms in total; by top-level package:\n")
    print("| Package | ms |\n|---|---:|")
    for name, t in top.most_common(10):
        print(f"| {name} | {t:.0f} |")


async def main():
    os.makedirs(os.path.join(h.WORK, "logs"), exist_ok=True)
    lam, con = h.image_config("lambda"), h.image_config("container")
    quarkus = h.image_target("quarkus", lam, {"JAVA_TOOL_OPTIONS": h.LAMBDA_MEMORY})
    image = {**h.image_target("image", con, {"JAVA_TOOL_OPTIONS": h.POD_MEMORY}), "port": 8080}
    mangum = h.host_target("mangum", [h.PYTHON, "lambda_function.py"], {"PYTHONPATH": os.environ.get("MANGUM_PATH",
                                                                                                      "")})
    uvicorn = {**h.host_target("uvicorn", [h.PYTHON, "-m", "uvicorn", "fastapi_app:app", "--port", "8082",
                                           "--log-level", "warning", "--no-access-log"]), "port": 8082}
    print("# Boot profile (bench/lambda-vs-mangum.sh profile)")
    await profile_jvm(quarkus, LAMBDA_MARKERS, lambda_start)
    await profile_jvm(image, CONTAINER_MARKERS, container_start)
    await profile_python(mangum, lambda_start)
    await profile_python(uvicorn, container_start)


if __name__ == "__main__":
    asyncio.run(main())
