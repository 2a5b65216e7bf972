"""Feedback to the alerting node: the inspection's result and seizures, and watch-list entries.

An alert from AZ-ALAT becomes a task at Kuryk, the task an inspection; once the inspection is
done its result goes back to AZ-ALAT in reply to the alert, once.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from portcontrol.accounts.models import AuditEntry
from portcontrol.core.messages import ClosedUserGroup as CoreGroup
from portcontrol.core.messages import MessageType, new_message, open_message
from portcontrol.exchange import actions, feedback
from portcontrol.exchange.models import Delivery, IncomingMessage, OutgoingMessage
from portcontrol.inspections import actions as inspections
from portcontrol.inspections import seizure_actions
from portcontrol.targeting import actions as targeting
from portcontrol.targeting.models import TargetingTask, WatchList, WatchListEntry
from tests.exchange import bodies
from tests.exchange.conftest import GROUP, HERE, THERE
from tests.exchange.test_compose import CONTAINER, store_records

pytestmark = pytest.mark.django_db


# --- factories ------------------------------------------------------------------------------


@pytest.fixture
def kuryk_group(group, make_unit):
    group.units.add(make_unit("KZKUR"))
    return group


@pytest.fixture
def records(make_unit):
    return store_records(make_unit("KZKUR"))


@pytest.fixture
def alert(kuryk_group, partner_node, records) -> IncomingMessage:
    """An alert from AZ-ALAT on the container, received here."""
    actions.receive(partner_node.token("alert", bodies.alert(CONTAINER)), remote="192.0.2.4")
    return IncomingMessage.objects.get(kind="alert")


@pytest.fixture
def alert_task(alert, officer) -> TargetingTask:
    """The task the alert became, claimed by the officer."""
    task = actions.queue_alert(alert, by=officer).task
    return targeting.claim_task(task, by=officer, version=task.version)


def order(records, officer, task=None):  # type: ignore[no-untyped-def]
    """A physical examination of the container, from the task when one is given."""
    if task is not None:
        task.refresh_from_db()
    return inspections.order_inspection(
        unit=records.unit,
        by=officer,
        plan=inspections.InspectionPlan(kind="physical"),
        target="cargo_unit",
        record=records.cargo_unit,
        task=task,
        task_version=task.version if task is not None else None,
    )


def seize(inspection, officer, **overrides):  # type: ignore[no-untyped-def]
    """A heroin seizure in the inspection's container, recorded as the seizure page does."""
    fields = {
        "seized_at": datetime.now(UTC) - timedelta(minutes=30),
        "place": "KZKUR",
        "category": "drugs",
        "drug_type": "heroin",
        "description": "Heroin in 24 bricks",
        "hs_code": "2939.11",
        "quantity": Decimal("24.35"),
        "quantity_unit": "kg",
        "estimated_value": Decimal("250000"),
        "currency": "USD",
        "concealment": "false_compartment",
        "concealment_place": "double floor",
        "cargo_unit": inspection.cargo_unit,
    }
    fields.update(overrides)
    return seizure_actions.record_seizure(
        unit=inspection.unit, fields=fields, by=officer, inspection=inspection
    )


def complete(inspection, officer, result: str, **extra):  # type: ignore[no-untyped-def]
    inspection.refresh_from_db()
    return inspections.complete_inspection(
        inspection, by=officer, version=inspection.version, result=result, **extra
    )


@pytest.fixture
def seized(alert_task, records, officer):
    """The alert's inspection, done with a seizure."""
    inspection = order(records, officer, alert_task)
    seize(inspection, officer)
    return complete(inspection, officer, "seizure")


def valid(kind: str, body: dict) -> None:
    """The body passes every check the partner's inbox makes (raises InvalidMessage if not)."""
    reply_to = uuid.uuid4() if kind == "inspection_result" else None
    new_message(
        MessageType(kind), body, sender=HERE, recipients=[THERE], group=GROUP, in_reply_to=reply_to
    )


def opened_by_partner(partner_node, message: OutgoingMessage):  # type: ignore[no-untyped-def]
    """The message as AZ-ALAT's inbox opens it from its delivery token."""
    delivery = Delivery.objects.get(message=message)
    assert delivery.partner.node_id == THERE
    groups = {GROUP: CoreGroup(GROUP, frozenset({HERE, THERE}), True)}
    return open_message(
        delivery.token, partner_node.keys, {HERE: partner_node.here.public()}, groups=groups
    )


# --- where a task came from ---------------------------------------------------------------


def test_alert_of_task_finds_the_alert(alert, alert_task):
    assert feedback.alert_of_task(alert_task) == alert


def test_alert_noted_on_an_open_task_is_found_by_its_audit_entry(alert, records, officer):
    task = TargetingTask.objects.create(
        unit=records.unit,
        voyage=records.voyage,
        target="cargo_unit",
        cargo_unit=records.cargo_unit,
        lane="yellow",
        score=40,
        selected_at=datetime.now(UTC),
    )
    queued = actions.queue_alert(alert, by=officer)
    assert (queued.task, queued.created) == (task, False)
    assert feedback.alert_of_task(task) == alert


def test_a_task_of_the_engine_has_no_alert(records):
    task = TargetingTask.objects.create(
        unit=records.unit,
        voyage=records.voyage,
        target="cargo_unit",
        cargo_unit=records.cargo_unit,
        lane="red",
        score=70,
        selected_at=datetime.now(UTC),
    )
    assert feedback.alert_of_task(task) is None
    assert feedback.alert_of_task(None) is None


# --- bodies ---------------------------------------------------------------------------------


def test_inspection_result_body_is_valid_and_says_what_was_found(seized):
    body = feedback.inspection_result_body(seized)
    valid("inspection_result", body)
    assert body["ResultCode"] == "seizure"
    assert body["InspectionLocation"] == {"ID": "KZKUR"}
    assert body["InspectionKindCode"] == ["physical"]
    assert body["TransportEquipment"][0]["ID"] == CONTAINER
    assert body["InspectionDateTime"].endswith("Z")


def test_discrepancy_carries_its_findings_and_the_seals(alert_task, records, officer):
    inspection = order(records, officer, alert_task)
    inspections.record_finding(
        inspection, by=officer, kind="undeclared", description="12 packages not on the bill"
    )
    done = complete(
        inspection, officer, "discrepancy", seal_state="different", seals_found="KZ000001"
    )
    body = feedback.inspection_result_body(done)
    valid("inspection_result", body)
    assert body["ResultCode"] == "discrepancy"
    assert body["Finding"] == [
        {"KindCode": "undeclared", "Description": "12 packages not on the bill"},
        {
            "KindCode": "seal",
            "Description": "seal numbers differ from the declaration (found: KZ000001)",
        },
    ]


def test_nothing_found_of_a_person_names_the_person(records, officer):
    inspection = inspections.order_inspection(
        unit=records.unit,
        by=officer,
        plan=inspections.InspectionPlan(kind="documentary"),
        target="person",
        record=records.person,
    )
    body = feedback.inspection_result_body(complete(inspection, officer, "nothing_found"))
    valid("inspection_result", body)
    assert body["ResultCode"] == "nothing_found"
    assert "Finding" not in body
    assert body["Person"][0]["IdentityDocument"] == [{"ID": "N12345678", "TypeCode": "passport"}]


def test_seizure_notice_body_is_valid_with_goods_and_hiding(seized):
    body = feedback.seizure_notice_body(seized.seizures.get())
    valid("seizure_notice", body)
    [goods] = body["Goods"]
    assert goods["CommodityGroupCode"] == "drugs"
    assert goods["DrugTypeCode"] == "heroin"
    assert goods["Quantity"] == {"value": "24.350", "unitCode": "kg"}
    assert goods["ConcealmentCode"] == "false_compartment"
    assert goods["Commodity"]["Classification"] == [{"ID": "293911"}]
    assert goods["EstimatedValueAmount"] == {"value": "250000.00", "currencyID": "USD"}
    assert body["SeizureID"].startswith("KZKUR-")
    assert body["SeizureLocation"] == {"ID": "KZKUR"}
    assert body["TransportEquipment"][0]["ID"] == CONTAINER
    assert body["Remarks"] == "Concealment place: double floor"


def test_no_drug_type_goes_with_other_goods(alert_task, records, officer):
    inspection = order(records, officer, alert_task)
    seizure = seize(
        inspection,
        officer,
        category="tobacco",
        drug_type="",
        quantity=Decimal("10000"),
        quantity_unit="sticks",
        hs_code="",
    )
    body = feedback.seizure_notice_body(seizure)
    valid("seizure_notice", body)
    assert "DrugTypeCode" not in body["Goods"][0]
    assert body["Goods"][0]["Quantity"]["unitCode"] == "sticks"


@pytest.fixture
def watch_list(analyst):
    return WatchList.objects.create(
        agency=analyst.unit.agency,
        unit=analyst.unit,
        code="kz-companies",
        name="Companies of interest",
        kind="company",
        created_by=analyst,
    )


@pytest.fixture
def entry(watch_list, analyst):
    return WatchListEntry.objects.create(
        watch_list=watch_list,
        names=["Arman Trans LLP", "Arman Trans TOO"],
        identifiers=["123456789012"],
        nationality="KZ",
        reason="consignor in the 2025 precursor case",
        expires_on=date.today() + timedelta(days=365),
        added_by=analyst,
    )


@pytest.mark.parametrize(
    ("kind", "member"),
    [
        ("person", "Person"),
        ("company", "Party"),
        ("vehicle", "VehiclePlateID"),
        ("container", "TransportEquipment"),
        ("vessel", "BorderTransportMeans"),
    ],
)
def test_watch_list_entry_body_of_each_kind_is_valid(entry, kind, member):
    entry.kind = kind
    entry.identifiers = ["9321483"] if kind == "vessel" else entry.identifiers
    entry.document_numbers = ["N12345678"]
    entry.date_of_birth = date(1980, 2, 3)
    body = feedback.watch_list_entry_body(entry)
    valid("watch_list_entry", body)
    assert (body["ActionCode"], body["KindCode"]) == ("add", kind)
    assert member in body
    assert body["EntryID"] == f"kz-companies-{entry.pk}"
    assert body["ReasonText"] == "consignor in the 2025 precursor case"


def test_company_entry_body_and_its_removal(entry):
    body = feedback.watch_list_entry_body(entry)
    assert body["Party"] == {
        "Name": "Arman Trans LLP",
        "ID": "123456789012",
        "Address": {"CountryCode": "KZ"},
    }
    assert body["ValidUntilDate"] == entry.expires_on.isoformat()
    removal = feedback.watch_list_entry_body(entry, "remove")
    valid("watch_list_entry", removal)
    assert removal == {"ActionCode": "remove", "EntryID": body["EntryID"], "KindCode": "company"}
    with pytest.raises(actions.ExchangeError, match="one of add, update, remove"):
        feedback.watch_list_entry_body(entry, "delete")


# --- sending the feedback -------------------------------------------------------------------


def test_feedback_goes_once_in_reply_to_the_alert(seized, alert, officer, partner_node):
    sent = feedback.send_inspection_feedback(seized, by=officer)
    assert [message.kind for message in sent] == ["inspection_result", "seizure_notice"]
    assert {message.in_reply_to for message in sent} == {alert.message_id}
    for message in sent:
        assert list(message.deliveries.values_list("partner__node_id", flat=True)) == [THERE]
    result = opened_by_partner(partner_node, sent[0])
    assert result.message.header.in_reply_to == alert.message_id
    assert result.message.body["ResultCode"] == "seizure"
    notice = opened_by_partner(partner_node, sent[1])
    assert notice.message.body["Goods"][0]["DrugTypeCode"] == "heroin"
    alert.refresh_from_db()
    assert alert.answered
    entry = AuditEntry.objects.get(action="exchange.feedback.sent")
    assert (entry.object_id, entry.actor, entry.unit) == (str(seized.pk), officer, seized.unit)
    assert entry.details["messages"] == [str(message.id) for message in sent]

    with pytest.raises(feedback.FeedbackAlreadySent, match="already"):
        feedback.send_inspection_feedback(seized, by=officer)
    assert OutgoingMessage.objects.count() == 2
    assert AuditEntry.objects.filter(action="exchange.feedback.sent").count() == 1


def test_refused_while_the_inspection_is_open(alert_task, records, officer):
    inspection = order(records, officer, alert_task)
    with pytest.raises(actions.ExchangeError, match="is not complete"):
        feedback.send_inspection_feedback(inspection, by=officer)
    assert not OutgoingMessage.objects.exists()


def test_refused_when_the_task_came_from_no_alert(records, officer, kuryk_group):
    inspection = order(records, officer)
    done = complete(inspection, officer, "nothing_found")
    with pytest.raises(actions.ExchangeError, match="did not come from a partner node's alert"):
        feedback.send_inspection_feedback(done, by=officer)
    assert not OutgoingMessage.objects.exists()


def test_refused_to_another_unit(seized, outsider):
    with pytest.raises(actions.ExchangeError, match="of the inspecting unit"):
        feedback.send_inspection_feedback(seized, by=outsider)
    assert not OutgoingMessage.objects.exists()


# --- the inspection page ------------------------------------------------------------------


def test_page_offers_sending_then_shows_it_sent(client_for, officer, seized):
    client = client_for(officer)
    page = client.get(reverse("inspections:detail", args=[seized.pk])).content.decode()
    assert "Send the result to AZ-ALAT (Alyat)" in page
    response = client.post(
        reverse("exchange:feedback_inspection_send", args=[seized.pk]), follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("inspections:detail", args=[seized.pk])
    page = response.content.decode()
    assert "1 seizure notice are sealed and queued" in page
    assert "Result sent" in page
    assert "Send the result to" not in page
    again = client.post(reverse("exchange:feedback_inspection_send", args=[seized.pk]), follow=True)
    assert "Not sent: the result of inspection" in again.content.decode()
    assert OutgoingMessage.objects.count() == 2


def test_page_of_an_open_inspection_offers_nothing_yet(client_for, officer, alert_task, records):
    inspection = order(records, officer, alert_task)
    page = client_for(officer).get(reverse("inspections:detail", args=[inspection.pk]))
    text = page.content.decode()
    assert "answers an alert from AZ-ALAT" in text
    assert "Send the result to" not in text


def test_page_without_an_alert_shows_no_feedback(client_for, officer, records):
    inspection = order(records, officer)
    page = client_for(officer).get(reverse("inspections:detail", args=[inspection.pk]))
    assert page.status_code == 200
    assert "Feedback to the alerting node" not in page.content.decode()


@pytest.mark.parametrize("persona", ["outsider", "partner", "administrator"])
def test_others_get_404_and_nothing_is_sent(client_for, seized, persona, request):
    user = request.getfixturevalue(persona)
    response = client_for(user).post(reverse("exchange:feedback_inspection_send", args=[seized.pk]))
    assert response.status_code == 404
    assert not OutgoingMessage.objects.exists()


def test_sending_is_a_post(client_for, officer, seized):
    response = client_for(officer).get(
        reverse("exchange:feedback_inspection_send", args=[seized.pk])
    )
    assert response.status_code == 405


# --- sharing a watch-list entry ---------------------------------------------------------------


def test_entry_shared_then_updated(entry, analyst, kuryk_group, partner_node):
    first = feedback.share_watch_list_entry(entry, group=kuryk_group, by=analyst)
    assert first.kind == "watch_list_entry"
    opened = opened_by_partner(partner_node, first)
    assert opened.message.body["ActionCode"] == "add"
    assert opened.message.body["Party"]["Name"] == "Arman Trans LLP"
    audit = AuditEntry.objects.get(action="exchange.watch_list_entry.shared")
    assert (audit.object_id, audit.details["message"]) == (str(entry.pk), str(first.id))
    again = feedback.share_watch_list_entry(entry, group=kuryk_group, by=analyst)
    assert again.body["ActionCode"] == "update"


def test_an_entry_waiting_for_removal_is_not_shared(entry, analyst, kuryk_group):
    entry.status = "pending_removal"
    entry.save()
    with pytest.raises(actions.ExchangeError, match="only an active entry is shared"):
        feedback.share_watch_list_entry(entry, group=kuryk_group, by=analyst)
    assert not OutgoingMessage.objects.exists()


def test_an_expired_entry_is_not_shared(entry, analyst, kuryk_group):
    entry.expires_on = date.today() - timedelta(days=1)
    entry.save()
    with pytest.raises(actions.ExchangeError, match="expired on"):
        feedback.share_watch_list_entry(entry, group=kuryk_group, by=analyst)


def test_an_officer_does_not_share(entry, officer, kuryk_group):
    with pytest.raises(actions.ExchangeError, match="only analysts and supervisors"):
        feedback.share_watch_list_entry(entry, group=kuryk_group, by=officer)


def test_entry_page_shares_with_the_chosen_group(client_for, analyst, entry, kuryk_group):
    client = client_for(analyst)
    page = client.get(reverse("targeting:entry_edit", args=[entry.pk])).content.decode()
    assert "Share with partner nodes" in page
    assert f'value="{GROUP}"' in page
    response = client.post(
        reverse("exchange:feedback_entry_share", args=[entry.pk]), {"group": GROUP}
    )
    outgoing = OutgoingMessage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exchange:outgoing", args=[outgoing.pk])
    assert outgoing.body["EntryID"] == f"kz-companies-{entry.pk}"
    page = client.get(reverse("targeting:entry_edit", args=[entry.pk])).content.decode()
    assert reverse("exchange:outgoing", args=[outgoing.pk]) in page


def test_entry_share_with_an_unknown_group_says_so(client_for, analyst, entry, kuryk_group):
    response = client_for(analyst).post(
        reverse("exchange:feedback_entry_share", args=[entry.pk]), {"group": "NO-SUCH-GROUP"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["group"]
    assert not OutgoingMessage.objects.exists()


@pytest.mark.parametrize("persona", ["outsider", "officer", "partner"])
def test_entry_share_by_others_gets_404(client_for, entry, kuryk_group, persona, request):
    user = request.getfixturevalue(persona)
    if user.unit is not None:  # in the group: the list is still none of theirs
        kuryk_group.units.add(user.unit)
    client = client_for(user)
    url = reverse("exchange:feedback_entry_share", args=[entry.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"group": GROUP}).status_code == 404
    assert not OutgoingMessage.objects.exists()


def test_entry_share_outside_any_group_gets_404(client_for, analyst, entry, group):
    url = reverse("exchange:feedback_entry_share", args=[entry.pk])
    assert client_for(analyst).get(url).status_code == 404
