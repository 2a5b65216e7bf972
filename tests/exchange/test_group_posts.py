"""Posts to a closed user group within this node, and the group pages.

KZ-OPS is a national operation: the Kuryk PCU and the KZ Border Service take part, no partner
node does. What a member posts stays on this node and is seen by every member, by unit or by
agency, and by nobody else.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portcontrol.accounts.models import AuditEntry
from portcontrol.exchange import actions
from portcontrol.exchange.choices import PostState
from portcontrol.exchange.models import Delivery, IncomingMessage, OutgoingMessage
from tests.exchange import bodies

pytestmark = pytest.mark.django_db

LOCAL = "KZ-OPS"


def person_request() -> dict:
    """A request naming a driver: names, birth date and passport are personal data."""
    return {
        "SubjectTypeCode": "person",
        "Person": [
            {
                "RoleCode": "driver",
                "FamilyName": "Abenov",
                "GivenName": "Serik",
                "BirthDate": "1980-02-03",
                "NationalityCountryCode": "KZ",
                "IdentityDocument": [{"ID": "N1234567"}],
            }
        ],
        "Question": "Has Abenov crossed at Kuryk this month?",
    }


@pytest.fixture
def border_agency(partner):
    return partner.agency


@pytest.fixture
def local_group(node, make_unit, border_agency):
    """KZ-OPS: Kuryk PCU and the KZ Border Service, no partner node, no personal data."""
    return actions.save_group(
        by=None,
        code=LOCAL,
        name="Kuryk operation",
        personal_data_allowed=False,
        partner_ids=[],
        units=[make_unit("KZKUR")],
        agencies=[border_agency],
    )


@pytest.fixture
def post(local_group, officer):
    """A request posted by a Kuryk officer to KZ-OPS."""
    return actions.send_message(
        kind="request",
        body=bodies.request(),
        group=local_group,
        by=officer,
        unit=officer.unit,
    )


def group_url(code: str = LOCAL) -> str:
    return reverse("exchange:group", args=[code])


# --- posting ---------------------------------------------------------------------------------


def test_post_to_local_group_stores_no_delivery_and_is_audited(post, officer):
    assert OutgoingMessage.objects.get() == post
    assert not Delivery.objects.exists()
    assert post.document["header"]["recipients"] == []
    assert post.document["header"]["sender"] == "KZ-KURYK"
    assert actions.post_state(post) == PostState.POSTED
    entry = AuditEntry.objects.get(action="exchange.message.posted")
    assert entry.object_id == str(post.pk)
    assert entry.actor == officer
    assert entry.unit == officer.unit
    assert LOCAL in entry.summary
    assert not AuditEntry.objects.filter(action="exchange.message.sent").exists()


def test_empty_recipients_post_here_even_in_a_group_with_partners(group, officer):
    posted = actions.send_message(
        kind="request", body=bodies.request(), group=group, recipients=[], by=officer
    )
    assert actions.post_state(posted) == PostState.POSTED
    assert not posted.deliveries.exists()


def test_post_is_checked_like_a_sent_message(local_group, officer):
    with pytest.raises(actions.ExchangeError) as raised:
        actions.send_message(kind="request", body={"Question": ""}, group=local_group, by=officer)
    assert raised.value.field == "body"
    assert "/body/Question" in str(raised.value)
    assert not OutgoingMessage.objects.exists()
    assert not AuditEntry.objects.filter(action="exchange.message.posted").exists()


def test_reply_kind_needs_in_reply_to_in_a_post_too(local_group, officer):
    with pytest.raises(actions.ExchangeError) as raised:
        actions.send_message(kind="answer", body=bodies.answer(), group=local_group, by=officer)
    assert "in_reply_to" in str(raised.value)


def test_group_forbidding_personal_data_stores_the_post_stripped(local_group, officer):
    posted = actions.send_message(
        kind="request", body=person_request(), group=local_group, by=officer
    )
    header, person = posted.document["header"], posted.body["Person"][0]
    assert header["personal_data"] == "stripped"
    assert set(header["personal_data_removed"]) == {"names", "identity_documents", "birth_dates"}
    assert "FamilyName" not in person and "BirthDate" not in person
    assert "IdentityDocument" not in person
    assert person["NationalityCountryCode"] == "KZ"
    assert "Abenov" not in posted.body["Question"]


def test_stripped_post_page_says_so(client_for, local_group, officer):
    posted = actions.send_message(
        kind="request", body=person_request(), group=local_group, by=officer
    )
    response = client_for(officer).get(reverse("exchange:outgoing", args=[posted.pk]))
    assert response.status_code == 200
    assert response.context["posted"] is True
    assert "does not allow personal data" in response.context["stripped_note"]
    page = response.content.decode()
    assert "Abenov" not in page
    assert "identity documents" in page


def test_group_allowing_personal_data_keeps_it(local_group, officer):
    local_group.personal_data_allowed = True
    local_group.save()
    posted = actions.send_message(
        kind="request", body=person_request(), group=local_group, by=officer
    )
    assert posted.document["header"]["personal_data"] == "included"
    assert posted.body["Person"][0]["FamilyName"] == "Abenov"


# --- groups with partners keep their rules ------------------------------------------------


def test_group_with_partners_still_refuses_outsider_nodes(group, officer):
    with pytest.raises(actions.ExchangeError) as raised:
        actions.send_message(
            kind="request", body=bodies.request(), group=group, recipients=["RU-MAH"], by=officer
        )
    assert str(raised.value) == "not active member nodes of group CASPIAN-FERRY: RU-MAH"
    assert raised.value.field == "recipients"
    assert not OutgoingMessage.objects.exists()


def test_group_with_only_inactive_partners_is_still_refused(group, officer):
    group.partners.update(active=False)
    with pytest.raises(actions.ExchangeError) as raised:
        actions.send_message(kind="request", body=bodies.request(), group=group, by=officer)
    assert str(raised.value) == "group CASPIAN-FERRY has no active partner node"
    assert not OutgoingMessage.objects.exists()


def test_group_with_partners_still_sends(group, officer):
    sent = actions.send_message(kind="request", body=bodies.request(), group=group, by=officer)
    assert actions.post_state(sent) == PostState.SENT
    assert [d.partner.node_id for d in sent.deliveries.all()] == ["AZ-ALAT"]


# --- who sees it -----------------------------------------------------------------------------


def test_member_unit_sees_post_on_group_page(client_for, analyst, post):
    response = client_for(analyst).get(group_url())
    assert response.status_code == 200
    assert [entry.outgoing for entry in response.context["entries"]] == [post]
    assert reverse("exchange:outgoing", args=[post.pk]) in response.content.decode()


def test_member_agency_partner_sees_post_of_kuryk(client_for, partner, post):
    client = client_for(partner)
    response = client.get(group_url())
    assert response.status_code == 200
    assert [entry.outgoing for entry in response.context["entries"]] == [post]
    assert client.get(reverse("exchange:outgoing", args=[post.pk])).status_code == 200


@pytest.mark.parametrize("persona", ["outsider", "administrator"])
def test_non_member_gets_404_on_group_page_and_post(request, client_for, persona, post):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(group_url()).status_code == 404
    assert client.get(reverse("exchange:outgoing", args=[post.pk])).status_code == 404


def test_member_of_another_group_gets_404_on_this_one(client_for, outsider, group, post):
    group.units.add(outsider.unit)
    client = client_for(outsider)
    assert client.get(reverse("exchange:groups")).status_code == 200
    assert client.get(group_url()).status_code == 404
    assert client.get(reverse("exchange:outgoing", args=[post.pk])).status_code == 404


def test_unknown_group_gets_404(client_for, officer, post):
    assert client_for(officer).get(group_url("NO-SUCH")).status_code == 404


def test_group_list_counts_messages_and_unread(client_for, officer, post, group, partner_node):
    group.units.add(officer.unit)
    actions.receive(partner_node.token("request", bodies.request()), remote="192.0.2.4")
    actions.receive(partner_node.token("alert", bodies.alert()), remote="192.0.2.4")
    actions.mark_read(IncomingMessage.objects.filter(kind="alert").get(), by=officer)
    response = client_for(officer).get(reverse("exchange:groups"))
    counts = {
        g.code: (g.sent_count, g.received_count, g.unread_count) for g in response.context["groups"]
    }
    assert counts == {"CASPIAN-FERRY": (0, 2, 1), LOCAL: (1, 0, 0)}


def test_group_timeline_mixes_both_directions_newest_first(
    client_for, officer, group, partner_node
):
    group.units.add(officer.unit)
    actions.receive(partner_node.token("request", bodies.request()), remote="192.0.2.4")
    # Received a minute before the answer (sent times are whole seconds, received are not).
    IncomingMessage.objects.update(received=timezone.now() - timedelta(minutes=1))
    incoming = IncomingMessage.objects.get()
    reply = actions.answer(incoming, kind="answer", body=bodies.answer(), by=officer)
    response = client_for(officer).get(group_url("CASPIAN-FERRY"))
    entries = response.context["entries"]
    assert [(e.incoming, e.outgoing) for e in entries] == [(None, reply), (incoming, None)]
    assert not entries[0].is_posted_here


def test_unread_stays_for_incoming_only(client_for, officer, post):
    from portcontrol.exchange.context_processors import unread_count

    assert unread_count(officer) == 0
    response = client_for(officer).get(group_url())
    assert not response.context["entries"][0].is_unread


# --- composing -------------------------------------------------------------------------------


def test_partner_agency_member_posts_request_to_local_group(client_for, partner, local_group):
    response = client_for(partner).post(
        reverse("exchange:compose_request"),
        {"group": LOCAL, "question": "Truck 123ABC02 seen at the gate?"},
    )
    posted = OutgoingMessage.objects.get()
    assert response["Location"] == reverse("exchange:outgoing", args=[posted.pk])
    assert posted.unit is None
    assert posted.created_by == partner
    assert actions.post_state(posted) == PostState.POSTED
    assert not Delivery.objects.exists()


def test_partner_agency_member_never_sends_abroad(client_for, partner, group):
    group.agencies.add(partner.agency)
    client_for(partner).post(
        reverse("exchange:compose_request"),
        {"group": "CASPIAN-FERRY", "question": "?", "recipients": ["AZ-ALAT"]},
    )
    posted = OutgoingMessage.objects.get()
    assert actions.post_state(posted) == PostState.POSTED
    assert not Delivery.objects.exists()


def test_unit_member_may_post_here_only_in_a_group_with_partners(client_for, analyst, group):
    group.units.add(analyst.unit)
    client_for(analyst).post(
        reverse("exchange:compose_request"),
        {"group": "CASPIAN-FERRY", "question": "For the team here", "here_only": "on"},
    )
    posted = OutgoingMessage.objects.get()
    assert actions.post_state(posted) == PostState.POSTED
    assert not Delivery.objects.exists()


def test_here_only_with_recipients_is_refused(client_for, analyst, group):
    group.units.add(analyst.unit)
    response = client_for(analyst).post(
        reverse("exchange:compose_request"),
        {"group": "CASPIAN-FERRY", "question": "?", "here_only": "on", "recipients": ["AZ-ALAT"]},
    )
    assert "recipients" in response.context["form"].errors
    assert not OutgoingMessage.objects.exists()


def test_partner_agency_outside_every_group_cannot_compose(client_for, partner, group):
    assert client_for(partner).get(reverse("exchange:compose_request")).status_code == 404
