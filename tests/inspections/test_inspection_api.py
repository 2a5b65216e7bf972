"""The inspections API: list, one inspection, order, result; the same rules as the pages."""

from __future__ import annotations

import pytest

from portcontrol.accounts.models import ApiToken
from portcontrol.inspections import actions
from portcontrol.inspections.models import Inspection
from portcontrol.targeting.choices import TaskResult, TaskStatus

from .conftest import JPEG, upload

pytestmark = pytest.mark.django_db

BASE = "/api/inspections/"


def post(client, url, data):  # type: ignore[no-untyped-def]
    return client.post(url, data, content_type="application/json")


def test_the_list_holds_what_the_user_may_see(
    client_for, officer, partner, police_partner, outsider, make_inspection
):
    shared = make_inspection()
    make_inspection(team=[officer], agencies=[])
    assert client_for(officer).get(BASE).json()["count"] == 2
    assert [item["id"] for item in client_for(partner).get(BASE).json()["items"]] == [shared.pk]
    assert client_for(police_partner).get(BASE).json()["count"] == 0
    assert client_for(outsider).get(BASE).json()["count"] == 0


def test_the_list_filters_by_status_and_type(client_for, officer, make_inspection):
    make_inspection(kind="dog")
    make_inspection(kind="scanner")
    client = client_for(officer)
    assert [i["kind"] for i in client.get(BASE, {"kind": "dog"}).json()["items"]] == ["dog"]
    assert client.get(BASE, {"status": "done"}).json()["count"] == 0


def test_one_inspection_with_its_plan_findings_and_files(client_for, partner, vessel_search):
    actions.record_finding(vessel_search, by=partner, kind="undeclared", description="Tobacco")
    photo = actions.add_attachment(vessel_search, by=partner, upload=upload("a.jpg", JPEG))
    body = client_for(partner).get(f"{BASE}{vessel_search.pk}").json()
    assert body["target"] == "vessel" and body["team"] == ["officer", "partner"]
    assert [area["kind"] for area in body["areas"]] == ["engine_room", "crew_quarters"]
    assert body["areas"][0]["checklist"][0] == {"spot": "Bilges", "checked": False}
    assert body["findings"][0]["description"] == "Tobacco"
    assert body["attachments"][0]["url"] == f"/inspections/attachments/{photo.pk}/"


@pytest.mark.parametrize("who", ["outsider", "police_partner", "administrator"])
def test_others_get_404(client_for, request, who, inspection):
    client = client_for(request.getfixturevalue(who))
    assert client.get(f"{BASE}{inspection.pk}").status_code == 404
    result = post(client, f"{BASE}{inspection.pk}/result", {"version": 1, "result": "seizure"})
    assert result.status_code == 404


def test_anonymous_gets_401(client, inspection):
    assert client.get(BASE).status_code == 401


def test_a_token_works_as_its_user(client, officer, inspection):
    _, raw = ApiToken.issue(officer, "handheld")
    response = client.get(f"{BASE}{inspection.pk}", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200


def test_ordering_from_a_task(client_for, officer, partner, task):
    response = post(
        client_for(officer),
        BASE,
        {
            "kind": "physical",
            "task_id": task.pk,
            "task_version": task.version,
            "team": ["officer", "partner"],
            "agencies": ["KZ-BORDER"],
            "planned_for": "2025-03-02T06:30:00+05:00",
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["task_id"], body["target"], body["agencies"]) == (
        task.pk,
        "cargo_unit",
        ["KZ-BORDER"],
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.ISSUED


def test_ordering_from_a_stale_task_is_409(client_for, officer, task):
    response = post(
        client_for(officer),
        BASE,
        {"kind": "physical", "task_id": task.pk, "task_version": task.version - 1},
    )
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    assert not Inspection.objects.exists()


def test_ordering_a_vessel_search_directly(client_for, officer, records):
    response = post(
        client_for(officer),
        BASE,
        {"kind": "dog", "target": "vessel", "record_id": records.voyage.pk, "areas": ["stores"]},
    )
    assert response.status_code == 201
    assert [area["kind"] for area in response.json()["areas"]] == ["stores"]


def test_a_record_of_another_unit_is_404(client_for, outsider, records):
    response = post(
        client_for(outsider),
        BASE,
        {"kind": "dog", "target": "cargo_unit", "record_id": records.cargo_unit.pk},
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("payload", "field", "detail"),
    [
        ({"kind": "xray", "target": "vessel"}, "kind", "Choose the type of inspection."),
        ({"kind": "dog", "target": "ship"}, "target", "target is consignment"),
        ({"kind": "dog", "target": "vessel", "team": ["outsider"]}, "team", "team: unknown"),
        ({"kind": "dog", "target": "vessel", "areas": ["attic"]}, "areas", "Unknown search area"),
    ],
)
def test_bad_orders_name_the_field(client_for, officer, outsider, records, payload, field, detail):
    response = post(client_for(officer), BASE, {**payload, "record_id": records.voyage.pk})
    assert response.status_code == 400
    assert response.json()["details"]["field"] == field
    assert response.json()["detail"].startswith(detail)


def test_unknown_fields_are_refused(client_for, officer, records):
    response = post(
        client_for(officer),
        BASE,
        {"kind": "dog", "target": "vessel", "record_id": records.voyage.pk, "colour": "red"},
    )
    assert response.status_code == 422
    assert not Inspection.objects.exists()


def test_a_partner_may_read_but_not_order_or_complete(client_for, partner, records, inspection):
    client = client_for(partner)
    assert client.get(f"{BASE}{inspection.pk}").status_code == 200
    ordered = post(
        client, BASE, {"kind": "dog", "target": "vessel", "record_id": records.voyage.pk}
    )
    assert ordered.status_code == 403
    result = post(
        client, f"{BASE}{inspection.pk}/result", {"version": 1, "result": "nothing_found"}
    )
    assert result.status_code == 403


def test_the_result_closes_the_task(client_for, officer, task, make_inspection):
    inspection = make_inspection(task=task)
    response = post(
        client_for(officer),
        f"{BASE}{inspection.pk}/result",
        {"version": inspection.version, "result": "nothing_found", "seal_state": "as_declared"},
    )
    assert response.status_code == 200
    assert response.json()["status"] == "done"
    task.refresh_from_db()
    assert (task.status, task.result) == (TaskStatus.COMPLETE, TaskResult.NEGATIVE)


def test_a_seizure_result_without_a_seizure_is_400(client_for, officer, inspection):
    response = post(
        client_for(officer),
        f"{BASE}{inspection.pk}/result",
        {"version": inspection.version, "result": "seizure"},
    )
    assert response.status_code == 400
    assert response.json()["details"] == {"field": "result"}


def test_a_stale_result_is_409(client_for, officer, partner, inspection):
    shown = inspection.version
    actions.record_finding(inspection, by=partner, kind="weight", description="heavier")
    response = post(
        client_for(officer),
        f"{BASE}{inspection.pk}/result",
        {"version": shown, "result": "discrepancy"},
    )
    assert response.status_code == 409
    inspection.refresh_from_db()
    assert inspection.status == "in_progress"
