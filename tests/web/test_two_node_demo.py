"""`portcontrol demo --no-serve`: a Kazakh and an Azerbaijani node, each its own server process
and database, exchange the demo traffic over HTTP; a second run sends nothing new."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

from portcontrol.exchange.localnodes import free_port


def _two_free_ports() -> int:
    """A port whose next one is free too (the Azerbaijani node takes port + 1)."""
    for _ in range(50):
        port = free_port()
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port
    raise AssertionError("no two neighbouring free ports")


def _run_demo(tmp_path: Path, port: int) -> str:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        PORTCONTROL_DEBUG="true",
        PORTCONTROL_VAR_DIR=str(tmp_path / "var"),
        PORTCONTROL_EXCHANGE_TIMEOUT="10",
    )
    done = subprocess.run(
        [
            sys.executable, "-m", "portcontrol.cli", "demo", "--no-serve",
            "--scenario-dir", str(tmp_path / "scenario"), "--nodes-dir", str(tmp_path / "nodes"),
            "--days", "1", "--seed", "7", "--port", str(port),
        ],
        env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def _rows(database: Path, query: str) -> list[tuple]:
    with sqlite3.connect(database) as connection:
        return connection.execute(query).fetchall()


def _counts(database: Path) -> dict[str, int]:
    tables = (
        "exchange_outgoingmessage", "exchange_incomingmessage", "exchange_delivery",
        "exchange_rejectedmessage", "targeting_targetingtask", "inspections_inspection",
        "inspections_seizure", "cargo_import",
    )  # fmt: skip
    return {table: _rows(database, f"select count(*) from {table}")[0][0] for table in tables}  # noqa: S608


def test_the_demo_runs_two_nodes_that_alert_answer_and_report_back(tmp_path):
    port = _two_free_ports()
    printed = _run_demo(tmp_path, port)
    kz = tmp_path / "nodes" / "kz" / "portcontrol.sqlite3"
    az = tmp_path / "nodes" / "az" / "portcontrol.sqlite3"
    assert f"http://127.0.0.1:{port}/" in printed and f"http://127.0.0.1:{port + 1}/" in printed

    # Each node holds its own country only.
    assert {r[0] for r in _rows(kz, "select code from accounts_unit")} == {"KZKUR", "KZAAU"}
    assert {r[0] for r in _rows(az, "select code from accounts_unit")} == {"AZALA", "AZBAK"}

    # Kuryk's alerts arrived in Alyat once each, became tasks there, and were answered.
    sent = {
        r[0]
        for r in _rows(
            kz,
            "select distinct m.id from exchange_outgoingmessage m join "
            "exchange_delivery d on d.message_id = m.id "
            "where m.kind = 'alert'",
        )
    }
    received = _rows(
        az,
        "select replace(message_id, '-', ''), count(*) from "
        "exchange_incomingmessage where kind='alert' group by message_id",
    )
    assert sent and {uuid.replace("-", "") for uuid in sent} == {r[0] for r in received}
    assert all(count == 1 for _, count in received)
    queued = _rows(
        az, "select count(*) from accounts_auditentry where action='exchange.alert.queued'"
    )[0][0]
    assert queued == len(sent)
    states = _rows(
        kz,
        "select d.state from exchange_delivery d join exchange_outgoingmessage m"
        " on m.id = d.message_id where m.kind = 'alert'",
    )
    assert states and {state for (state,) in states} <= {"answered", "read"}

    # Results came back to Kuryk in reply to its alerts; the question was answered.
    replies = _rows(
        kz,
        "select kind, in_reply_to from exchange_incomingmessage "
        "where kind in ('inspection_result', 'seizure_notice', 'answer')",
    )
    kinds = {kind for kind, _ in replies}
    assert {"inspection_result", "answer"} <= kinds
    # Every message went over HTTP and was accepted: nothing waits, failed or was refused.
    for database in (kz, az):
        pending = _rows(
            database,
            "select state, last_error from exchange_delivery "
            "where state in ('queued', 'sent', 'failed')",
        )
        assert pending == []
        assert _rows(database, "select count(*) from exchange_rejectedmessage")[0][0] == 0

    # Within Kazakhstan: a post to the national group (no delivery) and a task shared.
    local = _rows(
        kz,
        "select m.id from exchange_outgoingmessage m join exchange_closedusergroup"
        " g on g.id = m.group_id where g.code = 'KZ-OPS-STEPPE'",
    )
    assert len(local) == 1
    assert _rows(kz, f"select count(*) from exchange_delivery where message_id = '{local[0][0]}'"
                 )[0][0] == 0  # fmt: skip
    assert _rows(kz, "select count(*) from targeting_targetingtask_shared_with")[0][0] >= 1

    counts = {database: _counts(database) for database in (kz, az)}
    again = _run_demo(tmp_path, port)
    assert "alerts already sent" in again
    assert {database: _counts(database) for database in (kz, az)} == counts
