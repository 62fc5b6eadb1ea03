#!/usr/bin/python3
"""Quarkus against the Python stack it replaces, side by side in one run; bench/lambda-vs-mangum.sh prepares it.

Lambda: the Lambda image's function, started inside the image's own file system (chroot) with the image's
ENTRYPOINT, CMD, environment, working directory and user exactly as `docker inspect` reports them, so its JVM flags
and its startup archive are the ones docker/Dockerfile.lambda made; against bench/fastapi_app.py behind Mangum in
bench/lambda_function.py. Both poll the same small Runtime API (RuntimeApi below, in this process) for the same
API Gateway HTTP API (payload 2.0) events. Floors: AWS's Java runtime interface client with a constant handler
(bench/floor/, on the image's JVM with the image's JAVA_OPTS and its own AOT cache) and the Python loop with a
constant handler.

Container: the container image's entrypoint the same way, against uvicorn serving the same FastAPI app.

Functions and servers run on CPU 0, this script on CPU 1. Cold start = spawn -> first response, all targets
interleaved round by round. Warm = one process per target, all alive at once, invocations interleaved round-robin,
each timed from handing the event to the function's /next call to reading its response.
"""
import asyncio
import base64
import datetime
import json
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
WORK = os.environ.get("WORK", os.path.join(BENCH, ".work", "lvm"))
sys.path.insert(0, BENCH)
import bench  # noqa: E402  the container benchmark's HTTP probe and wrk runner

QUICK = os.environ.get("QUICK") == "1"
SPAWNS = 3 if QUICK else 7
WARMUP = 300 if QUICK else 1000     # GET + POST pairs per function before timing
RUNS = 1000 if QUICK else 3000      # timed invocations of each endpoint per function
WRK_WARMUP_S, WRK_S = (3, 5) if QUICK else (3, 10)  # the JIT needs the 3 s warm-up
THROUGHPUT_ROUNDS = 1 if QUICK else 3  # interleaved rounds of the four wrk runs
FUNCTION_CPU = {0}
PYTHON = "/usr/bin/python3"
RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda"
# Inside the container the JVM sizes its heap from the memory limit; on the host it would see 24 GiB. These stand for
# serverless.yml's memorySize and the k8s/ECS limit, passed the way Lambda users pass JVM flags.
LAMBDA_MEMORY = "-XX:MaxRAM=1024m"
POD_MEMORY = "-XX:MaxRAM=512m"

GET = {"path": "/hello", "query": "name=x", "method": "GET", "body": None,
       "expect": {"message": "[GET]hello, x!"}}
POST = {"path": "/hello_post", "query": "", "method": "POST", "body": '{"name":"x"}',
        "expect": {"message": "[POST]hello, x!"}}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def event(request):
    """An API Gateway HTTP API (payload 2.0) event, shaped like src/test/resources/events/."""
    headers = {"accept": "*/*", "host": "r3pmxmplak.execute-api.ap-northeast-1.amazonaws.com",
               "user-agent": "bench", "x-forwarded-for": "203.0.113.10", "x-forwarded-port": "443",
               "x-forwarded-proto": "https"}
    if request["body"] is not None:
        headers["content-type"] = "application/json"
        headers["content-length"] = str(len(request["body"]))
    e = {"version": "2.0", "routeKey": "$default", "rawPath": request["path"], "rawQueryString": request["query"],
         "headers": headers,
         "requestContext": {"accountId": "123456789012", "apiId": "r3pmxmplak",
                            "domainName": headers["host"], "domainPrefix": "r3pmxmplak",
                            "http": {"method": request["method"], "path": request["path"], "protocol": "HTTP/1.1",
                                     "sourceIp": "203.0.113.10", "userAgent": "bench"},
                            "requestId": "JKJaXmPLvHcESHA=", "routeKey": "$default", "stage": "$default",
                            "time": "10/Mar/2026:13:40:52 +0000", "timeEpoch": 1773150052000},
         "isBase64Encoded": False}
    if request["query"]:
        e["queryStringParameters"] = dict(p.split("=", 1) for p in request["query"].split("&"))
    if request["body"] is not None:
        e["body"] = request["body"]
    return json.dumps(e).encode()


def check(answer, request, constant):
    """The function's answer must be the API's answer (a floor's only a 200), or the timing means nothing."""
    r = json.loads(answer)
    if r.get("statusCode") != 200:
        raise RuntimeError(f"answer to {request['method']} {request['path']}: {answer[:300]!r}")
    if constant:
        return
    body = r.get("body", "")
    if r.get("isBase64Encoded"):
        body = base64.b64decode(body)
    if json.loads(body) != request["expect"]:
        raise RuntimeError(f"answer to {request['method']} {request['path']}: {answer[:300]!r}")


class RuntimeApi:
    """The Lambda Runtime API's invocation calls (next, response, error), one event at a time, HTTP/1.1 keep-alive."""

    PREFIX = "/2018-06-01/runtime/"

    def __init__(self):
        self.events = asyncio.Queue()
        self.pending = {}
        self.ids = 0
        self.connections = set()

    async def start(self):
        self.server = await asyncio.start_server(self.serve, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]
        return self

    async def close(self):
        self.server.close()
        for task in list(self.connections):
            task.cancel()
        await asyncio.gather(*self.connections, return_exceptions=True)
        await self.server.wait_closed()

    async def invoke(self, payload, timeout):
        """Hands out one event; returns (seconds from handing it out to the response, response body)."""
        self.ids += 1
        request_id = str(self.ids)
        answer = asyncio.get_running_loop().create_future()
        self.pending[request_id] = answer
        t0 = time.perf_counter()
        self.events.put_nowait((request_id, payload))
        body = await asyncio.wait_for(answer, timeout)
        return time.perf_counter() - t0, body

    async def serve(self, reader, writer):
        self.connections.add(asyncio.current_task())
        try:
            while True:
                head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1")
                method, path = head.split(" ", 2)[:2]
                length = re.search(r"^content-length:\s*(\d+)", head, re.I | re.M)
                if re.search(r"^expect:\s*100-continue", head, re.I | re.M):
                    writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                if re.search(r"^transfer-encoding:", head, re.I | re.M):
                    raise RuntimeError("chunked request bodies are not supported")
                body = await reader.readexactly(int(length.group(1))) if length else b""
                await self.handle(writer, method, path, body)
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()
            self.connections.discard(asyncio.current_task())

    async def handle(self, writer, method, path, body):
        call = path[len(self.PREFIX):] if path.startswith(self.PREFIX) else ""
        if method == "GET" and call == "invocation/next":
            request_id, payload = await self.events.get()
            deadline = int(time.time() * 1000) + 300_000
            respond(writer, "200 OK", payload, f"Lambda-Runtime-Aws-Request-Id: {request_id}",
                    f"Lambda-Runtime-Deadline-Ms: {deadline}",
                    "Lambda-Runtime-Invoked-Function-Arn: arn:aws:lambda:ap-northeast-1:123456789012:function:bench",
                    "Lambda-Runtime-Trace-Id: Root=1-5e6722a7-cc56xmpl46db7ae02d4da47e;Sampled=0")
            return
        m = re.fullmatch(r"invocation/([^/]+)/(response|error)", call)
        if method == "POST" and m and m.group(1) in self.pending:
            respond(writer, "202 Accepted", b'{"status":"OK"}')
            answer = self.pending.pop(m.group(1))
            if m.group(2) == "response":
                answer.set_result(body)
            else:
                answer.set_exception(RuntimeError(f"the function reported an error: {body[:300]!r}"))
            return
        if method == "POST" and call == "init/error":
            respond(writer, "202 Accepted", b'{"status":"OK"}')
            for answer in self.pending.values():
                answer.set_exception(RuntimeError(f"init error: {body[:300]!r}"))
            self.pending.clear()
            return
        respond(writer, "404 Not Found", b'{"errorMessage":"not a Runtime API call"}')


def respond(writer, status, body, *headers):
    head = [f"HTTP/1.1 {status}", "Content-Type: application/json", f"Content-Length: {len(body)}", *headers]
    writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)


# The targets ----------------------------------------------------------------------------------------------------

def image_config(name):
    """The image's Config from `docker inspect` and its exported file system (bench/lambda-vs-mangum.sh)."""
    config = json.load(open(os.path.join(WORK, f"{name}.json")))
    env = dict(e.split("=", 1) for e in config.get("Env") or [])
    env.setdefault("HOME", "/")
    user = config.get("User") or "0"
    uid, _, gid = user.partition(":")
    return {"root": os.path.join(WORK, f"{name}-root"), "argv": (config.get("Entrypoint") or []) +
            (config.get("Cmd") or []), "env": env, "cwd": config.get("WorkingDir") or "/",
            "uid": int(uid), "gid": int(gid or 0)}


def image_target(name, image, extra_env, argv=None, uid=None):
    return {"name": name, "argv": argv or image["argv"], "env": {**image["env"], **extra_env},
            "root": image["root"], "cwd": image["cwd"], "uid": image["uid"] if uid is None else uid,
            "gid": image["gid"] if uid is None else 0, "java": True}


def host_target(name, argv, env=None):
    return {"name": name, "argv": argv, "env": {**os.environ, **(env or {})}, "root": None, "cwd": BENCH, "uid": None,
            "gid": None, "java": False}


def spawn(target, extra_env, log_path):
    """Starts a target on CPU 0: inside its image's file system as the image's user, or on the host."""
    def enter():
        os.sched_setaffinity(0, FUNCTION_CPU)
        if target["root"]:
            os.chroot(target["root"])
            os.chdir(target["cwd"])
            os.setgroups([])
            os.setgid(target["gid"])
            os.setuid(target["uid"])
    logf = open(log_path, "ab")
    return subprocess.Popen(target["argv"], env={**target["env"], **extra_env}, cwd=target["cwd"] if not target["root"]
                            else "/", stdout=logf, stderr=logf, preexec_fn=enter, start_new_session=True)


stop = bench.stop


def rss_mib(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def started_in(log_path):
    """Quarkus's own "started in" figure, from the log of one start."""
    found = re.findall(r"started in ([\d.]+)s", open(log_path, errors="replace").read())
    return float(found[-1]) * 1000 if found else None


async def answered(proc, work, timeout=60):
    """Awaits work, but fails as soon as the process exits."""
    task = asyncio.ensure_future(work)
    t0 = time.monotonic()
    while not task.done():
        if proc.poll() is not None:
            task.cancel()
            raise RuntimeError(f"exited with {proc.returncode} before answering")
        if time.monotonic() - t0 > timeout:
            task.cancel()
            raise RuntimeError("no answer in time")
        await asyncio.wait([task], timeout=0.05)
    return task.result()


async def lambda_cold(target, i):
    api = await RuntimeApi().start()
    log_path = os.path.join(WORK, "logs", f"{target['name']}-cold-{i}.log")
    t0 = time.perf_counter()
    proc = spawn(target, {"AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{api.port}"}, log_path)
    try:
        _, body = await answered(proc, api.invoke(event(GET), 60))
        ms = (time.perf_counter() - t0) * 1000
        check(body, GET, target.get("constant"))
        return {"ms": ms, "rss": rss_mib(proc.pid), "quarkus_ms": started_in(log_path)}
    finally:
        stop(proc)
        await api.close()


async def container_cold(target, i):
    port = target["port"]
    if bench.http_status(port) is not None:
        raise RuntimeError(f"port {port} already in use")
    log_path = os.path.join(WORK, "logs", f"{target['name']}-cold-{i}.log")
    t0 = time.perf_counter()
    proc = spawn(target, {}, log_path)
    try:
        while bench.http_status(port) != 200:
            if proc.poll() is not None:
                raise RuntimeError(f"{target['name']} exited with {proc.returncode}; see {log_path}")
            if time.perf_counter() - t0 > 60:
                raise RuntimeError(f"{target['name']} did not answer 200 in time")
            await asyncio.sleep(0.002)
        return {"ms": (time.perf_counter() - t0) * 1000, "rss": rss_mib(proc.pid),
                "quarkus_ms": started_in(log_path)}
    finally:
        stop(proc)


async def warm(targets):
    """All functions alive at once, each with its own Runtime API; invocations interleaved round-robin."""
    running = []
    try:
        for t in targets:
            api = await RuntimeApi().start()
            proc = spawn(t, {"AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{api.port}"},
                         os.path.join(WORK, "logs", f"{t['name']}-warm.log"))
            running.append((t, api, proc, {"GET": [], "POST": []}))
        payloads = {"GET": event(GET), "POST": event(POST)}
        for n in range(WARMUP + RUNS):
            for t, api, proc, times in running:
                for request in (GET, POST):
                    seconds, body = await answered(proc, api.invoke(payloads[request["method"]], 60))
                    check(body, request, t.get("constant"))
                    if n >= WARMUP:
                        times[request["method"]].append(seconds * 1000)
        return {t["name"]: {**{m: pct(v) for m, v in times.items()}, "rss_load": rss_mib(proc.pid)}
                for t, api, proc, times in running}
    finally:
        for _, api, proc, _ in running:
            stop(proc)
            await api.close()


def pct(values):
    s = sorted(values)
    at = lambda p: s[min(len(s) - 1, max(0, int(len(s) * p / 100 + 0.999999) - 1))]  # noqa: E731
    return {"n": len(s), "p50": at(50), "p99": at(99)}


async def train_floor(target, aot_output):
    """The Java floor's own AOT cache, trained with invocations the way the image's is (startup-archive.sh)."""
    if os.path.exists(os.path.join(target["root"], aot_output.lstrip("/"))):
        return
    log("== training the Java floor's AOT cache")
    api = await RuntimeApi().start()
    java, *args = [a for a in target["argv"] if not a.startswith("-XX:AOTCache=")]
    trainer = {**target, "argv": [java, f"-XX:AOTCacheOutput={aot_output}", "-Xlog:aot=error", *args], "uid": 0,
               "gid": 0}
    proc = spawn(trainer, {"AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{api.port}"},
                 os.path.join(WORK, "logs", "java-floor-training.log"))
    try:
        for _ in range(300):
            await answered(proc, api.invoke(event(GET), 60))
        proc.send_signal(signal.SIGTERM)
        await asyncio.get_running_loop().run_in_executor(None, proc.wait, 300)
    finally:
        stop(proc)
        await api.close()


def java_floor(lambda_image):
    """AWS's runtime interface client (and the two SDK jars it needs) and a constant handler, on the Lambda image's
    JVM with its JAVA_OPTS."""
    root = lambda_image["root"]
    lib = os.path.join(root, lambda_image["cwd"].lstrip("/"), "lib")
    ric_jar = r"aws-lambda-java-(runtime-interface-client|core|serialization)-|software\.amazon\.awssdk"
    ric = sorted(f"{lambda_image['cwd']}/lib/{j}" for j in os.listdir(lib) if re.search(ric_jar, j))
    java = next(os.path.join(d, "java") for d in lambda_image["env"]["PATH"].split(":")
                if os.path.exists(os.path.join(root, d.lstrip("/"), "java")))
    argv = [java, "-XX:AOTCache=/bench-floor/floor.aot", "--enable-native-access=ALL-UNNAMED",
            *lambda_image["env"].get("JAVA_OPTS", "").split(),
            "-cp", ":".join(["/bench-floor/constant-handler.jar", *ric]),
            RIC_MAIN, "bench.ConstantHandler::handleRequest"]
    return {**image_target("java-floor", lambda_image, {"JAVA_TOOL_OPTIONS": LAMBDA_MEMORY}, argv=argv),
            "constant": True}


async def main():
    os.makedirs(os.path.join(WORK, "logs"), exist_ok=True)
    lam, con = image_config("lambda"), image_config("container")
    quarkus = image_target("quarkus", lam, {"JAVA_TOOL_OPTIONS": LAMBDA_MEMORY})
    floor = java_floor(lam)
    mangum = host_target("mangum", [PYTHON, "lambda_function.py"], {"PYTHONPATH": os.environ.get("MANGUM_PATH", "")})
    pyfloor = {**host_target("python-floor", [PYTHON, "lambda_function.py", "--constant"]), "constant": True}
    k8s_env = dict(l.strip().split("=", 1) for l in open(os.path.join(ROOT, "k8s", "base", "config.env"))
                   if "=" in l and not l.startswith("#"))
    image = {**image_target("image", con, {"JAVA_TOOL_OPTIONS": POD_MEMORY}), "port": 8080}
    uvicorn = {**host_target("uvicorn", [PYTHON, "-m", "uvicorn", "fastapi_app:app", "--port", "8082",
                                         "--log-level", "warning", "--no-access-log"]), "port": 8082}
    await train_floor(floor, "/bench-floor/floor.aot")
    # Other commits' images (VARIANTS): cold starts only, in the same rounds.
    variants = [v.split("=", 1)[0] for v in os.environ.get("VARIANTS", "").split()]
    other_lambdas = [image_target(f"quarkus@{v}", image_config(f"lambda-{v}"), {"JAVA_TOOL_OPTIONS": LAMBDA_MEMORY})
                     for v in variants]
    other_images = [{**image_target(f"image@{v}", image_config(f"container-{v}"), {"JAVA_TOOL_OPTIONS": POD_MEMORY}),
                     "port": 8080} for v in variants]

    lambdas = [quarkus, mangum, floor, pyfloor]
    containers = [image, uvicorn]
    cold = {t["name"]: [] for t in lambdas + other_lambdas + containers + other_images}
    for i in range(SPAWNS):  # interleaved, so a noisy moment hits every target alike
        log(f"== cold round {i + 1}/{SPAWNS}")
        for t in lambdas + other_lambdas:
            cold[t["name"]].append(await lambda_cold(t, i))
        for t in containers + other_images:
            cold[t["name"]].append(await container_cold(t, i))
    log(f"== warm: {WARMUP} + {RUNS} invocations of each endpoint per function, interleaved")
    hot = await warm(lambdas)
    # Each server with and without its access log (ours is on by default, uvicorn's too), in interleaved rounds.
    log("== GET throughput (wrk): the container image with k8s/base/config.env, uvicorn; access logs on and off")
    servers = {"image": {**image, "env": {**image["env"], **k8s_env}},
               "image-no-access-log": {**image, "env": {**image["env"], **k8s_env, "HELLO_ACCESS_LOG_ENABLED": "false"}},
               "uvicorn": uvicorn,
               "uvicorn-access-log": {**uvicorn, "argv": [a for a in uvicorn["argv"] if a != "--no-access-log"]
                                      + ["--log-level", "info"]}}
    runs = {name: [] for name in servers}
    for i in range(THROUGHPUT_ROUNDS):
        for name, served in servers.items():
            proc = spawn(served, {}, os.path.join(WORK, "logs", f"{name}-wrk-{i}.log"))
            try:
                bench.wait_ready(proc, served["port"])
                bench.wrk(served["port"], WRK_WARMUP_S, post=False)
                runs[name].append(bench.wrk(served["port"], WRK_S, post=False)["rps"])
            finally:
                stop(proc)
    throughput = {name: {"rps": statistics.median(rps), "runs": rps} for name, rps in runs.items()}
    results = {"cold": cold, "warm": hot, "throughput": throughput, "quick": QUICK, "spawns": SPAWNS,
               "variants": variants, "warmup": WARMUP, "runs": RUNS,
               "launch": {"quarkus": quarkus["argv"], "quarkus_env": quarkus["env"], "java-floor": floor["argv"],
                          "image": image["argv"], "image_env": image["env"]}}
    json.dump(results, open(os.path.join(WORK, "results.json"), "w"), indent=1)
    print(report(results))


def median(rows, key):
    values = [r[key] for r in rows if r.get(key) is not None]
    return statistics.median(values) if values else None


def report(r):
    cold, hot, tp = r["cold"], r["warm"], r["throughput"]
    c = {name: median(rows, "ms") for name, rows in cold.items()}
    ratio = lambda a, b: f"{a / b:.2f}×" if a and b else "n/a"  # noqa: E731
    ms = lambda v: f"{v:.0f} ms" if v is not None else "n/a"  # noqa: E731
    lat = lambda name, m: f"{hot[name][m]['p50']:.3f} / {hot[name][m]['p99']:.3f}"  # noqa: E731
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    java = " ".join(r["launch"]["quarkus"])
    lines = [
        "# Quarkus against FastAPI + Mangum / uvicorn, one run (bench/lambda-vs-mangum.sh)",
        "",
        f"- Date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}"
        f"{' (QUICK=1: fewer spawns and invocations)' if r['quick'] else ''}; {os.cpu_count()} CPUs, {cpu}, "
        f"{platform.system()} {platform.release()}. The machine is shared with other builds: compare within this "
        "run.",
        "- Functions and servers on CPU 0, the harness (Runtime API, HTTP probe, wrk) on CPU 1. Cold = spawn → "
        f"first response, median of {r['spawns']}, targets interleaved. Warm = {r['runs']} timed invocations per "
        f"endpoint after {r['warmup']} pairs, functions interleaved, each timed from handing out the event to its "
        "response.",
        f"- Lambda image launch (from `docker inspect`, run in the image's file system): `{java}`",
        "",
        "| | Quarkus | FastAPI + Mangum / uvicorn | ratio |",
        "|---|---:|---:|---:|",
        f"| Lambda cold start, spawn → first response (median of {r['spawns']}) | {ms(c['quarkus'])} | "
        f"{ms(c['mangum'])} | {ratio(c['quarkus'], c['mangum'])} |",
        f"| Lambda warm GET p50 / p99 ms | {lat('quarkus', 'GET')} | {lat('mangum', 'GET')} | "
        f"{ratio(hot['quarkus']['GET']['p50'], hot['mangum']['GET']['p50'])} |",
        f"| Lambda warm POST p50 / p99 ms | {lat('quarkus', 'POST')} | {lat('mangum', 'POST')} | "
        f"{ratio(hot['quarkus']['POST']['p50'], hot['mangum']['POST']['p50'])} |",
        f"| Floor: runtime client + constant handler, cold | {ms(c['java-floor'])} | {ms(c['python-floor'])} | "
        f"{ratio(c['java-floor'], c['python-floor'])} |",
        f"| Floor, warm GET p50 / p99 ms | {lat('java-floor', 'GET')} | {lat('python-floor', 'GET')} | "
        f"{ratio(hot['java-floor']['GET']['p50'], hot['python-floor']['GET']['p50'])} |",
        f"| Container image start → first 200 vs uvicorn (median of {r['spawns']}) | {ms(c['image'])} | "
        f"{ms(c['uvicorn'])} | {ratio(c['image'], c['uvicorn'])} |",
        f"| GET throughput, access logs off (wrk 32 connections {WRK_S} s, median of {len(tp['image']['runs'])}) | "
        f"{tp['image-no-access-log']['rps']:.0f} req/s | {tp['uvicorn']['rps']:.0f} req/s | "
        f"{ratio(tp['image-no-access-log']['rps'], tp['uvicorn']['rps'])} |",
        f"| GET throughput, access logs on (both servers' defaults) | "
        f"{tp['image']['rps']:.0f} req/s | {tp['uvicorn-access-log']['rps']:.0f} req/s | "
        f"{ratio(tp['image']['rps'], tp['uvicorn-access-log']['rps'])} |",
        "",
        "| Target | Cold median ms | Quarkus \"started in\" median ms | RSS after 1st MiB | RSS after warm MiB |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, rows in cold.items():
        q = median(rows, "quarkus_ms")
        warm_rss = f"{hot[name]['rss_load']:.0f}" if name in hot else ""
        lines.append(f"| {name} | {c[name]:.0f} | {'' if q is None else f'{q:.0f}'} | {median(rows, 'rss'):.0f} | "
                     f"{warm_rss} |")
    if r["variants"]:
        lines += ["", "Other commits' images in the same rounds (VARIANTS), against this build's:", "",
                  "| Build | Lambda cold median | vs this build | Container start median | vs this build |",
                  "|---|---:|---:|---:|---:|",
                  f"| this build | {ms(c['quarkus'])} | 1.00× | {ms(c['image'])} | 1.00× |"]
        for v in r["variants"]:
            lq, ci = c[f"quarkus@{v}"], c[f"image@{v}"]
            lines.append(f"| {v} | {ms(lq)} | {ratio(lq, c['quarkus'])} | {ms(ci)} | {ratio(ci, c['image'])} |")
    lines.append("")
    every = "; ".join(n + " " + ", ".join(f"{x['ms']:.0f}" for x in rows) for n, rows in cold.items())
    lines.append(f"Every cold start, ms: {every}")
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    asyncio.run(main())
