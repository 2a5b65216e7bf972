"""An incoming alert becomes a task in the receiving unit's queue with one click, once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from portcontrol.accounts.models import AuditEntry
from portcontrol.exchange import actions
from portcontrol.exchange.models import IncomingMessage
from portcontrol.targeting.models import TargetingTask, TaskEvent
from tests.exchange import bodies
from tests.exchange.test_compose import BILL, CONTAINER, make_task, store_records


@pytest.fixture
def kuryk_group(group, make_unit):
    group.units.add(make_unit("KZKUR"))
    return group


@pytest.fixture
def receive_alert(kuryk_group, partner_node):
    def receive(body: dict) -> IncomingMessage:
        actions.receive(partner_node.token("alert", body), remote="192.0.2.4")
        return IncomingMessage.objects.order_by("-pk").first()

    return receive


@pytest.fixture
def records(make_unit):
    return store_records(make_unit("KZKUR"))


def to_task(client, incoming):  # type: ignore[no-untyped-def]
    return client.post(reverse("exchange:incoming_to_task", args=[incoming.pk]), follow=True)


def test_alert_becomes_one_task_with_audit(client_for, officer, records, receive_alert):
    incoming = receive_alert(bodies.alert(CONTAINER))
    response = to_task(client_for(officer), incoming)
    task = TargetingTask.objects.get()
    assert response.redirect_chain[-1][0] == reverse("targeting:task", args=[task.pk])
    assert (task.unit, task.target, task.cargo_unit, task.voyage) == (
        records.unit,
        "cargo_unit",
        records.cargo_unit,
        records.voyage,
    )
    assert (task.lane, task.score, task.threat, task.status) == ("red", 72, "cigarettes", "new")
    reason = task.assessment.reasons[0]
    assert reason["kind"] == "alert"
    assert reason["label"].startswith(
        "Alert from partner node AZ-ALAT: seal number differs from the manifest"
    )
    assert not task.assessment.is_current
    entry = AuditEntry.objects.get(action="exchange.alert.queued")
    assert (entry.actor, entry.unit, entry.object_id) == (officer, records.unit, str(incoming.pk))
    assert entry.details == {"task": task.pk, "created": True, "target": "cargo_unit"}
    assert TaskEvent.objects.get(task=task).action == "alert"
    incoming.refresh_from_db()
    assert incoming.read_by == officer
    assert "Alert from partner node AZ-ALAT" in response.content.decode()


def test_second_click_makes_no_second_task(client_for, officer, analyst, records, receive_alert):
    incoming = receive_alert(bodies.alert(CONTAINER))
    to_task(client_for(officer), incoming)
    response = to_task(client_for(analyst), incoming)
    assert TargetingTask.objects.count() == 1
    assert AuditEntry.objects.filter(action="exchange.alert.queued").count() == 1
    assert "already in your queue" in response.content.decode()
    page = client_for(officer).get(reverse("exchange:incoming", args=[incoming.pk]))
    assert page.context["queued_task"] == TargetingTask.objects.get()
    assert "Add to our queue" not in page.content.decode()


def test_no_record_yet_says_so_and_keeps_the_alert(client_for, officer, receive_alert, make_unit):
    make_unit("KZKUR")
    incoming = receive_alert(bodies.alert("TGHU7654321"))
    response = to_task(client_for(officer), incoming)
    page = response.content.decode()
    assert not TargetingTask.objects.exists()
    assert not AuditEntry.objects.filter(action="exchange.alert.queued").exists()
    assert "cargo unit TGHU7654321" in page
    assert "the manifest may not have arrived" in page
    assert "The alert stays in the inbox" in page
    assert response.redirect_chain[-1][0] == reverse("exchange:incoming", args=[incoming.pk])
    assert IncomingMessage.objects.filter(pk=incoming.pk).exists()


def test_retry_after_the_manifest_arrived(client_for, officer, receive_alert, make_unit):
    incoming = receive_alert(bodies.alert(CONTAINER))
    to_task(client_for(officer), incoming)
    assert not TargetingTask.objects.exists()
    records = store_records(make_unit("KZKUR"))
    to_task(client_for(officer), incoming)
    assert TargetingTask.objects.get().cargo_unit == records.cargo_unit


def test_another_units_records_are_not_matched(client_for, officer, outsider, receive_alert):
    store_records(outsider.unit)
    incoming = receive_alert(bodies.alert(CONTAINER))
    to_task(client_for(officer), incoming)
    assert not TargetingTask.objects.exists()


def test_consignment_alert_finds_the_goods_item(client_for, officer, records, receive_alert):
    body = bodies.alert()
    del body["TransportEquipment"]
    body["SubjectTypeCode"] = "consignment"
    body["Consignment"] = {
        "TransportContractDocument": {"ID": BILL},
        "GoodsItem": [{"Commodity": {"Classification": [{"ID": "291524"}]}}],
    }
    to_task(client_for(officer), receive_alert(body))
    task = TargetingTask.objects.get()
    assert (task.target, task.consignment) == ("consignment", records.consignment)


def test_person_alert_finds_the_person_by_document(client_for, officer, records, receive_alert):
    body = bodies.alert()
    del body["TransportEquipment"]
    body["SubjectTypeCode"] = "person"
    body["Person"] = [{"RoleCode": "driver", "IdentityDocument": [{"ID": "N12345678"}]}]
    to_task(client_for(officer), receive_alert(body))
    task = TargetingTask.objects.get()
    assert (task.target, task.person) == ("person", records.person)


def test_vessel_alert_explains_a_vessel_is_no_target(client_for, officer, records, receive_alert):
    body = bodies.alert()
    del body["TransportEquipment"]
    body["SubjectTypeCode"] = "vessel"
    body["BorderTransportMeans"] = {"ID": "9321483", "JourneyID": "KUR-0412"}
    response = to_task(client_for(officer), receive_alert(body))
    assert not TargetingTask.objects.exists()
    assert "voyage KUR-0412 (found here), but a vessel is not a target" in (
        response.content.decode()
    )


def test_open_task_on_the_record_gets_the_note(client_for, officer, records, receive_alert):
    existing = make_task(records)
    to_task(client_for(officer), receive_alert(bodies.alert(CONTAINER)))
    assert list(TargetingTask.objects.all()) == [existing]
    event = TaskEvent.objects.get(task=existing)
    assert event.note.startswith("Alert from partner node AZ-ALAT")
    assert AuditEntry.objects.get(action="exchange.alert.queued").details["created"] is False


def test_button_shown_to_unit_workers_only(client_for, officer, partner, records, receive_alert):
    incoming = receive_alert(bodies.alert(CONTAINER))
    url = reverse("exchange:incoming", args=[incoming.pk])
    assert "Add to our queue" in client_for(officer).get(url).content.decode()
    incoming.group.agencies.add(partner.agency)
    response = client_for(partner).get(url)
    assert response.status_code == 200
    assert "Add to our queue" not in response.content.decode()


@pytest.mark.parametrize("persona", ["outsider", "partner", "administrator"])
def test_others_get_404(request, client_for, persona, records, receive_alert):
    incoming = receive_alert(bodies.alert(CONTAINER))
    incoming.group.agencies.add(request.getfixturevalue("partner").agency)
    client = client_for(request.getfixturevalue(persona))
    response = client.post(reverse("exchange:incoming_to_task", args=[incoming.pk]))
    assert response.status_code == 404
    assert not TargetingTask.objects.exists()


def test_a_request_does_not_become_a_task(client_for, officer, kuryk_group, partner_node):
    actions.receive(partner_node.token("request", bodies.request()), remote="192.0.2.4")
    incoming = IncomingMessage.objects.get()
    response = client_for(officer).post(reverse("exchange:incoming_to_task", args=[incoming.pk]))
    assert response.status_code == 404


def test_get_is_not_allowed(client_for, officer, records, receive_alert):
    incoming = receive_alert(bodies.alert(CONTAINER))
    response = client_for(officer).get(reverse("exchange:incoming_to_task", args=[incoming.pk]))
    assert response.status_code == 405
    assert not TargetingTask.objects.exists()
