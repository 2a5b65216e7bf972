"""Two real nodes on loopback, each a server process with its own database and keys.

KZ-KURYK (A) and AZ-ALAT (B) register each other, exchange every message type and reply; B is
stopped in the middle of a delivery run and started again, and every message arrives exactly
once; tampered, forged, replayed and misaddressed tokens are refused and land in B's rejected
log. Everything goes through the ``portcontrol`` command and HTTP, as on a real node.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from portcontrol.core.messages import (
    ClosedUserGroup,
    OwnKeys,
    PartnerNode,
    new_message,
    read_own_keys,
    seal,
    write_own_keys,
)
from portcontrol.exchange.localnodes import LocalNode, drop_database, free_port, fresh_database
from tests.exchange import bodies

GROUP = "CASPIAN-FERRY"
EXTRA_ALERTS = 20


class Node(LocalNode):
    """A node of the test: its own SQLite database, keys and server; delivery by command."""

    def __init__(self, node_id: str, root: Path) -> None:
        super().__init__(
            node_id,
            root,
            free_port(),
            settings={
                "PORTCONTROL_DEBUG": "true",
                "PORTCONTROL_EXCHANGE_TIMEOUT": "5",
                # Delivery is driven by the test (exchange_deliver), not by a background task.
                "PORTCONTROL_TASK_BACKEND": "django_tasks.backends.dummy.DummyBackend",
            },
        )

    def script(self, code: str) -> Any:
        """Run Python in this node's Django; the JSON it prints last."""
        return json.loads(self.run("shell", "-c", code).strip().splitlines()[-1])


def _post(url: str, token: str) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(url, data=token.encode(), method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Node, Node]]:
    root = tmp_path_factory.mktemp("two-nodes")
    a = Node("KZ-KURYK", root / "a")
    b = Node("AZ-ALAT", root / "b")
    for node in (a, b):
        node.root.mkdir()
    # A's keys through the command an administrator uses; B's made directly (same format).
    (a.root / "public.json").write_text(
        a.run("exchange_keys", "--node", a.node_id, "--out", str(a.keys_file))
    )
    write_own_keys(b.keys_file, OwnKeys.generate(b.node_id))
    (b.root / "public.json").write_text(read_own_keys(b.keys_file).public().to_json())
    # On the server of DATABASE_URL when it is PostgreSQL, as in production; else SQLite.
    a.database_url = fresh_database(a.root, f"portcontrol_node_a_{os.getpid()}")
    a.run("migrate", "-v0")
    # The same empty schema: saves a second migration.
    b.database_url = fresh_database(
        b.root, f"portcontrol_node_b_{os.getpid()}", template=a.database_url
    )
    for here, there, country in ((a, b, "AZ"), (b, a, "KZ")):
        here.run(
            "exchange_partner",
            "add",
            "--json",
            str(there.root / "public.json"),
            "--inbox-url",
            there.inbox_url,
            "--name",
            there.node_id,
            "--country",
            country,
        )
        here.run(
            "exchange_group",
            "--code",
            GROUP,
            "--partner",
            there.node_id,
            "--personal-data",
            "forbidden",
        )
    a.serve()
    b.serve()
    try:
        yield a, b
    finally:
        a.kill()
        b.kill()
        drop_database(a.database_url)
        drop_database(b.database_url)


SEND = """
import json
from portcontrol.exchange.actions import send_message
from portcontrol.exchange.models import ClosedUserGroup
group = ClosedUserGroup.objects.get(code={group!r})
ids = [str(send_message(kind=kind, body=body, group=group).id) for kind, body in {plan!r}]
print(json.dumps(ids))
"""

REPLY = """
import json
from portcontrol.exchange import actions
from portcontrol.exchange.models import IncomingMessage
ids = []
for message_id, kind, body in {plan!r}:
    incoming = IncomingMessage.objects.get(message_id=message_id)
    if kind == "acknowledgement":
        reply = actions.acknowledge(incoming, by=None)
    else:
        reply = actions.answer(incoming, kind=kind, body=body, by=None)
    ids.append(str(reply.id))
print(json.dumps(ids))
"""


def _send(node: Node, plan: list[tuple[str, dict[str, Any]]]) -> list[str]:
    return list(node.script(SEND.format(group=GROUP, plan=plan)))


def _reply(node: Node, plan: list[tuple[str, str, dict[str, Any] | None]]) -> list[str]:
    return list(node.script(REPLY.format(plan=plan)))


def _states(node: Node, ids: list[str]) -> dict[str, str]:
    rows = node.rows("SELECT message_id, state FROM exchange_delivery")
    found = {str(message_id).replace("-", ""): state for message_id, state in rows}
    return {i: found.get(i.replace("-", ""), "missing") for i in ids}


def _incoming(node: Node) -> list[tuple[str, str]]:
    return node.rows("SELECT kind, message_id FROM exchange_incomingmessage")


def test_every_message_type_travels_both_ways(nodes: tuple[Node, Node]) -> None:
    a, b = nodes
    alert, request, watch, seizure = _send(
        a,
        [
            ("alert", bodies.alert()),
            ("request", bodies.request()),
            ("watch_list_entry", bodies.watch_list_entry()),
            ("seizure_notice", bodies.seizure_notice()),
        ],
    )
    assert "attempted 4, delivered 4" in a.run("exchange_deliver")
    assert _states(a, [alert, request, watch, seizure]) == dict.fromkeys(
        [alert, request, watch, seizure], "delivered"
    )
    # B replies: an answer to the request, an inspection result on the alert, an acknowledgement.
    b_replies = _reply(
        b,
        [
            (request, "answer", bodies.answer()),
            (alert, "inspection_result", bodies.inspection_result()),
            (watch, "acknowledgement", None),
        ],
    )
    b_alert, b_request = _send(
        b, [("alert", bodies.alert("TGHU7654321")), ("request", bodies.request())]
    )
    assert "attempted 5, delivered 5" in b.run("exchange_deliver")
    # A sees its messages answered and read at B, and replies with the other three types.
    assert _states(a, [alert, request, watch, seizure]) == {
        alert: "answered",
        request: "answered",
        watch: "read",
        seizure: "delivered",
    }
    _reply(
        a,
        [
            (b_request, "answer", bodies.answer()),
            (b_alert, "inspection_result", bodies.inspection_result()),
            (b_alert, "acknowledgement", None),
        ],
    )
    assert "attempted 3, delivered 3" in a.run("exchange_deliver")

    kinds_at_b = sorted(kind for kind, _ in _incoming(b))
    assert kinds_at_b == sorted(
        [
            "alert",
            "request",
            "watch_list_entry",
            "seizure_notice",
            "answer",
            "inspection_result",
            "acknowledgement",
        ]
    )
    assert sorted(kind for kind, _ in _incoming(a)) == sorted(
        ["answer", "inspection_result", "acknowledgement", "alert", "request"]
    )
    # The group forbids personal data: every message travelled marked stripped.
    documents = [json.loads(d) for (d,) in b.rows("SELECT document FROM exchange_incomingmessage")]
    assert {d["header"]["personal_data"] for d in documents} == {"stripped"}
    assert len(b_replies) == 3


def test_receiver_stopped_mid_delivery_gets_every_message_exactly_once(
    nodes: tuple[Node, Node],
) -> None:
    a, b = nodes
    sent = _send(a, [("alert", bodies.alert(f"MSKU{n:06d}5")) for n in range(EXTRA_ALERTS)])
    assert "attempted 6, delivered 6" in a.run("exchange_deliver", "--limit", "6")
    b.kill()
    assert "attempted 14, delivered 0, retrying 14, failed 0" in a.run("exchange_deliver")
    waiting = a.rows("SELECT attempts, last_error FROM exchange_delivery WHERE state = 'queued'")
    assert len(waiting) == 14
    assert all(attempts == 1 and "not reached" in error for attempts, error in waiting)
    b.serve()
    assert "delivered 14" in a.run("exchange_deliver", "--retry-now")
    assert set(_states(a, sent).values()) == {"delivered"}
    received = [message_id for _, message_id in _incoming(b)]
    for message_id in sent:
        assert received.count(message_id.replace("-", "")) == 1, message_id
    assert len(received) == len(set(received))


def test_tampered_forged_replayed_and_misaddressed_are_refused(
    nodes: tuple[Node, Node],
) -> None:
    a, b = nodes
    a_keys = read_own_keys(a.keys_file)
    b_public = PartnerNode.from_json((b.root / "public.json").read_text())
    rejected_before = b.rows("SELECT count(*) FROM exchange_rejectedmessage")[0][0]
    (alert,) = _send(a, [("alert", bodies.alert("TCLU1234569"))])
    assert "delivered 1" in a.run("exchange_deliver")
    (token,) = a.rows(
        "SELECT token FROM exchange_delivery WHERE message_id = ?", alert.replace("-", "")
    )[0]
    stored_before = len(_incoming(b))

    # Replayed: a token B already accepted is acknowledged, not stored again.
    status, answer = _post(b.inbox_url, token)
    assert (status, answer["status"], answer["message_id"]) == (200, "duplicate", alert)

    # Tampered: one character of the ciphertext changed.
    parts = token.split(".")
    parts[3] = ("A" if parts[3][0] != "A" else "B") + parts[3][1:]
    status, answer = _post(b.inbox_url, ".".join(parts))
    assert (status, answer["code"]) == (400, "tampered")

    # Forged: claims to be A but signed with keys B never registered.
    impostor = OwnKeys.generate(a.node_id)
    members = ClosedUserGroup(GROUP, frozenset({a.node_id, b.node_id, "TM-TURKM"}), False)
    message = new_message(
        "alert", bodies.alert(), sender=a.node_id, recipients=[b.node_id], group=GROUP
    )
    forged = seal(message, impostor, {b.node_id: b_public}, group=members).tokens[b.node_id]
    status, answer = _post(b.inbox_url, forged)
    assert (status, answer["code"]) == (400, "unknown_key")

    # Misaddressed: A's genuine message for a third node, posted to B.
    third = OwnKeys.generate("TM-TURKM")
    message = new_message(
        "alert", bodies.alert(), sender=a.node_id, recipients=["TM-TURKM"], group=GROUP
    )
    misaddressed = seal(message, a_keys, {"TM-TURKM": third.public()}, group=members)
    status, answer = _post(b.inbox_url, misaddressed.tokens["TM-TURKM"])
    assert (status, answer["code"]) == (400, "not_for_us")

    assert len(_incoming(b)) == stored_before
    codes = [code for (code,) in b.rows("SELECT code FROM exchange_rejectedmessage ORDER BY id")][
        rejected_before:
    ]
    assert codes == ["duplicate", "tampered", "unknown_key", "not_for_us"]
