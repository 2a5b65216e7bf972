"""One consignment assessed through the API: latency at a steady 50 requests a second.

Steps:

1. a throw-away SQLite database (``DATABASE_URL`` when set) with the demo organisation, the
   demo risk profiles and a watch list of 10,000 generated entries for the Kuryk unit, and an
   API token of its analyst;
2. one consignment assessed in this process, without HTTP, ``IN_PROCESS_CALLS`` times: the
   fixed cost of one assessment (p50/p99, and CPU time per call), what the server's figures
   are made of;
3. a real server on loopback, as it runs in production: gunicorn with ``SERVER_WORKERS``
   synchronous worker processes (``gunicorn portcontrol.web.wsgi -w 2 -b 127.0.0.1:PORT``),
   DEBUG off, persistent database connections; each worker keeps its own engine inputs.
   ``BENCH_API_SERVER=runserver`` runs Django's threaded development server instead (one
   process), for comparison;
4. warm-up requests (some in parallel, so that every worker has read its inputs), then an
   open-loop run: request *i* is due at ``start + i / rate`` and is
   handed to a thread pool at that moment; its latency counts from the due time, not from
   when a thread picked it up, so a slow server cannot hide its backlog (no coordinated
   omission); the server's CPU time per request is read from /proc, since latency on a shared
   machine also measures whatever else runs on it;
5. the same run against a second server whose engine inputs are not cached (each request
   reads the profiles and builds the screening index again), shorter because it cannot keep
   up;
6. both servers are stopped; the watch list and the token are removed.

Consignments vary: HS codes (some of them caught by the demo profiles), weights, shippers and
consignees (a few of them respellings of listed names), containers and descriptions.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

RATE = 50  # requests per second
WATCH_LIST_ENTRIES = 10_000
UNCACHED_REQUESTS = 150  # the uncached server falls behind: a short run shows it
IN_PROCESS_CALLS = 400
SERVER_WORKERS = 2  # one per core of the reference machine
WORKERS = 48  # client threads: more than the server could ever have in flight at this rate
TIMEOUT = 30.0  # seconds one request may take before it counts as an error
UNIT = "KZKUR"
SEED = 20250611
PATH = "/api/targeting/assess"

HS_CODES = (
    "870323",
    "401110",
    "080810",
    "220300",
    "291524",  # acetic anhydride: the precursor profile
    "291521",
    "950300",  # toys: heavy cartons are caught
    "720449",
    "481820",
    "851713",
    "070200",
    "940360",
)
DESCRIPTIONS = ("Goods", "Spare parts", "Said to contain general cargo", "Toys", "Acetic acid")


def _setup() -> dict[str, str]:
    """Django configured for the benchmark; returns the environment the server must share."""
    scratch = tempfile.mkdtemp(prefix="portcontrol-bench-api-")
    env = {
        "PORTCONTROL_DEBUG": "false",
        "PORTCONTROL_SECRET_KEY": secrets.token_urlsafe(40),
        "PORTCONTROL_ALLOWED_HOSTS": "127.0.0.1",
        "PORTCONTROL_MEDIA_ROOT": os.path.join(scratch, "files"),
        "PORTCONTROL_VAR_DIR": os.path.join(scratch, "var"),
        "PORTCONTROL_DB_CONN_MAX_AGE": "600",
        "PORTCONTROL_TASK_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "DATABASE_URL": os.environ.get("DATABASE_URL")
        or f"sqlite:///{os.path.join(scratch, 'bench.sqlite3')}",
        "DJANGO_SETTINGS_MODULE": "portcontrol.web.settings",
    }
    os.environ.update(env)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return env


def _prepare(run_id: str) -> tuple[str, int, list[str]]:
    """Demo organisation, profiles and a 10,000-entry list; the token, the list id, names."""
    from bench.bench_screening import make_entries, respell
    from portcontrol.accounts.demo import create_demo_organisation
    from portcontrol.accounts.models import ApiToken, Unit, User
    from portcontrol.targeting.actions import create_watch_list, import_watch_list
    from portcontrol.targeting.demo import create_demo_profiles

    create_demo_organisation(secrets.token_urlsafe(16))
    unit = Unit.objects.get(code=UNIT)
    create_demo_profiles(unit.agency)
    analyst = User.objects.get(username=f"{UNIT.lower()}.analyst")
    rng = random.Random(SEED)
    entries = make_entries(WATCH_LIST_ENTRIES, rng)
    watch_list = create_watch_list(
        agency=unit.agency,
        unit=unit,
        fields={"code": f"bench-api-{run_id}", "name": "Benchmark list", "kind": "person"},
        by=analyst,
    )
    # Loaded through the import action (FollowTheMoney JSON lines), as an administration would.
    import_watch_list(_ftm_lines(entries), "ftm", watch_list, by=analyst)
    _, raw = ApiToken.issue(analyst, f"bench-api-{run_id}")
    listed = [respell(entry, rng) for entry in rng.sample(entries, 200)]
    return raw, watch_list.pk, listed


def _ftm_lines(entries: list[Any]) -> bytes:
    """The generated entries as FollowTheMoney entities, one JSON object a line."""
    lines = []
    for entry in entries:
        schema = "Person" if str(entry.kind) == "person" else "Company"
        lines.append(
            json.dumps(
                {
                    "id": f"bench-{entry.id}",
                    "schema": schema,
                    "properties": {"name": list(entry.names), "topics": ["sanction"]},
                },
                ensure_ascii=False,
            )
        )
    return "\n".join(lines).encode("utf-8")


def _cleanup(watch_list_id: int, run_id: str) -> None:
    """The benchmark's list and token leave the database (it may be a shared one)."""
    from portcontrol.accounts.models import ApiToken
    from portcontrol.targeting.models import WatchList

    WatchList.objects.filter(pk=watch_list_id).delete()
    ApiToken.objects.filter(name=f"bench-api-{run_id}").delete()


def consignment(rng: random.Random, number: int, listed: list[str]) -> dict[str, str]:
    """One consignment line in canonical field names, varied."""
    hs_code = rng.choice(HS_CODES)
    packages = rng.randint(1, 200)
    shipper = rng.choice(listed) if rng.random() < 0.1 else f"ТОО «Каспий Транс {number % 97}»"
    consignee = rng.choice(listed) if rng.random() < 0.1 else f"Alyat Trade {number % 89} LLC"
    return {
        "voyage_number": f"KUR-{number % 40:04d}",
        "transport_mode": "ferry",
        "vessel_name": "Barys",
        "vessel_imo": "9700196",
        "departure_port": "KZKUR",
        "arrival_port": "AZALA",
        "document_number": f"BL-{number:06d}",
        "item_number": "1",
        "hs_code": hs_code,
        "goods_description": rng.choice(DESCRIPTIONS),
        "packages": str(packages),
        "gross_weight_kg": str(round(packages * rng.uniform(3, 20), 1)),
        "value": str(rng.randint(500, 90_000)),
        "currency": "USD",
        "origin_country": rng.choice(("KZ", "CN", "TR", "IR")),
        "shipper_name": shipper,
        "shipper_country": "KZ",
        "consignee_name": consignee,
        "consignee_country": "AZ",
        "cargo_unit_id": "MSKU1234565" if number % 2 else "TGHU6543218",
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


# The development server: runserver, optionally with the engine-input cache switched off first.
_RUNSERVER = """
import sys
import django
django.setup()
from portcontrol.targeting import cache
cache.ENABLED = {cached}
from portcontrol.cli import main
sys.exit(main(["runserver", "127.0.0.1:{port}", "--noreload"]))
"""


# Gunicorn configuration of the uncached server: each worker switches the cache off once it
# has loaded the application (the hook runs in the worker, after the fork).
_UNCACHED_HOOK = """
def post_worker_init(worker):
    from portcontrol.targeting import cache
    cache.ENABLED = False
"""


def server_kind() -> str:
    """``gunicorn`` (production serving, the default) or ``runserver``."""
    return os.environ.get("BENCH_API_SERVER", "gunicorn")


def _server_command(env: dict[str, str], port: int, *, cached: bool) -> list[str]:
    """The command line of the server under test."""
    if server_kind() == "runserver":
        return [sys.executable, "-c", _RUNSERVER.format(cached=cached, port=port)]
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "portcontrol.web.wsgi",
        "-w",
        str(SERVER_WORKERS),
        "-b",
        f"127.0.0.1:{port}",
    ]
    if not cached:
        hook = Path(env["PORTCONTROL_MEDIA_ROOT"]).parent / "gunicorn_uncached.py"
        hook.write_text(_UNCACHED_HOOK)
        command += ["-c", str(hook)]
    return command


def _start_server(env: dict[str, str], *, cached: bool) -> tuple[subprocess.Popen[bytes], int]:
    """A server on a free loopback port; returns once it answers (at most 60 s)."""
    port = _free_port()
    command = _server_command(env, port, cached=cached)
    server_env = {**os.environ, **env}
    # The request log goes to a file: an unread pipe would fill up and stall the server.
    log_path = Path(env["PORTCONTROL_MEDIA_ROOT"]).parent / f"server-{port}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and code
            command,
            env=server_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log_path.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"the server stopped: {tail}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return process, port
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server did not start within 60 s")


def _stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def _post(port: int, token: str, body: bytes) -> tuple[int, bytes]:
    """One POST on a fresh loopback connection, as a client system would send it."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.request(
            "POST",
            PATH,
            body=body,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def _bodies(count: int, listed: list[str], seed: int) -> list[bytes]:
    rng = random.Random(seed)
    return [
        json.dumps({"fields": consignment(rng, number, listed)}).encode() for number in range(count)
    ]


def _warm_up(port: int, token: str, listed: list[str]) -> dict[str, Any]:
    """Requests until every worker's first-request costs are paid; checks answers.

    A few rounds go in parallel first: a worker busy reading its inputs leaves the next
    request to another, so each worker reads its own before the measured run.
    """
    lanes: dict[str, int] = {}
    first = None
    parallel = _bodies(SERVER_WORKERS * 6, listed, SEED + 3)
    with ThreadPoolExecutor(max_workers=SERVER_WORKERS * 2) as pool:
        for status, content in pool.map(lambda body: _post(port, token, body), parallel):
            if status != 200:
                raise RuntimeError(f"warm-up request refused: {status} {content[:500]!r}")
    for number, body in enumerate(_bodies(30, listed, SEED + 1)):
        started = time.perf_counter()
        status, content = _post(port, token, body)
        if number == 0:
            first = time.perf_counter() - started
        if status != 200:
            raise RuntimeError(f"warm-up request refused: {status} {content[:500]!r}")
        lane = json.loads(content)["consignment"]["lane"]
        lanes[lane] = lanes.get(lane, 0) + 1
    return {"first_request_ms": round((first or 0) * 1000, 1), "warm_up_lanes": lanes}


def open_loop(port: int, token: str, bodies: list[bytes], rate: float) -> dict[str, Any]:
    """Send the bodies at a steady rate; latency counts from each request's due time."""
    latencies: list[float] = []
    errors: list[str] = []
    lanes: dict[str, int] = {}
    lock = threading.Lock()

    def send(body: bytes, due: float) -> None:
        try:
            status, content = _post(port, token, body)
            ended = time.perf_counter()
            lane = json.loads(content)["consignment"]["lane"] if status == 200 else None
        except (OSError, http.client.HTTPException, ValueError, KeyError) as exc:
            with lock:
                errors.append(type(exc).__name__)
            return
        with lock:
            if status != 200:
                errors.append(str(status))
                return
            latencies.append(ended - due)
            lanes[lane] = lanes.get(lane, 0) + 1

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for number, body in enumerate(bodies):
            due = started + number / rate
            pause = due - time.perf_counter()
            if pause > 0:
                time.sleep(pause)
            pool.submit(send, body, due)
    elapsed = time.perf_counter() - started
    return _figures(latencies, errors, lanes, len(bodies), elapsed, rate)


def _figures(
    latencies: list[float],
    errors: list[str],
    lanes: dict[str, int],
    sent: int,
    elapsed: float,
    rate: float,
) -> dict[str, Any]:
    ordered = sorted(latencies)

    def percentile(share: float) -> float | None:
        if not ordered:
            return None
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 1)

    return {
        "requests": sent,
        "target_rate_per_s": rate,
        "achieved_rate_per_s": round(len(ordered) / elapsed, 1),
        "seconds": round(elapsed, 1),
        "ok": len(ordered),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "p50_ms": percentile(0.50),
        "p95_ms": percentile(0.95),
        "p99_ms": percentile(0.99),
        "max_ms": round(ordered[-1] * 1000, 1) if ordered else None,
        "lanes": lanes,
    }


def in_process(listed: list[str], calls: int = IN_PROCESS_CALLS) -> dict[str, Any]:
    """One consignment at a time through ``assess_fields`` in this process: no HTTP, no server.

    The engine inputs are cached as in a server; the first calls (inputs read, first-use
    costs) are left out.
    """
    from django.utils import timezone

    from portcontrol.accounts.models import Unit
    from portcontrol.targeting.instant import assess_fields

    unit = Unit.objects.get(code=UNIT)
    today = timezone.localdate()
    rng = random.Random(SEED + 4)
    lines = [consignment(rng, number, listed) for number in range(calls + 20)]
    for fields in lines[:20]:
        assess_fields(unit, fields, today=today)
    seconds = []
    cpu_started = time.process_time()
    for fields in lines[20:]:
        started = time.perf_counter()
        assess_fields(unit, fields, today=today)
        seconds.append(time.perf_counter() - started)
    cpu_ms = (time.process_time() - cpu_started) * 1000 / calls
    seconds.sort()

    def ms(share: float) -> float:
        return round(seconds[min(len(seconds) - 1, int(share * len(seconds)))] * 1000, 2)

    return {
        "calls": calls,
        "p50_ms": ms(0.50),
        "p99_ms": ms(0.99),
        "max_ms": ms(1.0),
        # CPU time of this process (Polars' threads included) per call: unlike wall time, it
        # does not grow when other work shares the machine.
        "cpu_ms_per_call": round(cpu_ms, 2),
    }


def _measure(
    env: dict[str, str], token: str, listed: list[str], requests: int, *, cached: bool
) -> dict[str, Any]:
    process, port = _start_server(env, cached=cached)
    try:
        figures = _warm_up(port, token, listed)
        cpu_before = _server_cpu_seconds(process.pid)
        figures.update(open_loop(port, token, _bodies(requests, listed, SEED + 2), RATE))
        cpu = _server_cpu_seconds(process.pid) - cpu_before
    finally:
        _stop_server(process)
    served = figures["ok"] + figures["errors"]
    # The server's CPU time per request: what the latency is made of when the machine is free,
    # and a figure that other work on the machine does not change.
    figures["server_cpu_ms_per_request"] = round(cpu * 1000 / served, 2) if served else None
    return {"engine_inputs_cached": cached, **figures}


def _server_cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process and its children (gunicorn's workers), Linux."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            stat = Path(f"/proc/{current}/stat").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue  # gone, or not Linux
        # Fields after the command name (which may hold spaces): utime and stime are 14 and 15.
        fields = stat.rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks
        pending.extend(int(child) for child in children)
    return total


def run(lines: int) -> dict[str, Any]:
    """Send ``lines`` requests at 50 a second to a cached server, fewer to an uncached one."""
    load_before = _load_average()
    env = _setup()
    run_id = f"{int(time.time()) % 100000:05d}"
    started = time.perf_counter()
    token, watch_list_id, listed = _prepare(run_id)
    prepare_seconds = time.perf_counter() - started
    try:
        one = in_process(listed)
        uncached = _measure(env, token, listed, min(lines, UNCACHED_REQUESTS), cached=False)
        cached = _measure(env, token, listed, lines, cached=True)
    finally:
        _cleanup(watch_list_id, run_id)
    return {
        "server": (
            "django runserver (threaded, DEBUG off), one process, loopback"
            if server_kind() == "runserver"
            else f"gunicorn, {SERVER_WORKERS} sync workers (DEBUG off), loopback"
        ),
        "cpus": os.cpu_count(),
        "load_average_before": load_before,
        "database": env["DATABASE_URL"].split(":", 1)[0],
        "watch_list_entries": WATCH_LIST_ENTRIES,
        "prepare_seconds": round(prepare_seconds, 1),
        "in_process_one_consignment": one,
        "uncached": uncached,
        "cached": cached,
        "p99_under_50_ms": cached["p99_ms"] is not None
        and cached["p99_ms"] < 50
        and cached["errors"] == 0,
        "load_average_after": _load_average(),
    }


def _load_average() -> str | None:
    """/proc/loadavg as it reads (other work on the machine skews latency)."""
    try:
        return Path("/proc/loadavg").read_text().strip()
    except OSError:
        return None


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 1000), indent=2))
