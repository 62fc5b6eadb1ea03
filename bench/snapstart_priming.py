#!/usr/bin/python3
"""What SnapStart priming buys, side by side in one run; bench/snapstart-priming.sh prepares it.

The Lambda build's function.zip runs as the managed java25 runtime runs it (docker/managed-java-runtime/bootstrap on
the layout its `layout` script made in $WORK), initialising for a snapshot (AWS_LAMBDA_INITIALIZATION_TYPE=snap-start):
the runtime client starts the function, runs its CRaC hooks (com.example.platform.lambda.SnapStartPriming) and then asks the
Runtime API for its restore. On AWS the snapshot is taken there and every new instance resumes from it; here the same
process goes on at once, so what follows is the function as a restore finds it, less the restore itself, which cannot
be measured off AWS. Variants, by priming rounds (HELLO_SNAPSTART_PRIMING_ROUNDS; ROUNDS=0,1,default by default):
0 is no priming, "default" the function's own setting.

For each spawn: the time from handing out the first API Gateway HTTP API GET after the restore to its answer, then
the first POST; then warm-up, and the warm p50 of each, all in the same process. Spawns interleave the variants
round by round; the function runs on CPU 0, this script on CPU 1, as in bench/lambda_vs_mangum.py, whose Runtime API
this extends with the restore call.
"""
import asyncio
import datetime
import json
import os
import re
import statistics
import sys
import time

BENCH = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH)
WORK = os.environ["WORK"]
sys.path.insert(0, BENCH)
from lambda_vs_mangum import RuntimeApi, answered, host_target, log, pct, respond, spawn, stop  # noqa: E402

QUICK = os.environ.get("QUICK") == "1"
SPAWNS = 3 if QUICK else 7
WARMUP = 300 if QUICK else 1000   # GET + POST pairs before the warm figures
RUNS = 300 if QUICK else 1000     # timed invocations of each for the warm p50
# Priming rounds per variant (HELLO_SNAPSTART_PRIMING_ROUNDS); "default" leaves the function's own default.
ROUNDS = os.environ.get("ROUNDS", "0,1,default").split(",")
VARIANTS = [("unprimed" if r == "0" else f"primed, {r} round" + ("" if r == "1" else "s"), None if r == "default" else r)
            for r in ROUNDS]
EVENTS = os.path.join(ROOT, "src", "test", "resources", "events")


def serverless_setting(pattern):
    """A literal from serverless.yml, the one source of the function's handler and memory."""
    found = re.search(pattern, open(os.path.join(ROOT, "serverless.yml")).read(), re.M)
    if not found:
        raise RuntimeError(f"serverless.yml has no {pattern}")
    return found.group(1)


HANDLER = serverless_setting(r"^\s+handler: (\S+)$")
MEMORY = serverless_setting(r"^\s+memorySize: (\d+)$")


def request(fixture, name):
    """An HTTP API event from the project's fixtures, asking for another name than priming did."""
    event = json.load(open(os.path.join(EVENTS, fixture)))
    if event.get("body"):
        event["body"] = json.dumps({"name": name})
        event["headers"]["content-length"] = str(len(event["body"]))
    else:
        event["rawQueryString"] = f"name={name}"
        event["queryStringParameters"] = {"name": name}
    return json.dumps(event).encode()


GET = request("http-api-get-hello.json", "bench")
POST = request("http-api-post-json.json", "bench")
EXPECT = {GET: "[GET]hello, bench!", POST: "[POST]hello, bench!"}


def check(answer, event):
    body = json.loads(json.loads(answer)["body"])
    if body != {"message": EXPECT[event]}:
        raise RuntimeError(f"unexpected answer {answer[:300]!r}")


class SnapStartRuntimeApi(RuntimeApi):
    """RuntimeApi plus SnapStart's restore call: the runtime client makes it once its hooks have run."""

    async def start(self):
        self.restore_asked = asyncio.get_running_loop().create_future()
        self.first_next = asyncio.get_running_loop().create_future()
        return await super().start()

    async def handle(self, writer, method, path, body):
        if method == "GET" and path == self.PREFIX + "restore/next":
            if not self.restore_asked.done():
                self.restore_asked.set_result(time.perf_counter())
            respond(writer, "200 OK", b"")
            return
        if method == "GET" and path == self.PREFIX + "invocation/next" and not self.first_next.done():
            self.first_next.set_result(time.perf_counter())
        await super().handle(writer, method, path, body)


async def one_spawn(name, rounds, i):
    api = await SnapStartRuntimeApi().start()
    env = {"AWS_LAMBDA_RUNTIME_API": f"127.0.0.1:{api.port}", "AWS_LAMBDA_INITIALIZATION_TYPE": "snap-start",
           "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": MEMORY, "_HANDLER": HANDLER, "AWS_LAMBDA_LOG_FORMAT": "JSON",
           "LAMBDA_TASK_ROOT": os.path.join(WORK, "task"), "LAMBDA_RUNTIME_DIR": os.path.join(WORK, "runtime"),
           "JAVA": os.environ["JAVA"], "TZ": ":UTC"}
    if rounds is not None:
        env["HELLO_SNAPSTART_PRIMING_ROUNDS"] = rounds
    target = host_target(name, [os.path.join(WORK, "runtime", "bootstrap")])
    log_path = os.path.join(WORK, "logs", f"{rounds or 'default'}-{i}.log")
    t0 = time.perf_counter()
    proc = spawn(target, env, log_path)
    try:
        restored = await answered(proc, api.restore_asked, timeout=120)
        # The first event is handed out once the runtime client asks for it: what it does between the restore and
        # that call (its after-restore hooks, its first use of its native HTTP client) is counted on its own.
        ready = await answered(proc, api.first_next, timeout=60)
        row = {"init_ms": (restored - t0) * 1000, "ready_ms": (ready - restored) * 1000}
        for label, event in (("first_get_ms", GET), ("first_post_ms", POST)):
            seconds, answer = await answered(proc, api.invoke(event, 60))
            check(answer, event)
            row[label] = seconds * 1000
        for _ in range(WARMUP):
            for event in (GET, POST):
                await answered(proc, api.invoke(event, 60))
        for label, event in (("warm_get_ms", GET), ("warm_post_ms", POST)):
            times = []
            for _ in range(RUNS):
                seconds, answer = await answered(proc, api.invoke(event, 60))
                times.append(seconds * 1000)
            check(answer, event)
            row[label] = pct(times)["p50"]
        primed = re.findall(r"SnapStart priming: answered (\d+) events .*? in (\d+) ms", open(log_path).read())
        row["priming_ms"] = float(primed[-1][1]) if primed and int(primed[-1][0]) > 0 else 0.0
        return row
    finally:
        stop(proc)
        await api.close()


async def main():
    os.makedirs(os.path.join(WORK, "logs"), exist_ok=True)
    rows = {name: [] for name, _ in VARIANTS}
    for i in range(SPAWNS):
        for name, rounds in VARIANTS:
            rows[name].append(await one_spawn(name, rounds, i))
            log(f"round {i + 1}/{SPAWNS} {name}: " + ", ".join(f"{k} {v:.2f}" for k, v in rows[name][-1].items()))
    report(rows)


def median(values):
    return statistics.median(values)


def report(rows):
    lines = [f"# SnapStart priming, side by side ({datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, "
             f"commit {os.environ.get('COMMIT', '?')})", "",
             f"function.zip on docker/managed-java-runtime/bootstrap, {os.environ['JAVA_VERSION']}, "
             f"{SPAWNS} spawns per variant interleaved, warm p50 of {RUNS} after {WARMUP} GET + POST pairs, in the "
             "same process. Medians over the spawns. The restore itself is not measured (it cannot be off AWS).", "",
             "| variant | INIT (spawn -> restore call) | priming | restore -> first next call | "
             "first GET | first POST | warm GET p50 | warm POST p50 | first GET / warm GET |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, _ in VARIANTS:
        r = rows[name]
        m = {key: median([row[key] for row in r]) for key in r[0]}
        lines.append(f"| {name} | {m['init_ms']:.0f} ms | {m['priming_ms']:.0f} ms | {m['ready_ms']:.1f} ms | "
                     f"{m['first_get_ms']:.2f} ms | "
                     f"{m['first_post_ms']:.2f} ms | {m['warm_get_ms']:.3f} ms | {m['warm_post_ms']:.3f} ms | "
                     f"{m['first_get_ms'] / m['warm_get_ms']:.1f}x |")
    lines += ["", "Every spawn (ms): " + "; ".join(
        f"{name}: first GET " + ", ".join(f"{row['first_get_ms']:.1f}" for row in rows[name]) for name, _ in VARIANTS)]
    text = "\n".join(lines) + "\n"
    print(text)
    with open(os.environ["OUT"], "w") as out:
        out.write(text)


if __name__ == "__main__":
    asyncio.run(main())
