"""The seizures API: list, get, record, correct, hand over; who may do what; errors by field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from portcontrol.accounts.models import Agency, ApiToken
from portcontrol.cargo.models import Party
from portcontrol.inspections import seizure_actions
from portcontrol.inspections.models import Seizure

pytestmark = pytest.mark.django_db

API = "/api/seizures/"
YEAR = datetime.now(UTC).year


def payload(**overrides):  # type: ignore[no-untyped-def]
    data = {
        "seized_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
        "place": "KZKUR",
        "category": "drugs",
        "drug_type": "heroin",
        "description": "Heroin in bricks",
        "quantity": "12.5",
        "quantity_unit": "kg",
        "concealment": "false_compartment",
        "concealment_place": "double floor",
        "arrested": [{"name": "IVANOV Oleg", "nationality": "KZ"}],
    }
    data.update(overrides)
    return data


def post(client, url: str, data):  # type: ignore[no-untyped-def]
    return client.post(url, data, content_type="application/json")


@pytest.fixture
def seizure(inspection, records, officer):  # type: ignore[no-untyped-def]
    return seizure_actions.record_seizure(
        unit=officer.unit,
        fields={
            "seized_at": datetime.now(UTC) - timedelta(hours=2),
            "place": "KZKUR",
            "category": "drugs",
            "drug_type": "heroin",
            "description": "Heroin in bricks",
            "quantity": Decimal("12.5"),
            "quantity_unit": "kg",
            "concealment": "false_compartment",
            "cargo_unit": records.cargo_unit,
        },
        by=officer,
        inspection=inspection,
    )


def test_recording_answers_201_with_the_number(client_for, officer):
    response = post(client_for(officer), API, payload(estimated_value="1000", currency="usd"))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["reference"] == f"KZKUR-{YEAR}-0001"
    assert (body["currency"], body["held_by"], body["version"]) == ("USD", "KZ-CUSTOMS", 1)
    assert body["versions"][0]["data"]["quantity"] == "12.500"
    assert body["inspection_id"] is None


def test_recording_from_an_inspection_fills_in_what_it_knows(
    client_for, officer, inspection, records
):
    Party.objects.create(
        unit=records.unit,
        voyage=records.voyage,
        document=records.consignment.document,
        role="consignee",
        name="Alyat Trade LLC",
        country="AZ",
        import_run=records.voyage.first_import,
    )
    response = post(client_for(officer), API, payload(inspection_id=inspection.pk))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["inspection_id"], body["voyage_number"], body["cargo_unit"]) == (
        inspection.pk,
        "KUR-0412",
        "MSKU1234565",
    )
    assert (body["departure"], body["destination"]) == ("KZKUR", "AZALA")
    assert body["parties"] == [{"role": "consignee", "name": "Alyat Trade LLC", "country": "AZ"}]


def test_a_time_without_a_zone_is_utc(client_for, officer):
    naive = (datetime.now(UTC) - timedelta(hours=5)).replace(tzinfo=None, second=0, microsecond=0)
    response = post(client_for(officer), API, payload(seized_at=naive.isoformat()))
    assert response.status_code == 201
    assert Seizure.objects.get().seized_at == naive.replace(tzinfo=UTC)


def test_errors_come_back_keyed_by_field(client_for, officer):
    response = post(
        client_for(officer),
        API,
        payload(drug_type="", quantity="-1", place="KZXXX", currency="EURO", estimated_value="5"),
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert {"drug_type", "quantity", "place", "currency"} <= set(body["details"])
    assert Seizure.objects.count() == 0


def test_a_missing_value_is_named(client_for, officer):
    data = payload()
    del data["quantity"]
    response = post(client_for(officer), API, data)
    assert response.status_code == 400
    assert "quantity" in response.json()["details"]


def test_a_record_of_another_unit_is_not_found_by_id(client_for, officer, make_records):
    alyat = make_records("AZALA", number="ALA-0001")
    response = post(client_for(officer), API, payload(cargo_unit_id=alyat.cargo_unit.pk))
    assert response.status_code == 400
    assert "cargo_unit_id" in response.json()["details"]


def test_an_unknown_field_is_refused(client_for, officer):
    response = post(client_for(officer), API, payload(reference="KZKUR-2026-7777"))
    assert response.status_code == 422
    assert Seizure.objects.count() == 0


def test_list_and_get_for_those_who_may_see(
    client_for, seizure, officer, partner, police_partner, outsider, administrator
):
    listed = client_for(officer).get(API).json()
    assert (listed["count"], listed["items"][0]["reference"]) == (1, seizure.reference)
    assert client_for(partner).get(API).json()["count"] == 1
    assert client_for(police_partner).get(API).json()["count"] == 0
    assert client_for(outsider).get(API).json()["count"] == 0
    assert client_for(administrator).get(API).status_code == 404
    url = f"{API}{seizure.pk}"
    assert client_for(officer).get(url).json()["cargo_unit"] == "MSKU1234565"
    assert client_for(partner).get(url).status_code == 200
    for user in (police_partner, outsider, administrator):
        assert client_for(user).get(url).status_code == 404, user


def test_list_filters(client_for, seizure, officer):
    client = client_for(officer)
    assert client.get(API, {"category": "tobacco"}).json()["count"] == 0
    assert client.get(API, {"category": "drugs"}).json()["count"] == 1
    tomorrow = (datetime.now(UTC) + timedelta(days=2)).date().isoformat()
    assert client.get(API, {"date_from": tomorrow}).json()["count"] == 0
    assert client.get(API, {"category": "ivory"}).status_code == 400


def test_a_token_reads_as_its_user(client, seizure, officer):
    _token, raw = ApiToken.issue(officer, "case system")
    response = client.get(API, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.json()["count"] == 1
    client.logout()
    assert client.get(API).status_code == 401


def test_partners_and_outsiders_change_nothing(client_for, seizure, partner, police_partner):
    correction = {"version": 1, "comment": "x", "quantity": "1"}
    assert post(client_for(partner), API, payload()).status_code == 403
    assert (
        post(client_for(partner), f"{API}{seizure.pk}/corrections", correction).status_code == 403
    )
    assert (
        post(client_for(police_partner), f"{API}{seizure.pk}/corrections", correction).status_code
        == 404
    )
    handover = {
        "to_agency": "KZ-BORDER",
        "handed_over_at": datetime.now(UTC).isoformat(),
        "received_by": "me",
    }
    assert post(client_for(partner), f"{API}{seizure.pk}/custody", handover).status_code == 403
    seizure.refresh_from_db()
    assert (seizure.version, seizure.held_by.code) == (1, "KZ-CUSTOMS")


def test_another_units_inspection_is_not_found(client_for, inspection, outsider):
    response = post(client_for(outsider), API, payload(inspection_id=inspection.pk))
    assert response.status_code == 404


def test_a_correction_is_a_new_version_and_a_stale_one_conflicts(client_for, seizure, officer):
    url = f"{API}{seizure.pk}/corrections"
    client = client_for(officer)
    response = post(client, url, {"version": 1, "comment": "reweighed", "quantity": "12.4"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["version"], body["quantity"], body["cargo_unit"]) == (2, "12.400", "MSKU1234565")
    assert body["versions"][1]["comment"] == "reweighed"
    stale = post(client, url, {"version": 1, "comment": "typo", "quantity": "11"})
    assert stale.status_code == 409
    no_reason = post(client, url, {"version": 2, "comment": " ", "quantity": "11"})
    assert no_reason.status_code == 400
    assert "comment" in no_reason.json()["details"]
    seizure.refresh_from_db()
    assert (seizure.version, seizure.quantity) == (2, Decimal("12.4"))


def test_a_handover_through_the_api(client_for, seizure, officer):
    Agency.objects.create(code="KZ-POLICE", name="KZ Police", country="KZ", kind="police")
    url = f"{API}{seizure.pk}/custody"
    at = (seizure.seized_at + timedelta(minutes=20)).isoformat()
    client = client_for(officer)
    done = post(
        client, url, {"to_agency": "kz-police", "handed_over_at": at, "received_by": "Lt. A"}
    )
    assert done.status_code == 200, done.json()
    assert done.json()["held_by"] == "KZ-POLICE"
    assert done.json()["custody"][0]["from_agency"] == "KZ-CUSTOMS"
    unknown = post(client, url, {"to_agency": "XX", "handed_over_at": at, "received_by": "B"})
    assert unknown.status_code == 400 and "to_agency" in unknown.json()["details"]
