"""Inspection actions: ordering, the search, findings, the result fed back into targeting."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from portcontrol.accounts.models import Agency, AuditEntry
from portcontrol.inspections import actions
from portcontrol.inspections.access import visible_inspections
from portcontrol.inspections.checklists import CONCEALMENT_SPOTS
from portcontrol.inspections.choices import InspectionStatus, SearchAreaKind
from portcontrol.inspections.models import Finding, Inspection
from portcontrol.targeting.choices import TaskResult, TaskStatus
from portcontrol.targeting.models import TargetingTask
from portcontrol.targeting.statistics import hit_statistics

pytestmark = pytest.mark.django_db


def plan(**fields):  # type: ignore[no-untyped-def]
    return actions.InspectionPlan(**{"kind": "physical", **fields})


def audit_actions(inspection: Inspection) -> list[str]:
    return list(
        AuditEntry.objects.filter(
            object_type="inspections.inspection", object_id=str(inspection.pk)
        )
        .order_by("id")
        .values_list("action", flat=True)
    )


# --- ordering -----------------------------------------------------------------------------


def test_ordering_from_a_claimed_task_issues_it(task, officer, partner):
    inspection = actions.order_inspection(
        unit=officer.unit,
        by=officer,
        plan=plan(team=[officer, partner], agencies=[partner.agency], notes="scan, then open"),
        task=task,
        task_version=task.version,
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.ISSUED
    assert task.events.filter(action="issued").count() == 1
    assert (inspection.target, inspection.cargo_unit, inspection.voyage) == (
        "cargo_unit",
        task.cargo_unit,
        task.voyage,
    )
    assert set(inspection.team.all()) == {officer, partner}
    assert audit_actions(inspection) == ["inspections.inspection.ordered"]


def test_a_second_inspection_of_an_issued_task_leaves_the_task_as_it_is(task, make_inspection):
    make_inspection(task=task)
    task.refresh_from_db()
    version = task.version
    make_inspection(task=task, kind="dog")
    task.refresh_from_db()
    assert (task.status, task.version, task.inspections.count()) == (
        TaskStatus.ISSUED,
        version,
        2,
    )


def test_ordering_from_a_task_shown_before_a_change_is_refused_and_writes_nothing(task, officer):
    with pytest.raises(actions.InspectionConflict):
        actions.order_inspection(
            unit=officer.unit, by=officer, plan=plan(), task=task, task_version=task.version - 1
        )
    task.refresh_from_db()
    assert task.status == TaskStatus.CLAIMED
    assert not Inspection.objects.exists()


def test_a_new_task_must_be_claimed_first(make_task, officer):
    task = make_task()
    with pytest.raises(actions.InspectionError, match="claim it"):
        actions.order_inspection(
            unit=officer.unit, by=officer, plan=plan(), task=task, task_version=task.version
        )
    assert not Inspection.objects.exists()


def test_only_the_assignee_or_a_supervisor_orders_from_a_claimed_task(task, make_user, supervisor):
    colleague = make_user("colleague", "officer")
    with pytest.raises(actions.InspectionError, match="claimed by officer"):
        actions.order_inspection(
            unit=colleague.unit, by=colleague, plan=plan(), task=task, task_version=task.version
        )
    actions.order_inspection(
        unit=supervisor.unit, by=supervisor, plan=plan(), task=task, task_version=task.version
    )
    assert TargetingTask.objects.get(pk=task.pk).status == TaskStatus.ISSUED


def test_a_vessel_search_gets_its_areas_with_checklists(vessel_search, records):
    assert vessel_search.voyage == records.voyage and vessel_search.target == "vessel"
    areas = list(vessel_search.areas.all())
    assert [area.kind for area in areas] == ["engine_room", "crew_quarters"]
    spots = [item["spot"] for item in areas[0].checklist]
    assert "Bilges" in spots and "Behind insulation panels" in spots
    assert not any(item["checked"] for item in areas[0].checklist)


def test_every_area_kind_has_a_checklist():
    assert set(CONCEALMENT_SPOTS) == set(SearchAreaKind.values)
    assert all(len(spots) >= 5 for spots in CONCEALMENT_SPOTS.values())


@pytest.mark.parametrize("target", ["consignment", "person", "vessel"])
def test_direct_orders_find_the_voyage_of_the_record(make_inspection, records, target):
    inspection = make_inspection(target)
    assert inspection.voyage == records.voyage
    assert inspection.task is None
    assert inspection.record == getattr(
        records, {"consignment": "consignment", "person": "person", "vessel": "voyage"}[target]
    )


def test_a_record_of_another_unit_is_refused(make_records, officer):
    elsewhere = make_records("AZALA", "ALA-1")
    with pytest.raises(actions.InspectionError, match="not of your unit"):
        actions.order_inspection(
            unit=officer.unit,
            by=officer,
            plan=plan(),
            target="cargo_unit",
            record=elsewhere.cargo_unit,
        )


def test_the_record_must_match_the_target(records, officer):
    with pytest.raises(actions.InspectionError) as refused:
        actions.order_inspection(
            unit=officer.unit, by=officer, plan=plan(), target="person", record=records.cargo_unit
        )
    assert refused.value.field == "target"


def test_a_partner_does_not_order(records, partner):
    with pytest.raises(actions.InspectionError, match="Only officers of the unit"):
        actions.order_inspection(
            unit=records.unit, by=partner, plan=plan(), target="vessel", record=records.voyage
        )


def test_a_partner_of_an_agency_not_taking_part_is_refused_on_the_team(
    records, officer, police_partner, partner
):
    with pytest.raises(actions.InspectionError) as refused:
        actions.order_inspection(
            unit=officer.unit,
            by=officer,
            plan=plan(team=[officer, police_partner], agencies=[partner.agency]),
            target="vessel",
            record=records.voyage,
        )
    assert refused.value.field == "team"
    assert "police" in refused.value.message
    assert not Inspection.objects.exists()


def test_an_officer_of_another_unit_is_refused_on_the_team(records, officer, outsider):
    with pytest.raises(actions.InspectionError, match="outsider is neither"):
        actions.order_inspection(
            unit=officer.unit,
            by=officer,
            plan=plan(team=[outsider]),
            target="vessel",
            record=records.voyage,
        )


def test_an_agency_of_another_country_is_refused(records, officer):
    foreign = Agency.objects.create(code="AZ-BORDER", name="AZ Border", country="AZ", kind="other")
    with pytest.raises(actions.InspectionError) as refused:
        actions.order_inspection(
            unit=officer.unit,
            by=officer,
            plan=plan(agencies=[foreign]),
            target="vessel",
            record=records.voyage,
        )
    assert refused.value.field == "agencies" and "AZ-BORDER" in refused.value.message


def test_an_unknown_type_or_area_is_refused(records, officer):
    with pytest.raises(actions.InspectionError) as refused:
        actions.order_inspection(
            unit=officer.unit,
            by=officer,
            plan=plan(kind="xray"),
            target="vessel",
            record=records.voyage,
        )
    assert refused.value.field == "kind"
    with pytest.raises(actions.InspectionError, match="attic"):
        actions.order_inspection(
            unit=officer.unit,
            by=officer,
            plan=plan(areas=["attic"]),
            target="vessel",
            record=records.voyage,
        )


# --- partners -----------------------------------------------------------------------------


def test_a_partner_sees_only_inspections_their_agency_takes_part_in(
    make_inspection, partner, police_partner, officer, outsider
):
    shared = make_inspection()
    unit_only = make_inspection(team=[officer], agencies=[])
    assert list(visible_inspections(partner)) == [shared]
    assert list(visible_inspections(police_partner)) == []
    assert list(visible_inspections(outsider)) == []
    assert set(visible_inspections(officer)) == {shared, unit_only}


def test_a_partner_taking_part_ticks_areas_and_records_findings(vessel_search, partner):
    area = vessel_search.areas.get(kind="engine_room")
    actions.tick_area(
        area, by=partner, version=vessel_search.version, searched=True, checked_spots=[0, 2]
    )
    area.refresh_from_db()
    assert area.searched and area.searched_by == partner
    assert [item["checked"] for item in area.checklist][:4] == [True, False, True, False]
    finding = actions.record_finding(
        vessel_search, by=partner, kind="undeclared", description="Cigarettes", area=area
    )
    vessel_search.refresh_from_db()
    assert vessel_search.status == InspectionStatus.IN_PROGRESS
    assert finding.recorded_by == partner
    assert audit_actions(vessel_search) == [
        "inspections.inspection.ordered",
        "inspections.area.searched",
        "inspections.finding.recorded",
    ]


def test_a_partner_of_another_agency_changes_nothing(vessel_search, police_partner):
    area = vessel_search.areas.first()
    with pytest.raises(actions.InspectionError, match="do not take part"):
        actions.tick_area(area, by=police_partner, version=vessel_search.version, searched=True)
    with pytest.raises(actions.InspectionError):
        actions.record_finding(vessel_search, by=police_partner, kind="other", description="x")
    assert not Finding.objects.exists()


def test_a_partner_does_not_complete_or_cancel(inspection, partner):
    with pytest.raises(actions.InspectionError, match="Only officers"):
        actions.complete_inspection(
            inspection, by=partner, version=inspection.version, result="nothing_found"
        )
    with pytest.raises(actions.InspectionError, match="Only officers"):
        actions.cancel_inspection(inspection, by=partner, version=inspection.version, reason="x")
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.ORDERED


def test_a_spot_outside_the_checklist_is_refused(vessel_search, officer):
    area = vessel_search.areas.first()
    with pytest.raises(actions.InspectionError) as refused:
        actions.tick_area(
            area, by=officer, version=vessel_search.version, searched=True, checked_spots=[99]
        )
    assert refused.value.field == "spots"
    area.refresh_from_db()
    assert not area.searched


# --- versions -----------------------------------------------------------------------------


def test_a_stale_version_is_refused(vessel_search, officer, partner):
    shown = vessel_search.version
    area = vessel_search.areas.first()
    actions.tick_area(area, by=partner, version=shown, searched=True)
    with pytest.raises(actions.InspectionConflict):
        actions.tick_area(area, by=officer, version=shown, searched=False)
    with pytest.raises(actions.InspectionConflict):
        actions.complete_inspection(
            vessel_search, by=officer, version=shown, result="nothing_found"
        )
    area.refresh_from_db()
    vessel_search.refresh_from_db()
    assert area.searched and vessel_search.status == InspectionStatus.IN_PROGRESS


def test_a_finding_makes_an_older_result_form_stale(inspection, officer, partner):
    shown = inspection.version
    actions.record_finding(inspection, by=partner, kind="weight", description="3 t more")
    with pytest.raises(actions.InspectionConflict):
        actions.complete_inspection(inspection, by=officer, version=shown, result="nothing_found")


def test_changing_the_plan_keeps_a_record(inspection, officer, partner):
    changed = actions.change_inspection(
        inspection,
        by=officer,
        version=inspection.version,
        plan=plan(kind="scanner", team=[officer], agencies=[]),
    )
    assert changed.kind == "scanner" and list(changed.team.all()) == [officer]
    entry = AuditEntry.objects.get(action="inspections.inspection.changed")
    assert entry.details["changed"]["kind"] == ["physical", "scanner"]
    assert entry.details["changed"]["agencies"] == [["KZ-BORDER"], []]


def test_an_area_is_added_to_the_plan(vessel_search, officer):
    area = actions.add_search_area(
        vessel_search, by=officer, version=vessel_search.version, kind="voids", name="Tank 3"
    )
    assert str(area) == "Tank 3" and len(area.checklist) == len(CONCEALMENT_SPOTS["voids"])


# --- the result ---------------------------------------------------------------------------


def test_nothing_found_closes_the_task_negative(task, make_inspection, officer):
    inspection = make_inspection(task=task)
    actions.complete_inspection(
        inspection,
        by=officer,
        version=inspection.version,
        result="nothing_found",
        seal_state="as_declared",
    )
    task.refresh_from_db()
    inspection.refresh_from_db()
    assert (task.status, task.result) == (TaskStatus.COMPLETE, TaskResult.NEGATIVE)
    assert inspection.status == InspectionStatus.DONE and inspection.finished_at is not None
    every = hit_statistics(TargetingTask.objects.all())[-1]
    assert (every.inspected, every.positive) == (1, 0)


def test_a_discrepancy_closes_the_task_positive_whoever_claimed_it(
    task, make_inspection, make_user
):
    colleague = make_user("colleague", "officer")
    inspection = make_inspection(task=task)
    actions.record_finding(inspection, by=colleague, kind="quantity", description="40 not 20")
    inspection.refresh_from_db()
    actions.complete_inspection(
        inspection, by=colleague, version=inspection.version, result="discrepancy"
    )
    task.refresh_from_db()
    assert (task.status, task.result) == (TaskStatus.COMPLETE, TaskResult.POSITIVE)
    assert task.events.filter(action="completed", actor=colleague).count() == 1
    every = hit_statistics(TargetingTask.objects.all())[-1]
    assert (every.inspected, every.positive) == (1, 1)


def test_a_seizure_result_needs_a_seizure(task, make_inspection, make_seizure, officer):
    inspection = make_inspection(task=task)
    with pytest.raises(actions.InspectionError) as refused:
        actions.complete_inspection(
            inspection, by=officer, version=inspection.version, result="seizure"
        )
    assert refused.value.field == "result" and "seizure" in refused.value.message
    inspection.refresh_from_db()
    task.refresh_from_db()
    assert inspection.status == InspectionStatus.ORDERED and task.status == TaskStatus.ISSUED
    make_seizure(inspection)
    actions.complete_inspection(
        inspection, by=officer, version=inspection.version, result="seizure"
    )
    task.refresh_from_db()
    assert task.result == TaskResult.POSITIVE


@pytest.mark.parametrize(
    ("result", "recorded", "message"),
    [
        ("nothing_found", "finding", "Findings were recorded"),
        ("discrepancy", "nothing", "Record the discrepancy"),
        ("discrepancy", "seizure", "its result is a seizure"),
    ],
)
def test_the_result_must_agree_with_what_was_recorded(
    inspection, officer, make_seizure, result, recorded, message
):
    if recorded == "finding":
        actions.record_finding(inspection, by=officer, kind="value", description="x")
    elif recorded == "seizure":
        make_seizure(inspection)
    inspection.refresh_from_db()
    with pytest.raises(actions.InspectionError, match=message):
        actions.complete_inspection(
            inspection, by=officer, version=inspection.version, result=result
        )


def test_seals_that_differ_need_the_numbers_found(inspection, officer):
    with pytest.raises(actions.InspectionError) as refused:
        actions.complete_inspection(
            inspection,
            by=officer,
            version=inspection.version,
            result="nothing_found",
            seal_state="different",
        )
    assert refused.value.field == "seals_found"
    done = actions.complete_inspection(
        inspection,
        by=officer,
        version=inspection.version,
        result="nothing_found",
        seal_state="different",
        seals_found="KZ778812",
    )
    assert done.seals_found == "KZ778812"


def test_the_task_waits_for_the_last_open_inspection(task, make_inspection, officer):
    scanner = make_inspection(task=task, kind="scanner")
    physical = make_inspection(task=task, kind="physical")
    actions.record_finding(scanner, by=officer, kind="undeclared", description="dense mass")
    scanner.refresh_from_db()
    actions.complete_inspection(scanner, by=officer, version=scanner.version, result="discrepancy")
    task.refresh_from_db()
    assert task.status == TaskStatus.ISSUED
    actions.complete_inspection(
        physical, by=officer, version=physical.version, result="nothing_found"
    )
    task.refresh_from_db()
    # One of its inspections found something: the selection was a hit.
    assert (task.status, task.result) == (TaskStatus.COMPLETE, TaskResult.POSITIVE)


def test_cancelling_keeps_the_inspection_and_its_reason(task, make_inspection, officer):
    inspection = make_inspection(task=task)
    with pytest.raises(actions.InspectionError) as refused:
        actions.cancel_inspection(inspection, by=officer, version=inspection.version, reason=" ")
    assert refused.value.field == "reason"
    actions.cancel_inspection(
        inspection, by=officer, version=inspection.version, reason="vessel left early"
    )
    inspection.refresh_from_db()
    task.refresh_from_db()
    assert inspection.status == InspectionStatus.CANCELLED
    assert "vessel left early" in inspection.notes
    # Only a cancelled inspection: the task waits for another one or a result on its page.
    assert task.status == TaskStatus.ISSUED
    with pytest.raises(actions.InspectionError, match="is cancelled"):
        actions.record_finding(inspection, by=officer, kind="other", description="late")


@pytest.fixture
def translated_everything(monkeypatch):
    """Russian that translates every message, whatever the compiled catalogue holds today."""
    from django.utils.translation import trans_real

    catalogue = trans_real.translation("ru")
    monkeypatch.setattr(catalogue, "gettext", lambda message: f"[ru] {message}")


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_cancellation_note_does_not_depend_on_the_language(
    make_inspection, officer, translated_everything, language
):
    inspection = make_inspection(notes="open the doors")
    with translation.override(language):
        assert _("Inspection").startswith("[ru]") is (language == "ru")
        actions.cancel_inspection(
            inspection, by=officer, version=inspection.version, reason=" vessel left early "
        )
    inspection.refresh_from_db()
    assert inspection.notes == "open the doors\nCancelled: vessel left early"
    entry = AuditEntry.objects.get(action="inspections.inspection.cancelled")
    assert entry.details["reason"] == " vessel left early "


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_note_closing_the_task_does_not_depend_on_the_language(
    task, make_inspection, officer, translated_everything, language
):
    inspection = make_inspection(task=task)
    with translation.override(language):
        actions.complete_inspection(
            inspection, by=officer, version=inspection.version, result="nothing_found"
        )
    task.refresh_from_db()
    assert task.notes.splitlines()[-1] == f"inspection #{inspection.pk}: Nothing found"


def test_cancelling_the_last_open_inspection_closes_the_task_with_the_done_ones(
    task, make_inspection, officer
):
    done = make_inspection(task=task, kind="scanner")
    spare = make_inspection(task=task, kind="dog")
    actions.complete_inspection(done, by=officer, version=done.version, result="nothing_found")
    actions.cancel_inspection(spare, by=officer, version=spare.version, reason="dog unavailable")
    task.refresh_from_db()
    assert (task.status, task.result) == (TaskStatus.COMPLETE, TaskResult.NEGATIVE)


def test_a_done_inspection_is_not_changed(inspection, officer):
    done = actions.complete_inspection(
        inspection, by=officer, version=inspection.version, result="nothing_found"
    )
    with pytest.raises(actions.InspectionError, match="not changed any more"):
        actions.cancel_inspection(done, by=officer, version=done.version, reason="oops")


def test_a_failing_audit_leaves_nothing_half_written(task, officer, monkeypatch):
    def fail(**kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("audit store down")

    monkeypatch.setattr("portcontrol.inspections.actions.record_audit", fail)
    with pytest.raises(RuntimeError):
        actions.order_inspection(
            unit=officer.unit,
            by=officer,
            plan=plan(areas=["engine_room"]),
            task=task,
            task_version=task.version,
        )
    task.refresh_from_db()
    assert task.status == TaskStatus.CLAIMED
    assert not Inspection.objects.exists()


def test_the_seizure_context_gives_place_vessel_and_areas(vessel_search, make_inspection, records):
    context = actions.inspection_seizure_context(vessel_search)
    assert context["place"] == "KZKUR" and context["voyage"] == records.voyage
    assert [area.kind for area in context["search_areas"]] == ["engine_room", "crew_quarters"]
    assert context["may_record"] is True
    by_consignment = actions.inspection_seizure_context(make_inspection("consignment"))
    assert by_consignment["cargo_unit"] == records.cargo_unit
