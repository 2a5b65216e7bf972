"""Composing an alert from a task and a request for information; the factory of these tests.

``store_records`` makes a ferry voyage of a unit directly (no manifest is read): a container with
a seal, a bill of lading with a consignor and consignee, a goods item with its HS code, and the
driver of the truck carrying the container.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from portcontrol.exchange import compose
from portcontrol.exchange.models import OutgoingMessage

CONTAINER = "MSKU1234565"
BILL = "KURALA0001234"


@dataclass
class Records:
    unit: object
    voyage: object
    cargo_unit: object
    consignment: object
    person: object


def store_records(unit, number: str = "KUR-0412") -> Records:  # type: ignore[no-untyped-def]
    """A voyage of the unit with its records (see the module docstring)."""
    from portcontrol.cargo.models import (
        CargoUnit,
        Consignment,
        Import,
        ImportFile,
        Party,
        Person,
        TransportDocument,
        Voyage,
    )

    stored = ImportFile.objects.create(
        unit=unit, sha256=number.ljust(64, "0")[:64], size=1, storage_path="x", source="cli"
    )
    run = Import.objects.create(file=stored, unit=unit, status="done")
    voyage = Voyage.objects.create(
        unit=unit,
        number=number,
        transport_mode="ferry",
        vessel_name="Barys",
        imo="9321483",
        departure_port="KZKUR",
        arrival_port="AZALA",
        transit_ports=["TMTMZ"],
        arrival_time=datetime(2026, 3, 2, 4, 0, tzinfo=UTC),
        first_import=run,
    )
    container = CargoUnit.objects.create(
        unit=unit,
        voyage=voyage,
        identifier=CONTAINER,
        size_type="22G1",
        seals=["KZ778812"],
        vehicle_plate="123ABC02",
        import_run=run,
    )
    document = TransportDocument.objects.create(
        unit=unit, voyage=voyage, number=BILL, content_hash="h", import_run=run
    )
    item = Consignment.objects.create(
        unit=unit,
        document=document,
        item_number=1,
        hs_code="291524",
        description="Acetic anhydride",
        gross_weight_kg=Decimal("24350"),
        origin_country="KZ",
        import_run=run,
    )
    item.cargo_units.add(container)
    for role, name, tax_id in [
        ("shipper", "Kaspiy Logistik LLP", "120540012345"),
        ("consignee", "Baki Tranzit MMC", ""),
    ]:
        Party.objects.create(
            unit=unit,
            voyage=voyage,
            document=document,
            role=role,
            name=name,
            tax_id=tax_id,
            country="KZ" if role == "shipper" else "AZ",
            import_run=run,
        )
    driver = Person.objects.create(
        unit=unit,
        voyage=voyage,
        role="driver",
        family_name="IVANOV",
        given_names="Oleg",
        nationality="KZ",
        document_type="passport",
        document_number="N12345678",
        vehicle_plate="123ABC02",
        import_run=run,
    )
    return Records(unit, voyage, container, item, driver)


def make_task(records: Records):  # type: ignore[no-untyped-def]
    """A red task on the container with an assessment of two reasons."""
    from portcontrol.targeting.models import Assessment, TargetingTask

    assessment = Assessment.objects.create(
        unit=records.unit,
        voyage=records.voyage,
        target="cargo_unit",
        cargo_unit=records.cargo_unit,
        score=87,
        lane="red",
        threat="precursors",
        reasons=[
            {
                "kind": "profile",
                "key": "PRE-AA",
                "label": "Precursor on the INCB Red List",
                "score": 70.0,
                "lane": "red",
                "threat": "precursors",
                "detail": {},
            },
            {
                "kind": "indicator",
                "key": "new_consignee",
                "label": "first shipment to this consignee",
                "score": 17.5,
                "lane": "",
                "threat": "",
                "detail": {},
            },
        ],
        engine_version="test",
    )
    return TargetingTask.objects.create(
        unit=records.unit,
        voyage=records.voyage,
        target="cargo_unit",
        cargo_unit=records.cargo_unit,
        assessment=assessment,
        lane="red",
        score=87,
        threat="precursors",
        selected_at=datetime.now(UTC),
    )


@pytest.fixture
def kuryk_group(group, make_unit):
    group.units.add(make_unit("KZKUR"))
    return group


@pytest.fixture
def task(make_unit):  # type: ignore[no-untyped-def]
    return make_task(store_records(make_unit("KZKUR")))


def compose_url(task) -> str:  # type: ignore[no-untyped-def]
    return reverse("exchange:compose_task_alert", args=[task.pk])


# --- the body -------------------------------------------------------------------------------


def test_body_carries_the_records_in_wco_names(task):
    body = compose.alert_body(task, requested_action="inspect")
    assert body["SubjectTypeCode"] == "cargo_unit"
    consignment = body["Consignment"]
    assert consignment["TransportContractDocument"] == {"ID": BILL, "TypeCode": "705"}
    assert consignment["Consignor"] == {
        "Name": "Kaspiy Logistik LLP",
        "ID": "120540012345",
        "Address": {"CountryCode": "KZ"},
    }
    item = consignment["GoodsItem"][0]
    assert item["Commodity"]["Classification"] == [{"ID": "291524"}]
    assert item["GoodsMeasure"] == {"GrossMassMeasure": "24350.000"}
    assert body["TransportEquipment"] == [
        {
            "ID": CONTAINER,
            "KindCode": "container",
            "CharacteristicCode": "22G1",
            "Seal": [{"ID": "KZ778812"}],
            "VehiclePlateID": "123ABC02",
        }
    ]
    vessel = body["BorderTransportMeans"]
    assert (vessel["ID"], vessel["IdentificationTypeCode"], vessel["Name"]) == (
        "9321483",
        "10",
        "Barys",
    )
    assert vessel["JourneyID"] == "KUR-0412"
    assert vessel["LoadingLocation"] == {"ID": "KZKUR"}
    assert vessel["Itinerary"] == [{"SequenceNumeric": 1, "LocationID": "TMTMZ"}]
    assert body["Person"][0]["IdentityDocument"] == [{"ID": "N12345678", "TypeCode": "passport"}]


def test_body_carries_reasons_with_their_contributions(task):
    risk = compose.alert_body(task, requested_action="scan")["RiskAssessment"]
    assert (risk["Score"], risk["LaneCode"], risk["ThreatCode"]) == (87.0, "red", ["precursors"])
    assert risk["Reason"][0] == {
        "KindCode": "profile",
        "Code": "PRE-AA",
        "Text": "Precursor on the INCB Red List",
        "Score": 70.0,
        "ThreatCode": "precursors",
    }
    assert risk["Reason"][1]["Score"] == 17.5


def test_body_passes_the_core_checks(task):
    from portcontrol.core.messages import MessageType, new_message

    body = compose.alert_body(
        task, requested_action="hold", description="do not load", remarks="call first"
    )
    message = new_message(
        MessageType.ALERT, body, sender="KZ-KURYK", recipients=["AZ-ALAT"], group="CASPIAN-FERRY"
    )
    assert message.body["RequestedAction"] == {"TypeCode": "hold", "Description": "do not load"}


def test_values_a_partner_would_refuse_are_left_out(task):
    item = task.cargo_unit.consignments.get()
    item.hs_code, item.origin_country = "29152", "K1"  # fits the column, not a country code
    item.save()
    body = compose.alert_body(task, requested_action="inspect")
    goods = body["Consignment"]["GoodsItem"][0]
    assert "Classification" not in goods["Commodity"]
    assert "Origin" not in goods


# --- the page -------------------------------------------------------------------------------


def test_page_is_prefilled_from_task_and_assessment(client_for, officer, task, kuryk_group):
    response = client_for(officer).get(compose_url(task))
    assert response.status_code == 200
    page = response.content.decode()
    for shown in (BILL, CONTAINER, "291524", "9321483", "Barys", "Kaspiy Logistik LLP"):
        assert shown in page
    assert "Precursor on the INCB Red List" in page
    form = response.context["form"]
    assert form.initial == {"group": "CASPIAN-FERRY", "requested_action": "inspect"}
    assert [g.code for g in form.fields["group"].queryset] == ["CASPIAN-FERRY"]
    assert response.context["stripping_notes"] == []


def test_stripping_note_when_group_forbids_personal_data(client_for, officer, task, kuryk_group):
    kuryk_group.personal_data_allowed = False
    kuryk_group.save()
    response = client_for(officer).get(compose_url(task))
    notes = response.context["stripping_notes"]
    assert len(notes) == 1
    assert "CASPIAN-FERRY" in notes[0]
    assert "names" in notes[0] and "identity documents" in notes[0]
    assert notes[0] in response.content.decode()


def test_only_groups_of_the_users_unit_are_offered(client_for, officer, task, kuryk_group):
    from portcontrol.exchange.actions import save_group

    save_group(by=None, code="OTHER", name="other", personal_data_allowed=True, partner_ids=[])
    response = client_for(officer).get(compose_url(task))
    assert [g.code for g in response.context["form"].fields["group"].queryset] == ["CASPIAN-FERRY"]
    response = client_for(officer).post(
        compose_url(task), {"group": "OTHER", "requested_action": "inspect"}
    )
    assert "group" in response.context["form"].errors
    assert not OutgoingMessage.objects.exists()


def test_send_from_page_seals_the_alert_and_audits_the_task(client_for, officer, task, kuryk_group):
    from portcontrol.accounts.models import AuditEntry

    response = client_for(officer).post(
        compose_url(task),
        {"group": "CASPIAN-FERRY", "requested_action": "scan", "description": "before loading"},
    )
    sent = OutgoingMessage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exchange:outgoing", args=[sent.pk])
    assert (sent.kind, sent.unit, sent.created_by) == ("alert", task.unit, officer)
    assert sent.body["RequestedAction"] == {"TypeCode": "scan", "Description": "before loading"}
    assert sent.body["TransportEquipment"][0]["ID"] == CONTAINER
    assert [d.partner.node_id for d in sent.deliveries.all()] == ["AZ-ALAT"]
    entry = AuditEntry.objects.get(action="exchange.alert.sent_from_task")
    assert (entry.object_id, entry.details["message"]) == (str(task.pk), str(sent.pk))


def test_personal_data_is_stripped_when_sent_to_such_a_group(
    client_for, officer, task, kuryk_group
):
    kuryk_group.personal_data_allowed = False
    kuryk_group.save()
    client_for(officer).post(
        compose_url(task), {"group": "CASPIAN-FERRY", "requested_action": "inspect"}
    )
    sent = OutgoingMessage.objects.get()
    assert sent.document["header"]["personal_data"] == "stripped"
    assert sent.body["Person"] == [{"RoleCode": "driver", "NationalityCountryCode": "KZ"}]


def test_unknown_recipient_is_refused_naming_the_field(client_for, officer, task, kuryk_group):
    response = client_for(officer).post(
        compose_url(task),
        {"group": "CASPIAN-FERRY", "requested_action": "inspect", "recipients": ["RU-MAH"]},
    )
    assert "recipients" in response.context["form"].errors
    assert not OutgoingMessage.objects.exists()


@pytest.mark.parametrize("persona", ["analyst", "supervisor", "officer"])
def test_unit_workers_may_compose(request, client_for, persona, task, kuryk_group):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(compose_url(task)).status_code == 200


@pytest.mark.parametrize("persona", ["outsider", "partner", "administrator"])
def test_others_get_404(request, client_for, persona, task, kuryk_group):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert client.get(compose_url(task)).status_code == 404
    assert client.post(compose_url(task), {"group": "CASPIAN-FERRY"}).status_code == 404
    assert not OutgoingMessage.objects.exists()


def test_outsider_in_the_group_still_gets_404_for_our_task(client_for, outsider, task, kuryk_group):
    kuryk_group.units.add(outsider.unit)
    assert client_for(outsider).get(compose_url(task)).status_code == 404


def test_unit_outside_every_group_gets_404(client_for, officer, task, group):
    assert client_for(officer).get(compose_url(task)).status_code == 404


def test_task_page_links_to_compose(client_for, officer, task, kuryk_group):
    response = client_for(officer).get(reverse("targeting:task", args=[task.pk]))
    assert compose_url(task) in response.content.decode()


# --- request for information ----------------------------------------------------------------


def test_request_for_information(client_for, analyst, kuryk_group):
    response = client_for(analyst).post(
        reverse("exchange:compose_request"),
        {
            "group": "CASPIAN-FERRY",
            "question": "Crew list of the last voyage?",
            "imo": "9321483",
            "voyage": "AZALA-KZKUR-0042",
        },
    )
    sent = OutgoingMessage.objects.get()
    assert response["Location"] == reverse("exchange:outgoing", args=[sent.pk])
    assert sent.kind == "request"
    assert sent.body == {
        "Question": "Crew list of the last voyage?",
        "BorderTransportMeans": {
            "ID": "9321483",
            "IdentificationTypeCode": "10",
            "JourneyID": "AZALA-KZKUR-0042",
        },
        "SubjectTypeCode": "vessel",
    }


def test_request_with_bad_imo_names_the_field(client_for, analyst, kuryk_group):
    response = client_for(analyst).post(
        reverse("exchange:compose_request"),
        {"group": "CASPIAN-FERRY", "question": "?", "imo": "93214"},
    )
    assert "7 digits" in str(response.context["form"].errors["imo"])
    assert not OutgoingMessage.objects.exists()


@pytest.mark.parametrize("persona", ["outsider", "partner", "administrator"])
def test_request_page_404_for_others(request, client_for, persona, kuryk_group):
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert client.get(reverse("exchange:compose_request")).status_code == 404
    assert client.post(reverse("exchange:compose_request"), {"question": "x"}).status_code == 404
