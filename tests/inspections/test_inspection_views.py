"""Inspection pages: who sees what, ordering, the search plan, findings, the result."""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from portcontrol.inspections.choices import InspectionStatus
from portcontrol.inspections.models import Finding, Inspection, SearchArea
from portcontrol.targeting.choices import TaskResult, TaskStatus

pytestmark = pytest.mark.django_db


def pages(inspection, task):  # type: ignore[no-untyped-def]
    """Every inspection page: (method, URL, data, may a partner taking part use it)."""
    area = inspection.areas.first()
    version = {"version": inspection.version}
    return [
        ("get", reverse("inspections:list"), {}, True),
        ("get", reverse("inspections:detail", args=[inspection.pk]), {}, True),
        ("get", reverse("inspections:order_from_task", args=[task.pk]), {}, False),
        ("post", reverse("inspections:order_from_task", args=[task.pk]), {"kind": "dog"}, False),
        ("get", reverse("inspections:order", args=["vessel", inspection.voyage_id]), {}, False),
        ("get", reverse("inspections:edit", args=[inspection.pk]), {}, False),
        ("post", reverse("inspections:start", args=[inspection.pk]), version, True),
        (
            "post",
            reverse("inspections:area_add", args=[inspection.pk]),
            {"new_area-version": inspection.version, "new_area-kind": "voids"},
            False,
        ),
        (
            "post",
            reverse("inspections:area_tick", args=[inspection.pk, area.pk]),
            {f"area{area.pk}-version": inspection.version, f"area{area.pk}-searched": "on"},
            True,
        ),
        (
            "post",
            reverse("inspections:finding_new", args=[inspection.pk]),
            {"finding-kind": "weight", "finding-description": "3 t more"},
            True,
        ),
        ("post", reverse("inspections:attachment_new", args=[inspection.pk]), {}, True),
        ("get", reverse("inspections:result", args=[inspection.pk]), {}, False),
        ("post", reverse("inspections:cancel", args=[inspection.pk]), version, False),
    ]


@pytest.fixture
def shared(vessel_search, task):
    return pages(vessel_search, task)


@pytest.mark.parametrize("who", ["outsider", "police_partner"])
def test_others_get_404_on_every_page_and_change_nothing(client_for, request, who, shared):
    client = client_for(request.getfixturevalue(who))
    for method, url, data, _ in shared:
        response = getattr(client, method)(url, data)
        if url == reverse("inspections:list"):
            assert response.status_code == 200 and not response.context["page"].object_list
        else:
            assert response.status_code == 404, url
    assert Inspection.objects.get().status == InspectionStatus.ORDERED
    assert not Finding.objects.exists()
    assert SearchArea.objects.count() == 2


def test_a_partner_taking_part_uses_the_search_pages_only(client_for, partner, shared):
    client = client_for(partner)
    for method, url, data, allowed in shared:
        response = getattr(client, method)(url, data)
        if allowed:
            assert response.status_code in (200, 302), url
        else:
            assert response.status_code == 404, url
    inspection = Inspection.objects.get()
    assert inspection.status == InspectionStatus.IN_PROGRESS
    assert Finding.objects.get().recorded_by == partner


def test_anonymous_is_sent_to_log_in(client, shared):
    for method, url, data, _ in shared:
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and "login" in response["Location"], url


# --- ordering -----------------------------------------------------------------------------


def test_ordering_from_the_task_page_issues_the_task(client_for, officer, partner, task):
    client = client_for(officer)
    url = reverse("inspections:order_from_task", args=[task.pk])
    form = client.get(url)
    assert form.status_code == 200 and "Ordering the inspection issues the task" in (
        form.content.decode()
    )
    assert form.context["form"]["version"].value() == task.version
    response = client.post(
        url,
        {
            "kind": "physical",
            "team": [officer.pk, partner.pk],
            "agencies": [partner.agency_id],
            "planned_for": "2025-03-02T06:30",
            "notes": "open and unload",
            "version": task.version,
        },
    )
    inspection = Inspection.objects.get()
    assert response["Location"] == reverse("inspections:detail", args=[inspection.pk])
    assert inspection.planned_for.strftime("%H:%M") == "06:30"
    task.refresh_from_db()
    assert task.status == TaskStatus.ISSUED


def test_a_stale_task_form_shows_why_and_orders_nothing(client_for, officer, task):
    response = client_for(officer).post(
        reverse("inspections:order_from_task", args=[task.pk]),
        {"kind": "physical", "version": task.version - 1},
    )
    assert response.status_code == 200
    assert f"Task #{task.pk} changed since it was shown" in response.content.decode()
    assert not Inspection.objects.exists()


def test_a_team_member_who_may_not_take_part_is_named(client_for, officer, partner, task):
    response = client_for(officer).post(
        reverse("inspections:order_from_task", args=[task.pk]),
        {"kind": "physical", "team": [partner.pk], "version": task.version},
    )
    assert "partner is neither an officer of the unit" in response.content.decode()
    assert not Inspection.objects.exists()


def test_ordering_a_vessel_search_directly(client_for, officer, records):
    client = client_for(officer)
    url = reverse("inspections:order", args=["vessel", records.voyage.pk])
    form = client.get(url)
    assert "engine_room" in form.context["form"]["areas"].value()
    client.post(url, {"kind": "physical", "areas": ["engine_room", "voids"]})
    inspection = Inspection.objects.get()
    assert inspection.target == "vessel" and inspection.voyage == records.voyage
    assert [area.kind for area in inspection.areas.all()] == ["engine_room", "voids"]


def test_ordering_a_record_of_another_unit_is_404(client_for, outsider, records):
    url = reverse("inspections:order", args=["cargo_unit", records.cargo_unit.pk])
    assert client_for(outsider).get(url).status_code == 404
    assert client_for(outsider).post(url, {"kind": "physical"}).status_code == 404


def test_an_unknown_target_is_404(client_for, officer, records):
    url = reverse("inspections:order", args=["ship", records.voyage.pk])
    assert client_for(officer).get(url).status_code == 404


# --- the inspection page ------------------------------------------------------------------


def test_the_page_shows_plan_checklists_and_the_seizure_link(client_for, officer, vessel_search):
    response = client_for(officer).get(reverse("inspections:detail", args=[vessel_search.pk]))
    page = response.content.decode()
    assert "Engine room" in page and "Behind insulation panels" in page
    assert reverse("inspections:seizure_new", args=[vessel_search.pk]) in page
    assert reverse("inspections:result", args=[vessel_search.pk]) in page


class PageIds(HTMLParser):
    """The ``id`` of every element, and each label's ``for``, with the form they stand in."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.form_of: dict[str, str | None] = {}
        self.labels: list[tuple[str, str | None]] = []
        self.form: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form":
            self.form = attributes.get("action")
        if attributes.get("id"):
            self.ids.append(attributes["id"])
            self.form_of[attributes["id"]] = self.form
        if tag == "label" and attributes.get("for"):
            self.labels.append((attributes["for"], self.form))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None


def test_every_id_on_the_page_is_unique_and_labels_focus_their_own_field(
    client_for, officer, vessel_search, make_seizure
):
    make_seizure(vessel_search)
    response = client_for(officer).get(reverse("inspections:detail", args=[vessel_search.pk]))
    parsed = PageIds()
    parsed.feed(response.content.decode())
    # Every form of the page is there: adding an area, a finding, a photo, the cancellation.
    for name in ("area_add", "finding_new", "attachment_new", "cancel"):
        assert reverse(f"inspections:{name}", args=[vessel_search.pk]) in parsed.form_of.values()
    assert [name for name, count in Counter(parsed.ids).items() if count > 1] == []
    assert parsed.labels, "the page has labelled fields"
    for target, form in parsed.labels:
        assert parsed.form_of.get(target, "missing") == form, target


def test_adding_an_area_through_the_page(client_for, officer, vessel_search):
    client = client_for(officer)
    page = client.get(reverse("inspections:detail", args=[vessel_search.pk])).content.decode()
    assert f'name="new_area-version" value="{vessel_search.version}"' in page
    client.post(
        reverse("inspections:area_add", args=[vessel_search.pk]),
        {
            "new_area-version": vessel_search.version,
            "new_area-kind": "voids",
            "new_area-name": "aft void",
        },
    )
    added = vessel_search.areas.get(kind="voids")
    assert added.name == "aft void" and added.checklist


def test_a_finding_in_an_area_through_the_page(client_for, partner, vessel_search):
    area = vessel_search.areas.get(kind="engine_room")
    response = client_for(partner).post(
        reverse("inspections:finding_new", args=[vessel_search.pk]),
        {"finding-kind": "weight", "finding-area": area.pk, "finding-description": "3 t more"},
        follow=True,
    )
    assert "Finding recorded." in response.content.decode()
    assert Finding.objects.get().area == area


def test_a_partner_sees_no_officer_links(client_for, partner, vessel_search):
    page = client_for(partner).get(reverse("inspections:detail", args=[vessel_search.pk]))
    text = page.content.decode()
    assert reverse("inspections:seizure_new", args=[vessel_search.pk]) not in text
    assert reverse("inspections:result", args=[vessel_search.pk]) not in text
    assert reverse("cargo:voyage", args=[vessel_search.voyage_id]) not in text
    assert "Behind insulation panels" in text


def test_ticking_spots_through_the_page(client_for, partner, vessel_search):
    area = vessel_search.areas.get(kind="engine_room")
    response = client_for(partner).post(
        reverse("inspections:area_tick", args=[vessel_search.pk, area.pk]),
        {
            f"area{area.pk}-version": vessel_search.version,
            f"area{area.pk}-spots": ["0", "3"],
            f"area{area.pk}-searched": "on",
            f"area{area.pk}-notes": "bilges dry",
        },
        follow=True,
    )
    assert "Search area updated." in response.content.decode()
    area.refresh_from_db()
    assert area.searched and area.notes == "bilges dry"
    assert [i for i, item in enumerate(area.checklist) if item["checked"]] == [0, 3]


def test_a_stale_tick_is_refused_on_the_page(client_for, partner, officer, vessel_search):
    area = vessel_search.areas.first()
    data = {f"area{area.pk}-version": vessel_search.version, f"area{area.pk}-searched": "on"}
    url = reverse("inspections:area_tick", args=[vessel_search.pk, area.pk])
    client_for(officer).post(url, data)
    response = client_for(partner).post(url, data, follow=True)
    assert "Someone changed this inspection meanwhile" in response.content.decode()
    assert area.__class__.objects.get(pk=area.pk).searched_by == officer


def test_an_area_of_another_inspection_is_404(client_for, officer, vessel_search, make_inspection):
    other = make_inspection()
    area = vessel_search.areas.first()
    url = reverse("inspections:area_tick", args=[other.pk, area.pk])
    assert client_for(officer).post(url, {}).status_code == 404


def test_a_finding_without_description_names_the_field(client_for, officer, inspection):
    response = client_for(officer).post(
        reverse("inspections:finding_new", args=[inspection.pk]),
        {"finding-kind": "weight", "finding-description": ""},
        follow=True,
    )
    assert "Description: This field is required." in response.content.decode()
    assert not Finding.objects.exists()


# --- result and cancellation --------------------------------------------------------------


def test_the_result_page_closes_the_task(client_for, officer, task, make_inspection):
    inspection = make_inspection(task=task)
    client = client_for(officer)
    url = reverse("inspections:result", args=[inspection.pk])
    assert client.get(url).context["seals_declared"] == ["SEAL1"]
    response = client.post(
        url,
        {
            "version": inspection.version,
            "result": "nothing_found",
            "seal_state": "as_declared",
            "notes": "all as declared",
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.result) == (TaskStatus.COMPLETE, TaskResult.NEGATIVE)


def test_a_seizure_result_without_a_seizure_is_refused_on_the_page(client_for, officer, inspection):
    response = client_for(officer).post(
        reverse("inspections:result", args=[inspection.pk]),
        {"version": inspection.version, "result": "seizure", "seal_state": "not_checked"},
    )
    assert response.status_code == 200
    assert "Record the seizure for this inspection" in response.content.decode()
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.ORDERED


def test_cancelling_through_the_page(client_for, officer, inspection):
    client_for(officer).post(
        reverse("inspections:cancel", args=[inspection.pk]),
        {"version": inspection.version, "reason": "ferry cancelled"},
    )
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.CANCELLED


def test_changing_the_team(client_for, officer, inspection):
    client = client_for(officer)
    url = reverse("inspections:edit", args=[inspection.pk])
    assert client.get(url).context["form"]["version"].value() == inspection.version
    client.post(url, {"kind": "scanner", "team": [officer.pk], "version": inspection.version})
    inspection.refresh_from_db()
    assert inspection.kind == "scanner" and list(inspection.team.all()) == [officer]
    assert not inspection.agencies.exists()


# --- the list and the task page -----------------------------------------------------------


def test_the_list_filters_by_status_and_type(client_for, officer, make_inspection):
    scanner = make_inspection(kind="scanner")
    dog = make_inspection(kind="dog")
    client = client_for(officer)
    by_kind = client.get(reverse("inspections:list"), {"kind": "dog"}).context["page"]
    assert list(by_kind) == [dog]
    assert list(client.get(reverse("inspections:list"), {"status": "done"}).context["page"]) == []
    assert set(client.get(reverse("inspections:list"), {"status": "open"}).context["page"]) == {
        scanner,
        dog,
    }


def test_the_list_queries_do_not_grow(
    client_for, officer, make_inspection, django_assert_max_num_queries
):
    for target in ("cargo_unit", "consignment", "person", "vessel") * 5:
        make_inspection(target)
    client = client_for(officer)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("inspections:list"))
    assert len(response.context["page"]) == 20


def test_the_task_page_links_to_ordering_and_lists_inspections(
    client_for, officer, task, make_inspection
):
    client = client_for(officer)
    page = client.get(reverse("targeting:task", args=[task.pk])).content.decode()
    assert reverse("inspections:order_from_task", args=[task.pk]) in page
    inspection = make_inspection(task=task)
    page = client.get(reverse("targeting:task", args=[task.pk])).content.decode()
    assert reverse("inspections:detail", args=[inspection.pk]) in page


ORDER_THROUGH_TARGETING = "Order the inspection"


def _task_page(client, task) -> str:  # type: ignore[no-untyped-def]
    return client.get(reverse("targeting:task", args=[task.pk])).content.decode()


@pytest.mark.parametrize(("who", "shown"), [("officer", True), ("supervisor", True)])
def test_a_claimed_task_is_ordered_through_the_inspection_form_only(
    client_for, request, task, who, shown
):
    page = _task_page(client_for(request.getfixturevalue(who)), task)
    assert (reverse("inspections:order_from_task", args=[task.pk]) in page) is shown
    # The task's own button issued it without an inspection: it is gone from the page.
    assert reverse("targeting:task_action", args=[task.pk, "issue"]) not in page
    assert ORDER_THROUGH_TARGETING not in page
    assert reverse("targeting:task_action", args=[task.pk, "unclaim"]) in page


def test_a_task_claimed_by_a_colleague_or_new_offers_no_order(
    client_for, officer, make_user, make_task
):
    colleague = make_user("colleague", "officer")
    claimed = make_task(claimed_by=colleague)
    new = make_task()
    client = client_for(officer)
    for task in (claimed, new):
        assert reverse("inspections:order_from_task", args=[task.pk]) not in _task_page(
            client, task
        )


def test_an_issued_task_gets_a_further_inspection_from_its_page(
    client_for, officer, task, make_inspection
):
    first = make_inspection(task=task)
    task.refresh_from_db()
    assert task.status == TaskStatus.ISSUED
    client = client_for(officer)
    page = _task_page(client, task)
    url = reverse("inspections:order_from_task", args=[task.pk])
    assert url in page and reverse("inspections:detail", args=[first.pk]) in page
    client.post(url, {"kind": "dog", "version": task.version})
    assert list(task.inspections.values_list("kind", flat=True).order_by("pk")) == [
        "physical",
        "dog",
    ]


def test_the_admin_lists_inspections_read_only(client_for, administrator, vessel_search):
    client = client_for(administrator)
    for model in ("inspection", "searcharea", "finding", "attachment"):
        assert client.get(f"/admin/inspections/{model}/").status_code == 200
    page = client.get(f"/admin/inspections/inspection/{vessel_search.pk}/change/")
    assert page.status_code == 200 and "Engine room" in page.content.decode()
    assert client.get("/admin/inspections/inspection/add/").status_code == 403
