"""Sending, receiving and replying, in one process; the partner's inbox is faked at the one
HTTP boundary (transport.post_token). The two-node test does it over real HTTP."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from portcontrol.accounts.models import AuditEntry
from portcontrol.core.messages import OwnKeys
from portcontrol.exchange import actions
from portcontrol.exchange.actions import ExchangeError
from portcontrol.exchange.choices import DeliveryState
from portcontrol.exchange.models import (
    Delivery,
    IncomingMessage,
    OutgoingMessage,
    PartnerNode,
    RejectedMessage,
)
from portcontrol.exchange.transport import InboxAnswer, TransportError
from tests.exchange import bodies
from tests.exchange.conftest import THERE


def test_register_partner_refuses_a_private_key(db, node):
    document = OwnKeys.generate(THERE).to_json()  # holds "d": the private parts
    with pytest.raises(ExchangeError) as error:
        actions.register_partner(
            by=None, document=document, name="x", country="AZ", inbox_url="http://x/"
        )
    assert error.value.field == "public_document"
    assert not PartnerNode.objects.exists()


def test_register_partner_twice_replaces_keys_and_is_audited(partner_node):
    rotated = partner_node.keys.rotated(starts=timezone.now(), overlap=timedelta(days=1))
    actions.register_partner(
        by=None,
        document=rotated.public().to_document(),
        name="Alyat",
        country="az",
        inbox_url="http://127.0.0.1:9/api/exchange/inbox",
    )
    partner = PartnerNode.objects.get(node_id=THERE)
    assert len(partner.public_document["keys"]) == 4
    assert partner.country == "AZ"
    assert list(
        AuditEntry.objects.filter(object_type="exchange.partnernode").values_list(
            "action", flat=True
        )
    ) == ["exchange.partner.changed", "exchange.partner.registered"]


def test_group_with_unregistered_partner_is_refused(partner_node):
    with pytest.raises(ExchangeError) as error:
        actions.save_group(
            by=None, code="G2", name="g", personal_data_allowed=False, partner_ids=["TM-TURKM"]
        )
    assert error.value.field == "partners"
    assert "TM-TURKM" in str(error.value)


def test_send_message_stores_signed_message_and_one_delivery(group):
    message = actions.send_message(kind="alert", body=bodies.alert(), group=group)
    delivery = Delivery.objects.get(message=message)
    assert delivery.partner.node_id == THERE
    assert delivery.state == DeliveryState.QUEUED
    assert message.document["header"]["recipients"] == [THERE]
    assert delivery.token.count(".") == 4
    assert AuditEntry.objects.filter(action="exchange.message.sent").count() == 1


def test_invalid_body_is_refused_and_nothing_stored(group):
    body = bodies.alert()
    body["RiskAssessment"]["Score"] = 120
    with pytest.raises(ExchangeError) as error:
        actions.send_message(kind="alert", body=body, group=group)
    assert "Score" in str(error.value)
    assert not OutgoingMessage.objects.exists()


def test_recipient_outside_group_is_refused(group):
    with pytest.raises(ExchangeError) as error:
        actions.send_message(kind="alert", body=bodies.alert(), group=group, recipients=["X-1"])
    assert error.value.field == "recipients"


def _fake_inbox(monkeypatch, outcome):
    posted: list[str] = []

    def post(url, token, *, timeout):
        posted.append(token)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    monkeypatch.setattr(actions, "post_token", post)
    return posted


def test_delivery_accepted_is_delivered(group, monkeypatch):
    message = actions.send_message(kind="alert", body=bodies.alert(), group=group)
    posted = _fake_inbox(monkeypatch, InboxAnswer(200, {"status": "accepted"}))
    run = actions.deliver_due()
    delivery = Delivery.objects.get(message=message)
    assert (run.attempted, run.delivered) == (1, 1)
    assert delivery.state == DeliveryState.DELIVERED
    assert posted == [delivery.token]
    assert actions.deliver_due().attempted == 0  # never sent twice


def test_partner_down_is_retried_later_with_the_same_token(group, monkeypatch):
    message = actions.send_message(kind="alert", body=bodies.alert(), group=group)
    posted = _fake_inbox(monkeypatch, TransportError("connection refused"))
    before = timezone.now()
    actions.deliver_due()
    delivery = Delivery.objects.get(message=message)
    assert delivery.state == DeliveryState.QUEUED
    assert delivery.attempts == 1
    assert "connection refused" in delivery.last_error
    assert delivery.next_attempt_at >= before + actions.RETRY_FIRST / 2
    assert actions.deliver_due().attempted == 0  # not due yet
    _fake_inbox(monkeypatch, InboxAnswer(200, {"status": "duplicate"}))
    actions.deliver_due(retry_now=True)
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.DELIVERED
    assert delivery.attempts == 2
    assert posted == [delivery.token]


def test_server_error_is_retried_and_refusal_fails(group, monkeypatch):
    message = actions.send_message(kind="alert", body=bodies.alert(), group=group)
    _fake_inbox(monkeypatch, InboxAnswer(503, {}))
    actions.deliver_due()
    delivery = Delivery.objects.get(message=message)
    assert delivery.state == DeliveryState.QUEUED
    _fake_inbox(monkeypatch, InboxAnswer(400, {"code": "not_in_group", "detail": "KZ-KURYK"}))
    actions.deliver_due(retry_now=True)
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.FAILED
    assert delivery.last_error == "not_in_group: KZ-KURYK"


def test_retry_wait_doubles_and_is_capped():
    assert actions.retry_wait(1) <= actions.RETRY_FIRST
    assert actions.retry_wait(3) >= actions.RETRY_FIRST * 2
    assert actions.retry_wait(50) <= actions.RETRY_CAP


def test_receive_stores_once_and_acknowledges_repeat(partner_node):
    token = partner_node.token("alert", bodies.alert())
    first = actions.receive(token, remote="192.0.2.1")
    again = actions.receive(token, remote="192.0.2.1")
    assert (first.http_status, first.status) == (200, "accepted")
    assert (again.http_status, again.status) == (200, "duplicate")
    assert IncomingMessage.objects.count() == 1
    assert list(RejectedMessage.objects.values_list("code", flat=True)) == ["duplicate"]


def test_tampered_token_is_refused_and_logged(partner_node):
    token = partner_node.token("alert", bodies.alert())
    parts = token.split(".")
    parts[3] = ("A" if parts[3][0] != "A" else "B") + parts[3][1:]
    receipt = actions.receive(".".join(parts), remote="192.0.2.9")
    assert (receipt.http_status, receipt.code) == (400, "tampered")
    rejected = RejectedMessage.objects.get()
    assert (rejected.code, rejected.remote_address) == ("tampered", "192.0.2.9")
    assert not IncomingMessage.objects.exists()


def test_answer_to_request_replies_to_sender_and_marks_answered(partner_node, monkeypatch):
    actions.receive(partner_node.token("request", bodies.request()), remote="")
    incoming = IncomingMessage.objects.get()
    reply = actions.answer(incoming, kind="answer", body=bodies.answer(), by=None)
    incoming.refresh_from_db()
    assert incoming.answered and incoming.read_at is not None
    assert reply.in_reply_to == incoming.message_id
    assert reply.deliveries.get().partner.node_id == THERE


def test_answer_of_wrong_kind_is_refused(partner_node):
    actions.receive(partner_node.token("request", bodies.request()), remote="")
    incoming = IncomingMessage.objects.get()
    with pytest.raises(ExchangeError) as error:
        actions.answer(incoming, kind="inspection_result", body=bodies.inspection_result(), by=None)
    assert error.value.field == "kind"
    assert not OutgoingMessage.objects.exists()


def test_reply_from_partner_moves_delivery_state(group, partner_node, monkeypatch):
    request = actions.send_message(kind="request", body=bodies.request(), group=group)
    alert = actions.send_message(kind="alert", body=bodies.alert(), group=group)
    _fake_inbox(monkeypatch, InboxAnswer(200, {"status": "accepted"}))
    actions.deliver_due()
    actions.receive(
        partner_node.token("answer", bodies.answer(), in_reply_to=request.id), remote=""
    )
    actions.receive(
        partner_node.token("acknowledgement", {"StatusCode": "received"}, in_reply_to=alert.id),
        remote="",
    )
    assert request.deliveries.get().state == DeliveryState.ANSWERED
    assert alert.deliveries.get().state == DeliveryState.READ
    # The answer waits to be read; the receipt asks nothing of anyone and is not unread.
    unread = IncomingMessage.objects.filter(read_at__isnull=True)
    assert list(unread.values_list("kind", flat=True)) == ["answer"]


def test_acknowledge_sends_receipt(partner_node):
    actions.receive(partner_node.token("alert", bodies.alert()), remote="")
    incoming = IncomingMessage.objects.get()
    reply = actions.acknowledge(incoming, by=None)
    assert reply.kind == "acknowledgement"
    assert reply.body == {"StatusCode": "received"}
    assert reply.in_reply_to == incoming.message_id


def test_unknown_in_reply_to_is_stored_without_effect(partner_node):
    token = partner_node.token("answer", bodies.answer(), in_reply_to=uuid.uuid4())
    assert actions.receive(token, remote="").status == "accepted"
