"""Two loopback nodes: N alerts signed, encrypted, sent, verified, decrypted and stored.

Steps:

1. node A (KZ-KURYK, this process) and node B (AZ-ALAT, a server process) in a scratch
   directory, each with its own database (two databases on the PostgreSQL server of
   ``DATABASE_URL`` when it names one, else two SQLite files), key set and node id; each
   registers the other as partner; two closed user groups, one allowing personal data and one
   forbidding it (half the alerts are stripped before signing);
2. B served as in production: gunicorn with ``SERVER_WORKERS`` synchronous workers, DEBUG off,
   persistent database connections;
3. N alerts created on A through ``send_message`` (check, strip, sign, encrypt, store with
   their delivery and audit entry), committed in batches;
4. the deliveries posted by ``DELIVERY_WORKERS`` threads of A, each running the delivery
   action ``deliver`` on the due deliveries it takes from a shared queue, as several
   ``exchange_deliver --retry-now`` workers would: a delivery that fails (B not answering) goes
   back at the end of the queue and its worker pauses ``RETRY_PAUSE`` seconds instead of
   waiting for the backoff;
5. B killed (its whole process group, workers included) and started again when a third and
   when two thirds of the alerts have been delivered: the posts in flight fail and are retried;
6. B's database counted through B's own ``portcontrol shell``: rows, distinct ids, the ids sent,
   rejected tokens by code; A's deliveries: states, attempts.

Figures: wall time of sealing and of delivery, end-to-end throughput, latency per alert from
sealing at A to stored at B (p50/p99/max; since every alert is sealed before the first is
delivered, this is mostly time spent waiting in A's outbox) and the time of the successful
attempt alone (post, verify, decrypt, store: B's received time minus A's attempt start), the
downtime of each restart, failed posts by reason, retried deliveries and rejections, the load
average. ``BENCH_EXCHANGE_KEEP=1`` keeps the scratch directory (B's server log) afterwards.
"""

from __future__ import annotations

import json
import os
import queue
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.bench_messages import _alert_body
from portcontrol.exchange.localnodes import (
    LocalNode,
    drop_database,
    free_port,
    fresh_database,
    postgres_server,
)

A_NODE = "KZ-KURYK"
B_NODE = "AZ-ALAT"
GROUPS = {"CASPIAN-FERRY": "allowed", "CASPIAN-STATS": "forbidden"}
SERVER_WORKERS = 2  # as bench_api: one per core of the reference machine
DELIVERY_WORKERS = 4  # posting threads at A: enough to keep both of B's workers busy
RETRY_PAUSE = 0.2  # seconds a worker waits after a failed post before taking the next one
BATCH = 500  # alerts committed per transaction when sealing
DEADLINE = 3600.0  # seconds the delivery may take before the run is abandoned
RESTARTS = (1 / 3, 2 / 3)  # shares of delivered alerts at which B is restarted
SEED = 20261128
DATABASES = {"a": "portcontrol_bench_exchange_a", "b": "portcontrol_bench_exchange_b"}
PORTCONTROL = [sys.executable, "-m", "portcontrol.cli"]


class Node(LocalNode):
    """One node with production settings: DEBUG off, persistent connections, B on gunicorn."""

    def __init__(self, node_id: str, root: Path) -> None:
        super().__init__(
            node_id,
            root,
            free_port(),
            settings={
                "DJANGO_SETTINGS_MODULE": "portcontrol.web.settings",
                "PORTCONTROL_DEBUG": "false",
                "PORTCONTROL_SECRET_KEY": secrets.token_urlsafe(40),
                "PORTCONTROL_ALLOWED_HOSTS": "127.0.0.1",
                "PORTCONTROL_DB_CONN_MAX_AGE": "600",
                "PORTCONTROL_MEDIA_ROOT": str(root / "files"),
                "PORTCONTROL_EXCHANGE_TIMEOUT": "10",
                # Delivery is driven by the benchmark, not by a queued background task.
                "PORTCONTROL_TASK_BACKEND": "django_tasks.backends.dummy.DummyBackend",
            },
        )

    def command(self, *args: str) -> str:
        """Run a ``portcontrol`` command on this node; its standard output."""
        return self.run(*args, timeout=600)

    def start_server(self) -> float:
        """Start gunicorn in its own process group; seconds until a worker answers."""
        started = time.perf_counter()
        self.serve(
            sys.executable, "-m", "gunicorn", "portcontrol.web.wsgi",
            "-w", str(SERVER_WORKERS), "-b", f"127.0.0.1:{self.port}",
        )  # fmt: skip
        return time.perf_counter() - started


# --- setting up the two nodes ------------------------------------------------------------


def _migrate(a: Node, b: Node) -> None:
    """Fresh databases (PostgreSQL when ``DATABASE_URL`` names it, else SQLite): A's schema by
    ``migrate``, B a copy of the same empty schema."""
    a.database_url = fresh_database(a.root, DATABASES["a"])
    a.command("migrate", "-v0")
    b.database_url = fresh_database(b.root, DATABASES["b"], template=a.database_url)


def _nodes(root: Path) -> tuple[Node, Node]:
    """Both nodes with keys, schema, each other as partner and the two groups."""
    from portcontrol.core.messages import OwnKeys, write_own_keys

    a, b = Node(A_NODE, root / "a"), Node(B_NODE, root / "b")
    for node in (a, b):
        node.root.mkdir(parents=True)
        keys = OwnKeys.generate(node.node_id)
        write_own_keys(node.keys_file, keys)
        node.public_file.write_text(keys.public().to_json())
    _migrate(a, b)
    for here, there, country in ((a, b, "AZ"), (b, a, "KZ")):
        here.command(
            "exchange_partner",
            "add",
            "--json",
            str(there.public_file),
            "--inbox-url",
            there.inbox_url,
            "--name",
            there.node_id,
            "--country",
            country,
        )
        for code, personal_data in GROUPS.items():
            here.command(
                "exchange_group",
                "--code",
                code,
                "--partner",
                there.node_id,
                "--personal-data",
                personal_data,
            )
    return a, b


def _configure_here(a: Node) -> None:
    """Django in this process is node A."""
    os.environ.update(a.env())
    import django

    django.setup()


# --- sealing at A ------------------------------------------------------------------------


def _seal_alerts(lines: int) -> dict[str, float]:
    """Create ``lines`` alerts through ``send_message``; each id with its sealing wall time."""
    from django.db import transaction

    from portcontrol.exchange.actions import send_message
    from portcontrol.exchange.models import ClosedUserGroup

    rng = random.Random(SEED)
    groups = [ClosedUserGroup.objects.get(code=code) for code in GROUPS]
    sealed_at: dict[str, float] = {}
    for start in range(0, lines, BATCH):
        with transaction.atomic():
            for number in range(start, min(lines, start + BATCH)):
                moment = time.time()
                outgoing = send_message(
                    kind="alert", body=_alert_body(rng, number), group=groups[number % 2]
                )
                sealed_at[outgoing.id.hex] = moment
    return sealed_at


# --- delivering from A to B ----------------------------------------------------------------


@dataclass
class Progress:
    """What the delivery workers have done so far, shared between threads."""

    total: int
    delivered: int = 0
    refused: int = 0
    failed_posts: int = 0
    errors: list[str] = field(default_factory=list)
    failure_kinds: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def finished(self) -> int:
        return self.delivered + self.refused


def _failure_kind(error: str) -> str:
    """A failed post's reason without the parts that vary (the URL, the port)."""
    return error.split(": ", 1)[-1][:80] or "unknown"


def _delivery_worker(pending: queue.Queue[int], progress: Progress, stop: threading.Event) -> None:
    """Post deliveries taken from the queue with the delivery action until all are done."""
    from django.db import connection

    from portcontrol.exchange.actions import deliver
    from portcontrol.exchange.choices import DeliveryState
    from portcontrol.exchange.models import Delivery

    try:
        while not stop.is_set():
            try:
                pk = pending.get(timeout=0.2)
            except queue.Empty:
                if progress.finished >= progress.total:
                    return
                continue
            delivery = deliver(Delivery.objects.select_related("partner", "message").get(pk=pk))
            with progress.lock:
                if delivery.has_arrived():
                    progress.delivered += 1
                elif delivery.state == DeliveryState.FAILED:
                    progress.refused += 1
                    progress.errors.append(delivery.last_error[:200])
                else:
                    progress.failed_posts += 1
                    reason = _failure_kind(delivery.last_error)
                    progress.failure_kinds[reason] = progress.failure_kinds.get(reason, 0) + 1
            if delivery.state == DeliveryState.QUEUED:
                # Retried now rather than after the backoff, as ``--retry-now`` does.
                pending.put(pk)
                time.sleep(RETRY_PAUSE)
    except Exception as error:  # noqa: BLE001 - reported in the figures, the run stops
        with progress.lock:
            progress.errors.append(f"worker: {type(error).__name__}: {error}"[:500])
        stop.set()
    finally:
        connection.close()


def _deliver_all(b: Node) -> dict[str, Any]:
    """Deliver every queued alert with restarts of B on the way; seconds and restart figures."""
    from portcontrol.exchange.choices import DeliveryState
    from portcontrol.exchange.models import Delivery

    pending: queue.Queue[int] = queue.Queue()
    ids = Delivery.objects.filter(state=DeliveryState.QUEUED).order_by("message__created", "pk")
    for pk in ids.values_list("pk", flat=True):
        pending.put(pk)
    progress = Progress(total=pending.qsize())
    stop = threading.Event()
    workers = [
        threading.Thread(target=_delivery_worker, args=(pending, progress, stop), daemon=True)
        for _ in range(DELIVERY_WORKERS)
    ]
    restarts: list[dict[str, Any]] = []
    thresholds = [int(share * progress.total) for share in RESTARTS]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    while any(worker.is_alive() for worker in workers):
        if time.perf_counter() - started > DEADLINE:
            stop.set()
            progress.errors.append(f"deadline of {DEADLINE:.0f} s reached")
            break
        if thresholds and progress.delivered >= thresholds[0]:
            thresholds.pop(0)
            restarts.append(_restart(b, progress, time.perf_counter() - started))
        time.sleep(0.02)
    for worker in workers:
        worker.join(timeout=30)
    return {
        "seconds": time.perf_counter() - started,
        "progress": progress,
        "restarts": restarts,
    }


def _restart(b: Node, progress: Progress, at: float) -> dict[str, Any]:
    """Kill B and start it again; when, and how long it did not answer."""
    delivered = progress.delivered
    killed = time.perf_counter()
    b.kill()
    start_seconds = b.start_server()
    return {
        "at_seconds": round(at, 1),
        "delivered_before": delivered,
        "down_seconds": round(time.perf_counter() - killed, 2),
        "start_seconds": round(start_seconds, 2),
    }


# --- counting ------------------------------------------------------------------------------

_B_REPORT = """
import json
from django.db.models import Count
from portcontrol.exchange.models import IncomingMessage, RejectedMessage
rows = list(IncomingMessage.objects.values_list("message_id", "received"))
codes = dict(RejectedMessage.objects.values_list("code").annotate(n=Count("id")))
print(json.dumps({
    "rows": [[m.hex, r.timestamp()] for m, r in rows],
    "distinct": IncomingMessage.objects.values("message_id").distinct().count(),
    "rejected": codes,
}))
"""


def _b_report(b: Node) -> dict[str, Any]:
    """B's stored messages (id, received time) and rejections, read by B's own code."""
    output = b.command("shell", "-c", _B_REPORT)
    return dict(json.loads(output.strip().splitlines()[-1]))


def _a_deliveries() -> dict[str, dict[str, Any]]:
    """A's deliveries by message id: state, attempts, start of the last attempt."""
    from portcontrol.exchange.models import Delivery

    return {
        message_id.hex: {
            "state": state,
            "attempts": attempts,
            "started": started.timestamp() if started else None,
        }
        for message_id, state, attempts, started in Delivery.objects.values_list(
            "message_id", "state", "attempts", "attempt_started_at"
        )
    }


def _percentiles(values: list[float]) -> dict[str, float | None]:
    ordered = sorted(values)
    if not ordered:
        return {"p50_ms": None, "p99_ms": None, "max_ms": None}

    def at(share: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 1)

    return {"p50_ms": at(0.50), "p99_ms": at(0.99), "max_ms": round(ordered[-1] * 1000, 1)}


def _load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]


def _figures(
    sealed_at: dict[str, float],
    seal_seconds: float,
    delivery: dict[str, Any],
    b_report: dict[str, Any],
    deliveries: dict[str, dict[str, Any]],
) -> dict[str, Any]:
    progress: Progress = delivery["progress"]
    sent = set(sealed_at)
    received = {message_id: moment for message_id, moment in b_report["rows"]}
    lines = len(sent)
    total_seconds = seal_seconds + delivery["seconds"]
    attempts = [d["attempts"] for d in deliveries.values()]
    return {
        "alerts": lines,
        "seal_seconds": round(seal_seconds, 1),
        "seal_per_s": round(lines / seal_seconds, 1) if seal_seconds else None,
        "deliver_seconds": round(delivery["seconds"], 1),
        "deliver_per_s": round(lines / delivery["seconds"], 1) if delivery["seconds"] else None,
        "total_seconds": round(total_seconds, 1),
        "end_to_end_per_s": round(lines / total_seconds, 1) if total_seconds else None,
        "latency_sealed_to_stored": _percentiles(
            [received[m] - sealed_at[m] for m in sent & received.keys()]
        ),
        "latency_successful_attempt_to_stored": _percentiles(
            [
                received[m] - deliveries[m]["started"]
                for m in sent & received.keys()
                if deliveries[m]["started"] is not None
            ]
        ),
        "stored_rows_at_b": len(b_report["rows"]),
        "distinct_ids_at_b": b_report["distinct"],
        "sent_ids_missing_at_b": len(sent - received.keys()),
        "ids_at_b_not_sent": len(received.keys() - sent),
        "no_loss_no_duplicates": len(b_report["rows"]) == b_report["distinct"] == lines
        and received.keys() == sent,
        "delivered_at_a": sum(1 for d in deliveries.values() if d["state"] == "delivered"),
        "deliveries_retried": sum(1 for n in attempts if n > 1),
        "failed_posts": sum(attempts) - len(attempts),
        "max_attempts": max(attempts, default=0),
        "failed_posts_by_reason": progress.failure_kinds,
        "refused_by_b": progress.refused,
        "rejected_at_b_by_code": b_report["rejected"],
        "restarts": delivery["restarts"],
        "errors": progress.errors[:10],
    }


# --- the run -------------------------------------------------------------------------------


def run(lines: int) -> dict[str, Any]:
    """Seal ``lines`` alerts at A, deliver them to B restarted twice; print and return figures."""
    from django.conf import settings

    if settings.configured:
        return _run_in_child(lines)  # Django here is another benchmark's node
    load_before = _load_average()
    root = Path(tempfile.mkdtemp(prefix="portcontrol-bench-exchange-"))
    b: Node | None = None
    try:
        setup_started = time.perf_counter()
        a, b = _nodes(root)
        _configure_here(a)
        b.start_server()
        setup_seconds = time.perf_counter() - setup_started
        started = time.perf_counter()
        sealed_at = _seal_alerts(lines)
        seal_seconds = time.perf_counter() - started
        delivery = _deliver_all(b)
        figures = _figures(sealed_at, seal_seconds, delivery, _b_report(b), _a_deliveries())
    finally:
        if b is not None:
            b.kill()
        _clean_up(root)
    result = {
        "server": f"gunicorn, {SERVER_WORKERS} sync workers (DEBUG off), loopback",
        "database": "postgresql" if postgres_server() else "sqlite",
        "delivery_workers": DELIVERY_WORKERS,
        "cpus": os.cpu_count(),
        "load_average_before": load_before,
        "setup_seconds": round(setup_seconds, 1),
        **figures,
        "load_average_after": _load_average(),
    }
    return result


def _clean_up(root: Path) -> None:
    from django.db import connections

    connections.close_all()
    server = postgres_server()
    if server is not None:
        for name in DATABASES.values():
            drop_database(f"{server}/{name}")
    if not os.environ.get("BENCH_EXCHANGE_KEEP"):  # kept to read B's server log
        shutil.rmtree(root, ignore_errors=True)


def _run_in_child(lines: int) -> dict[str, Any]:
    """The same run in a fresh interpreter, whose Django has not been set up yet."""
    code = (
        "import json, sys\nfrom bench.bench_exchange import run\n"
        "print(json.dumps(run(int(sys.argv[1]))))\n"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code, str(lines)], capture_output=True, text=True, check=True
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    print(json.dumps(run(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000), indent=2))
