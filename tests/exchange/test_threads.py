"""Threads in both directions on the message pages, and the unread count of the navigation."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from portcontrol.exchange import actions
from portcontrol.exchange.choices import DeliveryState
from portcontrol.exchange.context_processors import unread_count
from portcontrol.exchange.models import IncomingMessage
from tests.exchange import bodies


@pytest.fixture
def kuryk_group(group, make_unit):
    group.units.add(make_unit("KZKUR"))
    return group


@pytest.fixture
def conversation(kuryk_group, partner_node):
    """Our alert, the partner's inspection result on it, our acknowledgement of that result."""
    alert = actions.send_message(kind="alert", body=bodies.alert(), group=kuryk_group)
    actions.receive(
        partner_node.token("inspection_result", bodies.inspection_result(), in_reply_to=alert.id),
        remote="192.0.2.4",
    )
    result = IncomingMessage.objects.get()
    answer = actions.acknowledge(result, by=None)
    return alert, result, answer


def test_incoming_page_shows_thread_both_ways(client_for, officer, conversation):
    alert, result, answer = conversation
    response = client_for(officer).get(reverse("exchange:incoming", args=[result.pk]))
    thread = response.context["thread"]
    assert [(e.incoming, e.outgoing) for e in thread] == [
        (None, alert),
        (result, None),
        (None, answer),
    ]
    assert [e.is_shown for e in thread] == [False, True, False]
    page = response.content.decode()
    assert reverse("exchange:outgoing", args=[alert.pk]) in page
    assert reverse("exchange:outgoing", args=[answer.pk]) in page


def test_outgoing_page_shows_thread_with_delivery_states(client_for, officer, conversation):
    alert, result, answer = conversation
    response = client_for(officer).get(reverse("exchange:outgoing", args=[alert.pk]))
    assert response.status_code == 200
    assert [e.message_id for e in response.context["thread"]] == [
        alert.id,
        result.message_id,
        answer.id,
    ]
    # The partner's result moved our alert's delivery to "answered"; our answer is queued.
    assert alert.deliveries.get().state == DeliveryState.ANSWERED
    page = response.content.decode()
    assert "Answered" in page and "Queued" in page
    assert reverse("exchange:incoming", args=[result.pk]) in page


def test_thread_of_a_lone_message_is_itself(client_for, officer, kuryk_group):
    alert = actions.send_message(kind="alert", body=bodies.alert(), group=kuryk_group)
    response = client_for(officer).get(reverse("exchange:outgoing", args=[alert.pk]))
    assert [e.outgoing for e in response.context["thread"]] == [alert]


def test_outgoing_page_404_for_outsider_and_unknown(client_for, outsider, officer, conversation):
    alert = conversation[0]
    assert (
        client_for(outsider).get(reverse("exchange:outgoing", args=[alert.pk])).status_code == 404
    )
    unknown = reverse("exchange:outgoing", args=[uuid.uuid4()])
    assert client_for(officer).get(unknown).status_code == 404


def test_thread_leaves_out_messages_of_other_groups(client_for, officer, conversation):
    from portcontrol.exchange.actions import save_group
    from portcontrol.exchange.models import OutgoingMessage

    alert, result, _answer = conversation
    other = save_group(
        by=None, code="OTHER", name="other", personal_data_allowed=True, partner_ids=["AZ-ALAT"]
    )
    hidden = actions.send_message(
        kind="answer", body=bodies.answer(), group=other, in_reply_to=result.message_id
    )
    assert OutgoingMessage.objects.filter(pk=hidden.pk).exists()
    response = client_for(officer).get(reverse("exchange:incoming", args=[result.pk]))
    assert hidden.id not in [e.message_id for e in response.context["thread"]]


# --- unread count ---------------------------------------------------------------------------


def test_unread_count_in_navigation_changes_on_read(client_for, officer, kuryk_group, partner_node):
    actions.receive(partner_node.token("request", bodies.request()), remote="192.0.2.4")
    actions.receive(partner_node.token("alert", bodies.alert()), remote="192.0.2.4")
    client = client_for(officer)
    page = client.get(reverse("exchange:outbox")).content.decode()
    assert "Messages (2)" in page
    first = IncomingMessage.objects.first()
    client.post(reverse("exchange:incoming_read", args=[first.pk]))
    page = client.get(reverse("exchange:outbox")).content.decode()
    assert "Messages (1)" in page
    assert unread_count(officer) == 1


def test_no_count_shown_when_all_read(client_for, officer, kuryk_group):
    page = client_for(officer).get(reverse("exchange:outbox")).content.decode()
    assert "Messages (" not in page
    assert ">Messages</a>" in page


def test_unread_count_is_of_the_users_groups_only(
    outsider, officer, partner, kuryk_group, partner_node
):
    actions.receive(partner_node.token("request", bodies.request()), remote="192.0.2.4")
    assert unread_count(officer) == 1
    assert unread_count(outsider) == 0
    assert unread_count(partner) == 0
    kuryk_group.agencies.add(partner.agency)
    assert unread_count(partner) == 1


def test_unread_count_through_the_units_agency(outsider, kuryk_group, partner_node):
    kuryk_group.units.clear()
    kuryk_group.agencies.add(outsider.unit.agency)
    actions.receive(partner_node.token("request", bodies.request()), remote="192.0.2.4")
    assert unread_count(outsider) == 1


def test_unread_count_costs_one_query(officer, kuryk_group, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert unread_count(officer) == 0
