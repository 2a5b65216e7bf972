"""Exchange pages: members of the group through their unit see and act; everyone else 404."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from portcontrol.exchange import actions
from portcontrol.exchange.choices import DeliveryState
from portcontrol.exchange.models import IncomingMessage, OutgoingMessage, RejectedMessage
from tests.exchange import bodies


@pytest.fixture
def kuryk_group(group, make_unit):
    group.units.add(make_unit("KZKUR"))
    return group


@pytest.fixture
def request_in(kuryk_group, partner_node):
    actions.receive(partner_node.token("request", bodies.request()), remote="192.0.2.4")
    return IncomingMessage.objects.get()


def test_member_sees_inbox_with_unread_count(client_for, officer, request_in):
    response = client_for(officer).get(reverse("exchange:inbox"))
    assert response.status_code == 200
    assert response.context["unread"] == 1
    assert list(response.context["messages_in"]) == [request_in]


@pytest.mark.parametrize(
    "name", ["exchange:inbox", "exchange:outbox", "exchange:incoming", "exchange:rejected"]
)
def test_outsider_gets_404(client_for, outsider, request_in, name):
    args = [request_in.pk] if name == "exchange:incoming" else []
    assert client_for(outsider).get(reverse(name, args=args)).status_code == 404


@pytest.mark.parametrize("name", ["exchange:incoming_read", "exchange:incoming_acknowledge"])
def test_outsider_may_not_act(client_for, outsider, request_in, name):
    response = client_for(outsider).post(reverse(name, args=[request_in.pk]))
    assert response.status_code == 404
    request_in.refresh_from_db()
    assert request_in.read_at is None
    assert not OutgoingMessage.objects.exists()


def test_partner_agency_outside_group_gets_404(client_for, partner, request_in):
    url = reverse("exchange:incoming", args=[request_in.pk])
    assert client_for(partner).get(url).status_code == 404


def test_partner_agency_in_group_sees_message(client_for, partner, kuryk_group, request_in):
    kuryk_group.agencies.add(partner.agency)
    url = reverse("exchange:incoming", args=[request_in.pk])
    assert client_for(partner).get(url).status_code == 200


def test_anonymous_is_sent_to_login(client, request_in):
    response = client.get(reverse("exchange:inbox"))
    assert response.status_code == 302


def test_mark_read(client_for, officer, request_in):
    client_for(officer).post(reverse("exchange:incoming_read", args=[request_in.pk]))
    request_in.refresh_from_db()
    assert request_in.read_at is not None
    assert request_in.read_by == officer


def test_answer_from_page_queues_reply(client_for, officer, request_in):
    response = client_for(officer).post(
        reverse("exchange:incoming", args=[request_in.pk]),
        {"kind": "answer", "body": json.dumps(bodies.answer())},
    )
    assert response.status_code == 302
    reply = OutgoingMessage.objects.get()
    assert (reply.kind, reply.in_reply_to, reply.created_by) == (
        "answer",
        request_in.message_id,
        officer,
    )
    assert reply.deliveries.get().state == DeliveryState.QUEUED
    request_in.refresh_from_db()
    assert request_in.answered


def test_answer_with_bad_body_names_the_field(client_for, officer, request_in):
    response = client_for(officer).post(
        reverse("exchange:incoming", args=[request_in.pk]),
        {"kind": "answer", "body": json.dumps({"Answer": ""})},
    )
    assert response.status_code == 200
    assert "Answer" in str(response.context["form"].errors["body"])
    assert not OutgoingMessage.objects.exists()


def test_answer_with_broken_json_is_refused(client_for, officer, request_in):
    response = client_for(officer).post(
        reverse("exchange:incoming", args=[request_in.pk]), {"kind": "answer", "body": "{"}
    )
    assert "not valid JSON" in str(response.context["form"].errors["body"])


def test_acknowledge_from_page(client_for, officer, request_in):
    client_for(officer).post(reverse("exchange:incoming_acknowledge", args=[request_in.pk]))
    assert OutgoingMessage.objects.get().kind == "acknowledgement"


def test_outbox_shows_delivery_state(client_for, officer, kuryk_group):
    actions.send_message(kind="alert", body=bodies.alert(), group=kuryk_group)
    response = client_for(officer).get(reverse("exchange:outbox"))
    assert response.status_code == 200
    assert "AZ-ALAT" in response.content.decode()
    assert len(response.context["sent"]) == 1


def test_rejected_log_for_administrator_only(client_for, administrator, officer, partner_node):
    actions.receive("garbage", remote="198.51.100.7")
    assert RejectedMessage.objects.count() == 1
    assert client_for(officer).get(reverse("exchange:rejected")).status_code == 404
    response = client_for(administrator).get(reverse("exchange:rejected"))
    assert response.status_code == 200
    assert "198.51.100.7" in response.content.decode()
