"""A task put in the queue by a partner's alert keeps the alert as its reason when re-assessed."""

from __future__ import annotations

from portcontrol.targeting.actions import assess_import
from portcontrol.targeting.assessing import ALERT_ORIGIN
from portcontrol.targeting.models import Assessment, TargetingTask

from .conftest import hit


def test_reassessment_keeps_the_alert_of_a_task_made_from_an_alert(task, no_engine):
    alert = Assessment.objects.create(
        unit=task.unit,
        voyage=task.voyage,
        target=task.target,
        cargo_unit=task.cargo_unit,
        score=90,
        lane="red",
        reasons=[{"kind": "alert", "key": "AZ", "label": "Alert from partner node AZ"}],
        engine_version=ALERT_ORIGIN,
        is_current=False,
    )
    TargetingTask.objects.filter(pk=task.pk).update(assessment=alert, score=90)
    no_engine.append(hit("cargo_unit", task.cargo_unit_id, "PRE-AA", 40, "red"))
    import_run = task.voyage.first_import
    assess_import(import_run)
    task.refresh_from_db()
    assert (task.assessment_id, task.score) == (alert.pk, 90)


def test_reassessment_still_refreshes_an_engine_task(task, no_engine):
    first = task.assessment_id
    no_engine.append(hit("cargo_unit", task.cargo_unit_id, "PRE-AA", 40, "red"))
    assess_import(task.voyage.first_import)
    task.refresh_from_db()
    assert task.assessment_id != first
