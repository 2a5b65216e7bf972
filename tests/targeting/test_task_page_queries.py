"""The task page answers in a fixed number of queries, however long the task's history grows."""

from __future__ import annotations

from django.urls import reverse

from portcontrol.inspections import actions as inspection_actions
from portcontrol.inspections.actions import InspectionPlan
from portcontrol.targeting import actions
from portcontrol.targeting.models import TaskEvent


def _page_queries(client, task) -> int:  # type: ignore[no-untyped-def]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("targeting:task", args=[task.pk]))
    assert response.status_code == 200
    return len(queries)


def test_task_page_queries_do_not_grow_with_events_and_inspections(client_for, officer, task):
    actions.claim_task(task, by=officer, version=1)
    task.refresh_from_db()
    client = client_for(officer)
    inspection_actions.order_inspection(
        unit=task.unit,
        by=officer,
        plan=InspectionPlan(kind="physical"),
        task=task,
        task_version=task.version,
    )
    few = _page_queries(client, task)
    task.refresh_from_db()
    for _ in range(5):
        task.refresh_from_db()
        inspection_actions.order_inspection(
            unit=task.unit,
            by=officer,
            plan=InspectionPlan(kind="scanner"),
            task=task,
            task_version=task.version,
        )
        TaskEvent.objects.create(task=task, actor=officer, action="noted", status=task.status)
    task.refresh_from_db()
    assert task.inspections.count() == 6
    assert _page_queries(client, task) == few
