#!/usr/bin/python3
"""Side-by-side benchmark of hello-anywhere against uvicorn/FastAPI and nginx; bench/run.sh builds, then runs this.

Every server is pinned to CPU 0 (taskset -c 0); this script, wrk and the Lambda driver run on CPU 1. Start time is
process spawn -> first 200 from GET /hello?name=x, polled every 2 ms over a fresh connection. RSS is VmRSS summed over
the server's process tree, read right after the first 200 and again after the wrk runs.
"""
import datetime
import json
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
WORK = os.path.join(BENCH, ".work")
QUICK = os.environ.get("QUICK") == "1"
SPAWNS = 3 if QUICK else 7
WARMUP_S = 2 if QUICK else 5          # per endpoint, so 10 s of warm-up per server in the full run
MEASURE_S = 3 if QUICK else 15
CONNECTIONS = 32
LAMBDA_SPAWNS = 3 if QUICK else 7
LAMBDA_WARMUP = 300 if QUICK else 1500
LAMBDA_RUNS = 1000 if QUICK else 3000

JAVA17 = os.environ.get("JAVA17", "/usr/lib/jvm/java-17-openjdk-amd64") + "/bin/java"
JAVA25 = os.environ.get("JAVA25", "/usr/lib/jvm/temurin-25-jdk-amd64") + "/bin/java"
# Levers measured one at a time, then combined.
MEM = ["-XX:+UseSerialGC", "-Xms16m", "-Xmx64m", "-Xss256k", "-XX:ReservedCodeCacheSize=32m",
       "-XX:MaxMetaspaceSize=96m"]
# glibc gives each thread that mallocs (JIT compiler threads above all) its own 64 MiB arena; one arena keeps the
# native heap small.
ONE_ARENA = {"MALLOC_ARENA_MAX": "1"}
# Pools sized for one vCPU: Quarkus's defaults are 2 event loops per core and up to max(200, 8 x cores) workers.
ONE_LOOP = ["-Dquarkus.vertx.event-loops-pool-size=1"]
POOLS = ONE_LOOP + ["-Dquarkus.thread-pool.max-threads=8"]
C1 = ["-XX:TieredStopAtLevel=1"]
CDS = ["-XX:SharedArchiveFile=app-cds.jsa"]
# The Lambda image's launch script: the RIC's main class, the class path, --add-opens and the other fixed flags.
LAMBDA_JAVA = os.path.join(ROOT, "docker", "lambda-java.sh")
LAMBDA_HANDLER = "io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler::handleRequest"
PIN = ["taskset", "-c", "0"]


def image_jvm(dockerfile):
    """The JVM flags and environment a Dockerfile gives its image, so the image rows measure exactly those."""
    text = open(os.path.join(ROOT, "docker", dockerfile)).read()
    flags = re.search(r'JAVA_OPTS="([^"]*)"', text).group(1).split()
    # The Lambda image points the RIC at its JNI library under /opt; outside the image the RIC unpacks its own.
    flags = [f for f in flags if not f.startswith("-Dcom.amazonaws.")]
    return flags, {"MALLOC_ARENA_MAX": re.search(r"MALLOC_ARENA_MAX=(\d+)", text).group(1)}


CONTAINER_IMAGE_FLAGS, CONTAINER_IMAGE_ENV = image_jvm("Dockerfile.container")
# Inside a container the JVM sizes its heap from the cgroup memory limit; here it stands for the 512 MiB limit of
# k8s/base (the host has far more, and a heap sized from that would make the RSS meaningless).
POD_MEMORY = ["-XX:MaxRAM=512m"]
LAMBDA_IMAGE_FLAGS, LAMBDA_IMAGE_ENV = image_jvm("Dockerfile.lambda")


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def http_status(port, timeout=0.5):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
            s.sendall(b"GET /hello?name=x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            data = s.recv(64)
            m = re.match(rb"HTTP/1\.[01] (\d{3})", data)
            return int(m.group(1)) if m else None
    except OSError:
        return None


def tree_rss_mib(pid):
    pids, frontier = [pid], [pid]
    while frontier:
        p = frontier.pop()
        try:
            children = open(f"/proc/{p}/task/{p}/children").read().split()
        except OSError:
            children = []
        pids += [int(c) for c in children]
        frontier += [int(c) for c in children]
    total = 0
    for p in pids:
        try:
            for line in open(f"/proc/{p}/status"):
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def spawn(cmd, cwd, env=None):
    logf = open(os.path.join(WORK, "server.log"), "ab")
    return subprocess.Popen(PIN + cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=logf, stderr=logf,
                            start_new_session=True)


def stop(proc, sig=signal.SIGKILL):
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        pass
    proc.wait(timeout=120)


def wait_ready(proc, port, limit=60):
    t0 = time.monotonic()
    while time.monotonic() - t0 < limit:
        if http_status(port) == 200:
            return
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}; see {WORK}/server.log")
        time.sleep(0.002)
    raise RuntimeError("server did not answer 200 in time")


def start_once(server):
    if http_status(server["port"]) is not None:
        raise RuntimeError(f"port {server['port']} already in use")
    t0 = time.monotonic()
    proc = spawn(server["cmd"], server["cwd"], server.get("env"))
    wait_ready(proc, server["port"])
    return proc, (time.monotonic() - t0) * 1000


def wrk(port, seconds, post):
    cmd = ["taskset", "-c", "1", "wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    if post:
        cmd += ["-s", os.path.join(BENCH, "post.lua")]
    out = subprocess.run(cmd + [f"http://127.0.0.1:{port}/{'hello_post' if post else 'hello?name=x'}"],
                         capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}

    def pct(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        return float(m.group(1)) * unit[m.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    return {"rps": rps, "p50_ms": pct(50), "p99_ms": pct(99), "non2xx": int(bad.group(1)) if bad else 0,
            "socket_errors": errors.group(1) if errors else ""}


def bench_container(server):
    log(f"== container {server['name']}")
    starts, rss_start = [], []
    for _ in range(SPAWNS):
        proc, ms = start_once(server)
        starts.append(ms)
        rss_start.append(tree_rss_mib(proc.pid))
        stop(proc)
    proc, _ = start_once(server)
    try:
        wrk(server["port"], WARMUP_S, post=False)
        wrk(server["port"], WARMUP_S, post=True)
        get = wrk(server["port"], MEASURE_S, post=False)
        post = wrk(server["port"], MEASURE_S, post=True)
        rss_load = tree_rss_mib(proc.pid)
    finally:
        stop(proc)
    result = {"name": server["name"], "desc": server["desc"], "start_ms": starts,
              "start_ms_median": statistics.median(starts), "rss_start_mib": statistics.median(rss_start),
              "rss_load_mib": rss_load, "get": get, "post": post}
    log(json.dumps(result))
    return result


def train_container(cwd, aot_flag, port):
    """Training run for a JDK 25 AOT cache: start with -XX:AOTCacheOutput, serve both endpoints, exit on SIGTERM."""
    log(f"== training {aot_flag}")
    proc = spawn([JAVA25, aot_flag, "-jar", "quarkus-run.jar"], cwd)
    wait_ready(proc, port)
    wrk(port, 3, post=False)
    wrk(port, 3, post=True)
    stop(proc, signal.SIGTERM)


def lambda_cmd(flags):
    """The Lambda process, started by the image's own launch script; an archive's training run uses the same."""
    return PIN + [LAMBDA_JAVA, *flags, LAMBDA_HANDLER]


def lambda_env(java, env=None):
    """What lambda-java.sh reads: which java, the class path, and no JAVA_OPTS but the row's own flags."""
    return {**(env or {}), "JAVA": java, "APP_CLASSPATH": lambda_classpath(), "JAVA_OPTS": "", "JAVA_OPTS_APPEND": ""}


def lambda_classpath():
    return f"hello-anywhere-1.0.0-SNAPSHOT-runner.jar:{open(os.path.join(WORK, 'ric.cp')).read().strip()}"


def bench_lambda(item):
    log(f"== lambda {item['name']}")
    cwd = os.path.join(WORK, item["build"])
    cmd = lambda_cmd(item["flags"])
    cold_out = os.path.join(WORK, f"{item['name']}-cold.json")
    warm_out = os.path.join(WORK, f"{item['name']}-warm.json")
    env = lambda_env(item["java"], item.get("env"))
    run_in(cwd, "cold", item["kind"], str(LAMBDA_SPAWNS), cold_out, "--", *cmd, env=env)
    run_in(cwd, "warm", item["kind"], str(LAMBDA_WARMUP), str(LAMBDA_RUNS), warm_out, "--", *cmd, env=env)
    cold, warm = json.load(open(cold_out)), json.load(open(warm_out))
    result = {"name": item["name"], "desc": item["desc"], "kind": item["kind"], "start_ms": cold["start_ms"],
              "start_ms_median": statistics.median(cold["start_ms"]),
              "rss_start_mib": statistics.median(cold["rss_mib"]), "rss_load_mib": warm["rss_mib"],
              "get": warm["get"], "post": warm["post"]}
    log(json.dumps(result))
    return result


def run_in(cwd, *args, env=None):
    """Runs the Lambda driver in cwd; the Lambda processes it spawns inherit env."""
    cp = open(os.path.join(WORK, "driver.cp")).read().strip()
    cmd = ["taskset", "-c", "1", JAVA17, f"-Dbench.log={WORK}/lambda.log", "-cp",
           f"{BENCH}/lambda-driver/target/classes:{cp}", "bench.LambdaBench", *args]
    subprocess.run(cmd, check=True, cwd=cwd, stdout=subprocess.DEVNULL, env={**os.environ, **(env or {})})


def startup_archive(cwd, mode, args, env):
    """The images' own archive step (docker/startup-archive.sh), run with JDK 25 and the image's flags."""
    log(f"== docker/startup-archive.sh {mode} in {cwd}")
    with open(os.path.join(WORK, "server.log"), "ab") as logf:
        subprocess.run([os.path.join(ROOT, "docker", "startup-archive.sh"), mode, "--", *args], cwd=cwd, check=True,
                       env={**os.environ, **env, "JAVA": JAVA25}, stdout=logf, stderr=logf)


def mock_overhead(kind):
    log(f"== mock event server alone ({kind})")
    out = os.path.join(WORK, f"mock-{kind}.json")
    run_in(WORK, "mock", kind, str(LAMBDA_WARMUP), str(LAMBDA_RUNS), out)
    return json.load(open(out))


def java_version(java):
    out = subprocess.run([java, "-version"], capture_output=True, text=True).stderr.splitlines()
    return out[1].strip() if len(out) > 1 else out[0]


def container_servers():
    w = WORK
    jar = ["-jar", "quarkus-run.jar"]
    q = lambda name, desc, java, flags, build, env=None: {  # noqa: E731
        "name": name, "desc": desc, "port": 8080, "cwd": os.path.join(w, build), "cmd": [java, *flags, *jar],
        "env": env}
    aot = ["-XX:AOTCache=app-trained.aot"]
    return [
        {"name": "uvicorn", "desc": "FastAPI 0.92 on uvicorn 0.17.6, 1 worker (reference)", "port": 8082,
         "cwd": BENCH, "cmd": ["/usr/bin/python3", "-m", "uvicorn", "fastapi_app:app", "--port", "8082",
                               "--log-level", "warning", "--no-access-log"]},
        {"name": "nginx", "desc": "nginx, fixed JSON, 1 worker (upper bound)", "port": 8083, "cwd": w,
         "cmd": ["/usr/sbin/nginx", "-p", w, "-c", os.path.join(BENCH, "nginx.conf"), "-g",
                 f"daemon off; pid {w}/nginx.pid;"]},
        q("q17", "Quarkus, JDK 17, defaults", JAVA17, [], "c17"),
        q("q17-appcds", "JDK 17 + AppCDS (quarkus.package.jar.appcds.enabled)", JAVA17, CDS, "c17cds"),
        q("q17-c1", "JDK 17 + -XX:TieredStopAtLevel=1 (C1 only)", JAVA17, C1, "c17"),
        q("q17-mem", "JDK 17 + SerialGC, -Xmx64m, small stacks/code cache, MALLOC_ARENA_MAX=1", JAVA17, MEM,
          "c17", ONE_ARENA),
        q("q17-pools", "JDK 17 + 1 event loop, 8 workers (one-vCPU pools)", JAVA17, POOLS, "c17"),
        q("q17-tuned", "JDK 17 + AppCDS + mem + pools", JAVA17, CDS + MEM + POOLS, "c17cds", ONE_ARENA),
        q("q17-tuned-c1", "JDK 17 + AppCDS + mem + pools + C1", JAVA17, CDS + MEM + POOLS + C1, "c17cds",
          ONE_ARENA),
        q("q25-aot-trained", "JDK 25 + AOT cache trained with GET+POST traffic", JAVA25, aot, "c25aot"),
        q("q25-aot-tuned", "JDK 25 + trained AOT cache + mem + pools", JAVA25, aot + MEM + POOLS, "c25aot",
          ONE_ARENA),
        q("q25-aot-tuned-c1", "JDK 25 + trained AOT cache + mem + pools + C1", JAVA25, aot + MEM + POOLS + C1,
          "c25aot", ONE_ARENA),
        q("image", "the container image's JVM: JDK 25, aot-jar, AOT cache from docker/startup-archive.sh, image flags, "
          "512 MiB pod",
          JAVA25, ["@jvm.args"] + CONTAINER_IMAGE_FLAGS + POD_MEMORY, "img", CONTAINER_IMAGE_ENV),
        q("image-1loop", "the container image's JVM + 1 event loop (one-vCPU pods)", JAVA25,
          ["@jvm.args"] + CONTAINER_IMAGE_FLAGS + POD_MEMORY + ONE_LOOP, "img", CONTAINER_IMAGE_ENV),
    ]


def lambda_items():
    return [
        {"name": "l17", "desc": "Lambda (HTTP API v2), JDK 17, RIC, defaults", "kind": "http", "java": JAVA17,
         "flags": [], "build": "l17"},
        {"name": "l17-appcds-c1", "desc": "Lambda v2, JDK 17 + trained AppCDS + TieredStopAtLevel=1",
         "kind": "http", "java": JAVA17, "flags": ["-XX:SharedArchiveFile=lambda-cds.jsa"] + C1 + ["-Xshare:auto"],
         "build": "l17"},
        {"name": "l25", "desc": "Lambda v2, JDK 25, RIC, defaults", "kind": "http", "java": JAVA25, "flags": [],
         "build": "l17"},
        {"name": "l25-aot", "desc": "Lambda v2, JDK 25 + AOT cache trained with invocations", "kind": "http",
         "java": JAVA25, "flags": ["-XX:AOTCache=lambda.aot"], "build": "l17"},
        {"name": "l25-aot-c1", "desc": "Lambda v2, JDK 25 + AOT cache + TieredStopAtLevel=1", "kind": "http",
         "java": JAVA25, "flags": ["-XX:AOTCache=lambda.aot"] + C1, "build": "l17"},
        {"name": "l25-image", "desc": "the Lambda image's JVM: JDK 25, AOT cache from docker/startup-archive.sh "
         "(trained with invocations), image flags (C1)", "kind": "http", "java": JAVA25,
         "flags": ["@jvm.args", *LAMBDA_IMAGE_FLAGS],
         "build": "l17", "env": LAMBDA_IMAGE_ENV},
        {"name": "lrest17", "desc": "Lambda with REST API (v1) events, JDK 17, RIC, defaults", "kind": "rest",
         "java": JAVA17, "flags": [], "build": "l17"},
    ]


def train_lambda():
    """Training runs whose archives the Lambda variants above use (same command line, same directory)."""
    cwd = os.path.join(WORK, "l17")
    log("== training Lambda AppCDS (JDK 17) and AOT cache (JDK 25)")
    run_in(cwd, "train", "http", "500", "--", *lambda_cmd(["-XX:ArchiveClassesAtExit=lambda-cds.jsa"] + C1),
           env=lambda_env(JAVA17))
    run_in(cwd, "train", "http", "500", "--", *lambda_cmd(["-XX:AOTCacheOutput=lambda.aot"]),
           env=lambda_env(JAVA25))
    startup_archive(cwd, "lambda", [*LAMBDA_IMAGE_FLAGS, LAMBDA_HANDLER],
                    {**lambda_env(JAVA25, LAMBDA_IMAGE_ENV),
                     "TRAINING_EVENTS": os.path.join(ROOT, "src", "test", "resources", "events")})
    for f in ("lambda-cds.jsa", "lambda.aot", "app.aot"):
        if not os.path.exists(os.path.join(cwd, f)):
            raise RuntimeError(f"training did not write {f}; see {WORK}/lambda.log")


def fmt_ratio(a, b):
    return f"{a / b:.2f}×" if a and b else "n/a"


def report(container, lambdas, mock):
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    uv = next(r for r in container if r["name"] == "uvicorn")
    ng = next(r for r in container if r["name"] == "nginx")
    lines = [
        "# hello-anywhere benchmark results",
        "",
        f"- Date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}"
        f"{' (QUICK=1 smoke run: fewer spawns, short wrk runs)' if QUICK else ''}",
        f"- Machine: {os.cpu_count()} CPUs (`nproc`), {cpu}, {platform.system()} {platform.release()}; shared with "
        "other builds, so absolute numbers are noisy: compare rows of the same run only.",
        f"- JDKs: 17 = `{java_version(JAVA17)}`; 25 = `{java_version(JAVA25)}`",
        f"- Method: server on CPU 0 (`taskset -c 0`), load generator on CPU 1. Start = spawn → first 200 from "
        f"`GET /hello?name=x`, median of {SPAWNS} spawns. wrk: 1 thread, {CONNECTIONS} connections, "
        f"{WARMUP_S} s warm-up per endpoint, then {MEASURE_S} s per endpoint. RSS = VmRSS of the process tree "
        "(nginx: master + worker).",
        "",
        "## Container (HTTP server)",
        "",
        "| Variant | Start ms (median) | vs uvicorn | RSS start MiB | RSS after load MiB | GET req/s | GET p50/p99 ms "
        "| GET vs uvicorn | GET vs nginx | POST req/s | POST p50/p99 ms | POST vs uvicorn |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in container:
        g, p = r["get"], r["post"]
        flag = " ⚠ non-2xx" if g["non2xx"] or p["non2xx"] else ""
        lines.append(
            f"| `{r['name']}` {r['desc']}{flag} | {r['start_ms_median']:.0f} | "
            f"{fmt_ratio(r['start_ms_median'], uv['start_ms_median'])} | {r['rss_start_mib']:.0f} | "
            f"{r['rss_load_mib']:.0f} | {g['rps']:.0f} | {g['p50_ms']:.2f} / {g['p99_ms']:.2f} | "
            f"{fmt_ratio(g['rps'], uv['get']['rps'])} | {fmt_ratio(g['rps'], ng['get']['rps'])} | {p['rps']:.0f} | "
            f"{p['p50_ms']:.2f} / {p['p99_ms']:.2f} | {fmt_ratio(p['rps'], uv['post']['rps'])} |")
    lines += [
        "",
        "## Lambda (through Quarkus's mock event server + AWS runtime interface client 2.10.1)",
        "",
        f"Cold start = spawn → first `GET /hello` answered through the mock server's front door (median of "
        f"{LAMBDA_SPAWNS}, fresh mock server each time). Warm = {LAMBDA_RUNS} sequential invocations of each "
        f"endpoint after {LAMBDA_WARMUP} warm-up pairs, one client on CPU 1. \"Handler overhead\" = warm median minus "
        "the mock server alone (a no-op runtime answering from the driver process).",
        "",
        "| Variant | Cold start ms (median) | RSS after 1st MiB | RSS after load MiB | GET p50 / p99 ms | "
        "GET handler overhead p50 ms | POST p50 / p99 ms | POST handler overhead p50 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in lambdas:
        m = mock[r["kind"]]
        lines.append(
            f"| `{r['name']}` {r['desc']} | {r['start_ms_median']:.0f} | {r['rss_start_mib']:.0f} | "
            f"{r['rss_load_mib']:.0f} | {r['get']['p50_ms']:.3f} / {r['get']['p99_ms']:.3f} | "
            f"{r['get']['p50_ms'] - m['get']['p50_ms']:.3f} | {r['post']['p50_ms']:.3f} / {r['post']['p99_ms']:.3f} "
            f"| {r['post']['p50_ms'] - m['post']['p50_ms']:.3f} |")
    for kind, m in mock.items():
        lines.append(f"| mock server alone ({kind}), no-op runtime | | | | {m['get']['p50_ms']:.3f} / "
                     f"{m['get']['p99_ms']:.3f} | 0 | {m['post']['p50_ms']:.3f} / {m['post']['p99_ms']:.3f} | 0 |")
    if FAILED:
        lines += ["", f"Failed in this run (see bench/.work/*.log): {', '.join(FAILED)}"]
    lines.append("")
    return "\n".join(lines)


FAILED = []


def guarded(fn, item):
    """One broken variant must not cost the whole run: it is listed under the tables instead."""
    try:
        return fn(item)
    except Exception as e:  # noqa: BLE001
        log(f"!! {item['name']} failed: {e}")
        FAILED.append(item["name"])
        return None


def main():
    os.makedirs(WORK, exist_ok=True)
    only = set(os.environ.get("ONLY", "").split(",")) - {""}
    servers = container_servers()
    train_container(os.path.join(WORK, "c25aot"), "-XX:AOTCacheOutput=app-trained.aot", 8080)
    startup_archive(os.path.join(WORK, "img"), "http", CONTAINER_IMAGE_FLAGS + ["-jar", "quarkus-run.jar"],
                    CONTAINER_IMAGE_ENV)
    container = [r for r in (guarded(bench_container, s) for s in servers
                             if not only or s["name"] in only or s["name"] in ("uvicorn", "nginx")) if r]
    train_lambda()
    mock = {kind: mock_overhead(kind) for kind in ("http", "rest")}
    lambdas = [r for r in (guarded(bench_lambda, i) for i in lambda_items() if not only or i["name"] in only) if r]
    json.dump({"container": container, "lambda": lambdas, "mock": mock}, open(os.path.join(BENCH, "results.json"),
                                                                             "w"), indent=1)
    md = report(container, lambdas, mock)
    if not QUICK:
        open(os.path.join(BENCH, "results.md"), "w").write(md)
    else:
        open(os.path.join(WORK, "results-quick.md"), "w").write(md)
    print(md)


if __name__ == "__main__":
    main()
