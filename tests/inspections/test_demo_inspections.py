"""The demo's inspection work: queues worked through the actions, results as the scenario planted.

One test runs the whole demo on a one-day scenario (as ``tests/web/test_demo_command.py`` does);
the others give the demo a few hand-made tasks and answers, to see each path quickly.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from portcontrol.accounts.models import AuditEntry
from portcontrol.cargo.models import CargoUnit
from portcontrol.inspections.demo import Answers, compact, create_demo_inspections, load_answers
from portcontrol.inspections.models import (
    Attachment,
    CustodyTransfer,
    Finding,
    Inspection,
    Seizure,
)
from portcontrol.targeting.models import TargetingTask

pytestmark = pytest.mark.django_db


# --- the whole demo on a small scenario ---------------------------------------------------


@pytest.fixture
def demo(tmp_path, settings):
    """The demo set up on a one-day scenario; returns its directory and what it printed."""
    settings.MEDIA_ROOT = tmp_path / "media"
    scenario = tmp_path / "scenario"
    out = io.StringIO()
    call_command(
        "demo_node", "setup", "--country", "all", "--scenario-dir", str(scenario),
        "--days", "1", "--seed", "7", stdout=out,
    )  # fmt: skip
    return scenario, out.getvalue()


def planted_threat(answers: Answers, task: TargetingTask) -> bool:
    item = answers.of_task(task)
    return item is not None and not item.innocent


def test_demo_works_the_queues_of_kuryk_and_alyat_as_the_scenario_planted(demo):
    """One demo run (the slow part), looked at from each side."""
    scenario, printed = demo
    answers = load_answers(scenario / "answers.json")
    check_tasks_closed_positive_exactly_where_a_threat_was_planted(answers, printed)
    check_seizures_of_tasks_are_planted_items(answers)
    check_every_step_is_audited()
    check_ferry_search_with_the_border_service()
    # Running it again adds nothing: both units have their inspections already.
    counts = (Inspection.objects.count(), Seizure.objects.count(), AuditEntry.objects.count())
    again = create_demo_inspections(scenario / "answers.json", seed=7)
    assert [work.skipped for work in again] == [True, True]
    assert (Inspection.objects.count(), Seizure.objects.count(), AuditEntry.objects.count()) == (
        counts
    )


def check_tasks_closed_positive_exactly_where_a_threat_was_planted(
    answers: Answers, printed: str
) -> None:
    closed = TargetingTask.objects.filter(unit__code__in=["KZKUR", "AZALA"], status="complete")
    for code in ("KZKUR", "AZALA"):
        assert f"{code}: " in printed and " inspections, " in printed
        assert closed.filter(unit__code=code, result="positive").exists()
        # Random selections are inspected too: the unbiased side of the hit rates.
        assert closed.filter(unit__code=code, is_random=True).exists()
    assert closed.filter(result="negative").exists()
    for task in closed.select_related("voyage", "cargo_unit", "consignment__document", "person"):
        expected = "positive" if planted_threat(answers, task) else "negative"
        assert task.result == expected, (task.pk, task.target_label)
        assert task.inspections.filter(status="done").exists()


def check_seizures_of_tasks_are_planted_items(answers: Answers) -> None:
    from_tasks = Seizure.objects.filter(inspection__task__isnull=False).select_related(
        "voyage", "cargo_unit", "inspection"
    )
    assert from_tasks.exists()
    for seizure in from_tasks:
        key = ("cargo_unit", seizure.voyage.number, compact(seizure.cargo_unit.identifier))
        item = answers.by_key[key]
        assert not item.innocent
        assert seizure.inspection.result == "seizure"
        assert item.actual[1:] in seizure.description
    # Drugs and precursors leave customs with the case; tobacco and strategic goods stay.
    drugs = Seizure.objects.filter(category__in=["drugs", "precursors"], unit__code="KZKUR")
    assert drugs.filter(category="precursors").exists()
    assert set(drugs.values_list("held_by__code", flat=True)) == {"KZ-POLICE"}
    # Azerbaijan's demo has no police agency: its border service takes the case.
    az_drugs = Seizure.objects.filter(category__in=["drugs", "precursors"], unit__code="AZALA")
    assert set(az_drugs.values_list("held_by__code", flat=True)) <= {"AZ-DSX"}


def check_every_step_is_audited() -> None:
    for inspection in Inspection.objects.all():
        actions = set(
            AuditEntry.objects.filter(
                object_type="inspections.inspection", object_id=str(inspection.pk)
            ).values_list("action", flat=True)
        )
        assert "inspections.inspection.ordered" in actions
        if inspection.status == "done":
            assert "inspections.inspection.completed" in actions
    completed = TargetingTask.objects.filter(status="complete").count()
    assert AuditEntry.objects.filter(action="targeting.task.completed").count() == completed
    assert AuditEntry.objects.filter(action="inspections.seizure.recorded").count() == (
        Seizure.objects.count()
    )


def check_ferry_search_with_the_border_service() -> None:
    search = Inspection.objects.get(unit__code="KZKUR", target="vessel")
    assert search.result == "seizure"
    assert list(search.agencies.values_list("code", flat=True)) == ["KZ-BS"]
    areas = {area.kind: area for area in search.areas.all()}
    assert areas["engine_room"].searched
    assert all(spot["checked"] for spot in areas["engine_room"].checklist)
    assert not areas["voids"].searched  # left for the next call, two spots checked
    assert sum(spot["checked"] for spot in areas["voids"].checklist) == 2
    finding = Finding.objects.get(inspection=search)
    assert finding.area == areas["engine_room"]
    assert finding.recorded_by.agency.code == "KZ-BS"
    seizure = Seizure.objects.get(inspection=search)
    assert (seizure.category, seizure.drug_type) == ("drugs", "heroin")
    assert (seizure.concealment, seizure.search_area) == ("vessel_structure", areas["engine_room"])
    assert seizure.version == 2  # corrected to the laboratory's net weight
    assert seizure.held_by.code == "KZ-POLICE"
    assert CustodyTransfer.objects.filter(seizure=seizure, to_agency__code="KZ-POLICE").exists()
    photo = Attachment.objects.get(seizure=seizure)
    assert photo.kind == "photo" and photo.area == areas["engine_room"]
    assert photo.file.read(8) == b"\x89PNG\r\n\x1a\n"


# --- hand-made tasks and answers ------------------------------------------------------------


@pytest.fixture
def queue(records, analyst, officer, supervisor, partner):  # type: ignore[no-untyped-def]
    """Kuryk's queue: a planted container, eight clean trailers, one random selection."""
    trailers = [
        CargoUnit.objects.create(
            unit=records.unit,
            voyage=records.voyage,
            identifier=f"KZ{index:03d}TR",
            kind="trailer",
            import_run=records.cargo_unit.import_run,
        )
        for index in range(9)
    ]

    def task(cargo_unit, score, is_random=False):  # type: ignore[no-untyped-def]
        return TargetingTask.objects.create(
            unit=records.unit,
            voyage=records.voyage,
            target="cargo_unit",
            cargo_unit=cargo_unit,
            lane="red",
            score=score,
            is_random=is_random,
            selected_at=datetime.now(UTC),
        )

    planted = task(records.cargo_unit, 90)
    misses = [task(trailer, 60 - index) for index, trailer in enumerate(trailers[:8])]
    chosen_at_random = task(trailers[8], 5, is_random=True)
    return planted, misses, chosen_at_random


def write_answers(path, scenario: str, actual: str):  # type: ignore[no-untyped-def]
    """Answers planting one item in the container of the ``records`` voyage."""
    item = {
        "category": "revenue_fraud",
        "scenario": scenario,
        "innocent": False,
        "voyage_number": "KUR-0412",
        "document_number": "KZ-BL-1",
        "item_number": 1,
        "cargo_unit_id": "MSKU 123456 5",
        "declared_hs_code": "870323",
        "declared_description": "Cars",
        "actual": actual,
        "actual_hs_code": "870323",
    }
    path.write_text(json.dumps({"planted": [item], "persons_of_interest": []}), encoding="utf-8")
    return path


def test_planted_revenue_fraud_is_a_discrepancy_and_clean_misses_are_negative(queue, tmp_path):
    planted, misses, chosen_at_random = queue
    answers = write_answers(tmp_path / "answers.json", "undervaluation", "cars worth 90000 USD")
    (work,) = create_demo_inspections(answers)
    planted.refresh_from_db()
    assert (planted.status, planted.result) == ("complete", "positive")
    inspection = planted.inspections.get()
    assert inspection.result == "discrepancy"
    assert inspection.findings.get().kind == "value"
    chosen_at_random.refresh_from_db()
    assert (chosen_at_random.status, chosen_at_random.result) == ("complete", "negative")
    assert chosen_at_random.inspections.get().kind == "scanner"
    # The four lowest scores are left as a day leaves them, the other misses closed negative.
    states = [TargetingTask.objects.get(pk=task.pk).status for task in misses]
    assert states == ["complete"] * 4 + ["new", "claimed", "issued", "issued"]
    ordered, under_way = (Inspection.objects.get(task=task) for task in misses[6:])
    assert (ordered.status, under_way.status) == ("ordered", "in_progress")
    assert (work.positive, work.negative, work.open_tasks) == (1, 5, 4)
    # The ferry search goes on even when no voyage arrives at Kuryk: the voyage at hand.
    assert Inspection.objects.filter(target="vessel", voyage=planted.voyage).exists()


def test_a_kind_of_threat_the_demo_does_not_know_is_recorded_as_undeclared_goods(queue, tmp_path):
    planted, _, _ = queue
    answers = write_answers(tmp_path / "answers.json", "rare_orchids", "protected orchids")
    create_demo_inspections(answers)
    inspection = planted.inspections.get()
    assert inspection.result == "discrepancy"
    finding = inspection.findings.get()
    assert finding.kind == "undeclared"
    assert finding.description.startswith("Protected orchids; declared as Cars (HS 870323)")


def test_a_unit_with_inspections_is_left_alone(queue, tmp_path):
    answers = write_answers(tmp_path / "answers.json", "undervaluation", "cars worth 90000 USD")
    create_demo_inspections(answers)
    counts = (Inspection.objects.count(), AuditEntry.objects.count())
    (work,) = create_demo_inspections(answers)
    assert work.skipped
    assert "nothing added" in work.summary_line()
    assert (Inspection.objects.count(), AuditEntry.objects.count()) == counts


def test_on_a_national_node_goods_bound_for_the_other_node_are_left_to_it(queue, tmp_path):
    planted, _, _ = queue
    answers = write_answers(tmp_path / "answers.json", "undervaluation", "cars worth 90000 USD")
    (work,) = create_demo_inspections(answers, elsewhere=["AZALA"])
    planted.refresh_from_db()
    # The voyage arrives at Alyat, run by the other node: Kuryk alerts it instead.
    assert (planted.status, planted.inspections.count()) == ("new", 0)
    assert work.positive == 0
