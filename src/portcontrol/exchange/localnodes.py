"""PortControl nodes run as processes on this machine: the two-country demo, tests, benchmarks.

A node is its own database, key set, files and port; every command, the web server and the
background worker run as ``portcontrol`` processes with the node's environment, exactly as a
national node runs them. Nothing here imports Django: the caller may be a node of its own, or
no node at all.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from portcontrol.core.messages import OwnKeys, read_own_keys, write_own_keys

PORTCONTROL = (sys.executable, "-m", "portcontrol.cli")
# Variables of the calling process that would point a node at another node's data.
NODE_VARIABLES = (
    "DATABASE_URL",
    "PORTCONTROL_VAR_DIR",
    "PORTCONTROL_MEDIA_ROOT",
    "PORTCONTROL_NODE_ID",
    "PORTCONTROL_NODE_KEYS",
    "PORTCONTROL_NODE_KEYS_FILE",
)


# --- where a node keeps its data ----------------------------------------------------------


def postgres_server() -> str | None:
    """The PostgreSQL server of ``DATABASE_URL`` (its URL without a database name), if it
    names one: nodes started by a PostgreSQL run of the tests then use PostgreSQL too."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    return url.replace("postgres://", "postgresql://", 1).rsplit("/", 1)[0]


def _on_server(server: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)  # type: ignore[arg-type] - our own quoted names


def fresh_database(root: Path, name: str, *, template: str | None = None) -> str:
    """The URL of an empty database for a node: a new PostgreSQL database ``name`` on the server
    of ``DATABASE_URL`` when it names one, else SQLite in ``root``. ``template`` (a URL made
    here) gives the new database a copy of that one's content, e.g. a migrated schema."""
    server = postgres_server()
    if server is None:
        root.mkdir(parents=True, exist_ok=True)
        target = root / "portcontrol.sqlite3"
        if template is not None:
            shutil.copy(template.removeprefix("sqlite:///"), target)
        return f"sqlite:///{target}"
    copy = f' TEMPLATE "{template.rsplit("/", 1)[1]}"' if template else ""
    _on_server(
        server,
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
        f'CREATE DATABASE "{name}"{copy}',
    )
    return f"{server}/{name}"


def drop_database(url: str) -> None:
    """Remove a PostgreSQL database made by :func:`fresh_database` (SQLite goes with its folder)."""
    server = postgres_server()
    if server is not None and url.startswith(server + "/"):
        _on_server(server, f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


class NodeProcessError(RuntimeError):
    """A node's command failed or its server did not come up; the message holds its output."""


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def _as_sqlite(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


@dataclass
class LocalNode:
    """One node on this machine: ``root`` holds its SQLite database (unless ``database_url``
    names another), its key set, its files and its logs."""

    node_id: str
    root: Path
    port: int
    host: str = "127.0.0.1"
    database_url: str = ""
    settings: dict[str, str] = field(default_factory=dict)
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    @property
    def keys_file(self) -> Path:
        return self.root / "node-keys.json"

    @property
    def public_file(self) -> Path:
        return self.root / "node-public.json"

    @property
    def address(self) -> str:
        return f"http://{self.host}:{self.port}/"

    @property
    def inbox_url(self) -> str:
        """Where partners on this machine post; a server on every interface is on loopback."""
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::", "") else self.host  # noqa: S104
        return f"http://{host}:{self.port}/api/exchange/inbox"

    def env(self) -> dict[str, str]:
        """The calling environment with this node's database, files, identity and keys."""
        env = {name: value for name, value in os.environ.items() if name not in NODE_VARIABLES}
        env.update(
            DATABASE_URL=self.database_url or f"sqlite:///{self.root / 'portcontrol.sqlite3'}",
            PORTCONTROL_VAR_DIR=str(self.root),
            PORTCONTROL_NODE_ID=self.node_id,
            PORTCONTROL_NODE_KEYS_FILE=str(self.keys_file),
        )
        env.update(self.settings)
        return env

    def rows(self, sql: str, *params: Any) -> list[tuple[Any, ...]]:
        """Rows of a query on the node's database (``?`` placeholders); ids as 32 hex digits
        and JSON as text on both databases, as SQLite stores them."""
        url = self.database_url or f"sqlite:///{self.root / 'portcontrol.sqlite3'}"
        if url.startswith("sqlite:///"):
            with sqlite3.connect(url.removeprefix("sqlite:///")) as connection:
                return connection.execute(sql, params).fetchall()
        import psycopg

        with psycopg.connect(url) as connection:
            found = connection.execute(sql.replace("?", "%s"), params).fetchall()  # type: ignore[arg-type]
        return [tuple(_as_sqlite(value) for value in row) for row in found]

    def ensure_keys(self) -> OwnKeys:
        """The node's key set, made on first use; its public document is written beside it."""
        self.root.mkdir(parents=True, exist_ok=True)
        if self.keys_file.exists():
            keys = read_own_keys(self.keys_file)
        else:
            keys = OwnKeys.generate(self.node_id)
            write_own_keys(self.keys_file, keys)
        self.public_file.write_text(keys.public().to_json(), encoding="utf-8")
        return keys

    def run(self, *args: str, timeout: float | None = None, echo: IO[str] | None = None) -> str:
        """Run a ``portcontrol`` command on this node; its standard output, or an error with
        the end of its output when it fails. ``echo`` receives the output (and the errors) as
        they come, each line marked with the node."""
        if echo is None:
            done = subprocess.run(
                [*PORTCONTROL, *args], env=self.env(), capture_output=True, text=True,
                timeout=timeout,
            )  # fmt: skip
            if done.returncode != 0:
                tail = (done.stdout[-1500:] + done.stderr[-2500:]).strip()
                raise NodeProcessError(f"{self.node_id}: portcontrol {args[0]} failed:\n{tail}")
            return done.stdout
        process = subprocess.Popen(
            [*PORTCONTROL, *args],
            env=self.env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        lines = []
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)
            echo.write(f"[{self.node_id}] {line}")
            echo.flush()
        if process.wait(timeout=timeout) != 0:
            tail = "".join(lines[-40:])
            raise NodeProcessError(f"{self.node_id}: portcontrol {args[0]} failed:\n{tail}")
        return "".join(lines)

    def start(
        self, *args: str, log_name: str, program: tuple[str, ...] = PORTCONTROL
    ) -> subprocess.Popen[bytes]:
        """Start a long-running command (``portcontrol`` unless ``program`` says otherwise) in
        its own process group; its output goes to a log in ``root``."""
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / log_name).open("ab") as log:
            process = subprocess.Popen(
                [*program, *args],
                env=self.env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # so that kill() reaches a server's workers too
            )
        self.processes.append(process)
        return process

    def serve(self, *server: str) -> subprocess.Popen[bytes]:
        """Start the web server (with the exchange inbox) and wait until it answers; Django's
        own server unless ``server`` gives another command line (e.g. gunicorn's)."""
        if server:
            process = self.start(*server, log_name="server.log", program=())
        else:
            address = f"{self.host}:{self.port}"
            process = self.start("runserver", address, "--noreload", log_name="server.log")
        self.wait_until_answering(process)
        return process

    def start_worker(self) -> subprocess.Popen[bytes]:
        """Start the background worker (imports, assessments, the outbox)."""
        # No reloader: it would run the worker as a child that outlives a stopped parent.
        return self.start("db_worker", "--no-reload", log_name="worker.log")

    def finish_background_work(self) -> str:
        """Run the work queued so far (re-assessments after rules changed, norm refits) to the
        end, before anyone works the queues: a worker doing it meanwhile would change tasks
        under an officer's hands."""
        return self.run("db_worker", "--batch", "--no-reload", "--no-startup-delay")

    def answers(self) -> bool:
        """Whether the server answers HTTP (a server may listen before its workers have loaded):
        a GET on the inbox is refused with 405 without touching the database."""
        try:
            with urllib.request.urlopen(self.inbox_url, timeout=1):  # noqa: S310 - loopback
                return True
        except urllib.error.HTTPError:
            return True
        except (OSError, http.client.HTTPException):
            return False

    def wait_until_answering(self, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if server.poll() is not None:
                log = (self.root / "server.log").read_text(encoding="utf-8", errors="replace")
                raise NodeProcessError(f"{self.node_id}: the server stopped:\n{log[-3000:]}")
            if self.answers():
                return
            time.sleep(0.05)
        raise NodeProcessError(f"{self.node_id}: no answer on port {self.port} in {timeout} s")

    def kill(self) -> None:
        """Kill every process of the node and its children at once, as a power cut would."""
        for process in self.processes:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
        self.processes.clear()

    def stop(self, timeout: float = 10) -> None:
        """Stop every process started for this node, politely first."""
        for process in self.processes:
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)  # the process and its children
        for process in self.processes:
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()
