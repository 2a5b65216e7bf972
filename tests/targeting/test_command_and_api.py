"""The ``assess`` command and the targeting API."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from portcontrol.cargo.models import CargoUnit, Consignment
from portcontrol.targeting.models import Assessment

from .conftest import hit

pytestmark = pytest.mark.django_db


@pytest.fixture
def planted(stored_voyage, no_engine):
    stored_voyage()
    item = Consignment.objects.get(hs_code="291524")
    no_engine.append(hit("consignment", item.pk, "PRE-AA", 70, "red", label="Acetic anhydride"))
    return item


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("assess", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_table_names_cargo_unit_consignment_score_lane_and_reasons(planted):
    text = _run("--unit", "KZKUR", "--voyage", "KUR-0412")
    line = next(row for row in text.splitlines() if "KZ-BL-1/1" in row)
    assert "70" in line and "red" in line and "Acetic anhydride [profile PRE-AA] +70" in line
    assert any(row.startswith("MSKU1234565") for row in text.splitlines())


def test_csv_and_json(planted):
    rows = list(csv.DictReader(io.StringIO(_run("--unit", "KZKUR", "--format", "csv"))))
    assert {row["consignment"] for row in rows} >= {"KZ-BL-1/1"}
    data = json.loads(_run("--unit", "KZKUR", "--format", "json"))
    top = data[0]
    assert (top["score"], top["lane"], top["reasons"][0]["key"]) == (70, "red", "PRE-AA")


def test_unknown_unit_is_refused(db):
    with pytest.raises(CommandError):
        _run("--unit", "NOPE")


def test_api_assessments_of_a_cargo_unit(client_for, officer, outsider, partner, planted):
    call_command("assess", "--unit", "KZKUR", stdout=io.StringIO(), stderr=io.StringIO())
    unit = CargoUnit.objects.get(identifier="MSKU1234565")
    url = f"/api/targeting/cargo-units/{unit.pk}/assessments"
    response = client_for(officer).get(url)
    assert response.status_code == 200
    assert response.json()[0]["lane"] == "red" and response.json()[0]["is_current"]
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(partner).get(url).status_code == 404


def test_api_anonymous_gets_401(client, planted):
    assert client.get("/api/targeting/tasks").status_code == 401


def test_api_claim_once_then_409(client_for, officer, task):
    client = client_for(officer)
    url = f"/api/targeting/tasks/{task.pk}/claim"
    first = client.post(url, {"version": 1}, content_type="application/json")
    assert first.status_code == 200 and first.json()["status"] == "claimed"
    second = client.post(url, {"version": 1}, content_type="application/json")
    assert second.status_code == 409
    listed = client.get("/api/targeting/tasks").json()
    assert any(item["id"] == task.pk for item in listed["items"])


def test_api_assesses_one_consignment_without_storing(client_for, analyst, no_engine):
    fields = {
        "voyage_number": "KUR-9",
        "document_number": "BL-9",
        "item_number": "1",
        "hs_code": "291524",
        "goods_description": "Acetic anhydride",
        "gross_weight_kg": "1000",
        "cargo_unit_id": "MSKU1234565",
    }
    no_engine.append(hit("consignment", 0, "PRE-AA", 70, "red"))
    response = client_for(analyst).post(
        "/api/targeting/assess", {"fields": fields}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["consignment"]["score"], body["consignment"]["lane"]) == (70, "red")
    assert body["cargo_units"][0]["lane"] == "red"
    assert Assessment.objects.count() == 0


def test_api_refuses_unknown_field_names(client_for, analyst):
    response = client_for(analyst).post(
        "/api/targeting/assess", {"fields": {"hs": "29"}}, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["code"] == "unknown_fields"
