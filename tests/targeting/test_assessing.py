"""Assessing stored voyages: every record gets an assessment; selection respects capacity."""

from __future__ import annotations

import pytest

from portcontrol.cargo.models import CargoUnit, Consignment, Person, Voyage
from portcontrol.targeting.actions import assess_import, assess_unit
from portcontrol.targeting.choices import Lane, TaskStatus
from portcontrol.targeting.models import Assessment, TargetingTask, UnitCapacity

from .conftest import hit

pytestmark = pytest.mark.django_db


def test_every_record_gets_an_assessment(stored_voyage):
    import_run = stored_voyage()
    run = assess_import(import_run)
    assert run.assessed == 3 + 2 + 2  # goods items, cargo units, people
    assert Assessment.objects.filter(is_current=True).count() == 7
    assert set(Assessment.objects.values_list("lane", flat=True)) == {Lane.GREEN}


def test_hits_give_score_lane_and_reasons_on_the_cargo_unit(stored_voyage, no_engine):
    import_run = stored_voyage()
    item = Consignment.objects.get(hs_code="291524")
    no_engine.append(hit("consignment", item.pk, "PRECURSOR-AA", 70, "red"))
    assess_import(import_run)
    line = Assessment.objects.get(consignment=item, is_current=True)
    assert (line.score, line.lane, line.threat) == (70, "red", "precursors")
    assert line.reasons[0]["key"] == "PRECURSOR-AA"
    container = Assessment.objects.get(cargo_unit__identifier="MSKU1234565", is_current=True)
    assert container.lane == "red"
    assert "consignment line" in container.reasons[0]["detail"]["via"]


def test_the_cargo_unit_becomes_the_task_not_its_goods_line(stored_voyage, no_engine):
    import_run = stored_voyage()
    UnitCapacity.objects.create(unit=import_run.unit, lane="red", per_day=5, random_share=0)
    item = Consignment.objects.get(hs_code="291524")
    no_engine.append(hit("consignment", item.pk, "PRECURSOR-AA", 70, "red"))
    assess_import(import_run)
    task = TargetingTask.objects.get(is_random=False)
    assert task.cargo_unit == CargoUnit.objects.get(identifier="MSKU1234565")
    assert task.consignment is None
    assert (task.status, task.lane, task.score) == (TaskStatus.NEW, "red", 70)


def test_selection_stops_at_the_days_capacity(stored_voyage, no_engine):
    import_run = stored_voyage()
    UnitCapacity.objects.create(unit=import_run.unit, lane="red", per_day=1, random_share=0)
    # Scores by position, not by primary key: PostgreSQL keeps counting keys across tests.
    for position, unit in enumerate(CargoUnit.objects.order_by("pk")):
        no_engine.append(hit("cargo_unit", unit.pk, f"P-{unit.pk}", 60 + position, "red"))
    passenger = Person.objects.get(role="passenger")
    no_engine.append(hit("person", passenger.pk, "WL", 90, "red", kind="watch_list"))
    assess_import(import_run)
    red = TargetingTask.objects.filter(lane="red", is_random=False)
    assert red.count() == 1
    assert red.get().person == passenger  # the highest score wins the one place


def test_random_share_draws_marked_tasks(stored_voyage):
    import_run = stored_voyage()
    UnitCapacity.objects.create(unit=import_run.unit, lane="red", per_day=10, random_share="0.2")
    assess_import(import_run)
    random_tasks = TargetingTask.objects.filter(is_random=True, lane="red")
    assert random_tasks.count() == 2  # ceil(10 * 0.2), drawn among green targets
    assert all(task.events.get().action == "selected_at_random" for task in random_tasks)


def test_reassessment_keeps_old_assessments_and_one_open_task(stored_voyage, no_engine):
    import_run = stored_voyage()
    UnitCapacity.objects.create(unit=import_run.unit, lane="red", per_day=5, random_share=0)
    unit = CargoUnit.objects.get(identifier="TGHU6543218")
    no_engine.append(hit("cargo_unit", unit.pk, "P1", 55, "red"))
    assess_import(import_run)
    no_engine[0]["score"] = 75.0
    assess_unit(import_run.unit, Voyage.objects.get())
    assert Assessment.objects.filter(cargo_unit=unit).count() == 2
    assert Assessment.objects.filter(cargo_unit=unit, is_current=True).get().score == 75
    task = TargetingTask.objects.get(cargo_unit=unit)
    assert (task.score, task.version) == (75, 2)
