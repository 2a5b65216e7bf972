"""The queue: claim, issue, complete; two officers claiming the same task, exactly one wins."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.urls import reverse

from portcontrol.targeting import actions
from portcontrol.targeting.choices import TaskStatus
from portcontrol.targeting.models import TargetingTask

pytestmark = pytest.mark.django_db


def test_second_claim_with_the_same_version_loses(task, officer, make_user):
    colleague = make_user("colleague", "officer")
    seen = task.version
    actions.claim_task(task, by=officer, version=seen)
    with pytest.raises(actions.TaskConflict):
        actions.claim_task(TargetingTask.objects.get(pk=task.pk), by=colleague, version=seen)
    task.refresh_from_db()
    assert (task.status, task.assignee) == (TaskStatus.CLAIMED, officer)
    assert task.events.filter(action="claimed").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_officers_claiming_at_once_exactly_one_wins(task, officer, make_user):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        ("file:memorydb", ":memory:")
    ):
        pytest.skip("threads need a database shared between connections (PostgreSQL)")
    colleague = make_user("colleague", "officer")
    seen = task.version
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def claim(user):  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            actions.claim_task(TargetingTask.objects.get(pk=task.pk), by=user, version=seen)
            outcomes.append("won")
        except actions.TaskConflict:
            outcomes.append("lost")
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(user,)) for user in (officer, colleague)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["lost", "won"]
    assert TargetingTask.objects.get(pk=task.pk).events.filter(action="claimed").count() == 1


def test_claim_order_complete_through_the_pages(client_for, officer, task):
    """The task page orders through the inspection form, which issues the task."""
    client = client_for(officer)
    url = lambda action: reverse("targeting:task_action", args=[task.pk, action])  # noqa: E731
    client.post(url("claim"), {"version": 1})
    page = client.get(reverse("targeting:task", args=[task.pk])).content.decode()
    order = reverse("inspections:order_from_task", args=[task.pk])
    assert order in page and url("issue") not in page
    client.post(order, {"kind": "scanner", "notes": "scan and open", "version": 2})
    client.post(url("complete"), {"version": 3, "result": "positive", "notes": "20 kg found"})
    task.refresh_from_db()
    assert (task.status, task.result, task.version) == (TaskStatus.COMPLETE, "positive", 4)
    assert task.inspections.get().kind == "scanner"
    assert "scan and open" in task.notes
    assert list(task.events.values_list("action", flat=True)) == [
        "selected",
        "claimed",
        "issued",
        "completed",
    ]


def test_the_issue_action_is_kept_for_other_callers(client_for, officer, task):
    """Issuing without an inspection is off the page, not out of the targeting actions."""
    client = client_for(officer)
    url = lambda action: reverse("targeting:task_action", args=[task.pk, action])  # noqa: E731
    client.post(url("claim"), {"version": 1})
    client.post(url("issue"), {"version": 2, "notes": "scan and open"})
    task.refresh_from_db()
    assert (task.status, task.version) == (TaskStatus.ISSUED, 3)


def test_a_stale_form_changes_nothing(client_for, officer, task):
    client = client_for(officer)
    client.post(reverse("targeting:task_action", args=[task.pk, "claim"]), {"version": 1})
    response = client.post(
        reverse("targeting:task_action", args=[task.pk, "unclaim"]), {"version": 1}, follow=True
    )
    assert "Someone else changed this task" in response.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.CLAIMED


def test_only_the_assignee_issues_a_claimed_task(task, officer, make_user):
    actions.claim_task(task, by=officer, version=1)
    with pytest.raises(actions.TaskConflict):
        actions.issue_task(task, by=make_user("colleague", "officer"), version=2)


def test_queue_filters_by_lane_score_and_voyage(client_for, officer, task):
    client = client_for(officer)
    assert task in client.get(reverse("targeting:queue"), {"lane": "red"}).context["page"]
    assert task not in client.get(reverse("targeting:queue"), {"lane": "yellow"}).context["page"]
    assert task not in client.get(reverse("targeting:queue"), {"score": "71"}).context["page"]
    assert task in client.get(reverse("targeting:queue"), {"voyage": "KUR-0412"}).context["page"]


def test_queue_queries_do_not_grow_with_tasks(
    client_for, officer, task, django_assert_max_num_queries
):
    before = TargetingTask.objects.count()
    for _ in range(30):
        TargetingTask.objects.create(
            unit=task.unit,
            voyage=task.voyage,
            target=task.target,
            cargo_unit=task.cargo_unit,
            lane="red",
            score=50,
            selected_at=task.selected_at,
        )
    client = client_for(officer)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("targeting:queue"))
    assert len(response.context["page"]) == before + 30


def test_statistics_count_selected_inspected_positive(client_for, officer, task):
    actions.claim_task(task, by=officer, version=1)
    actions.issue_task(task, by=officer, version=2)
    actions.complete_task(task, by=officer, version=3, result="positive")
    table = client_for(officer).get(reverse("targeting:statistics")).context["table"]
    row = next(r for r in table if r.key == "PRE-AA")
    assert (row.selected, row.inspected, row.positive, row.hit_rate) == (1, 1, 1, 1.0)


def test_supervisor_sets_capacity(client_for, supervisor):
    from portcontrol.targeting.models import UnitCapacity

    data = {
        "red-per_day": 3,
        "red-random_share": "0.1",
        "yellow-per_day": 5,
        "yellow-random_share": "0",
        "blue-per_day": 5,
        "blue-random_share": "0",
    }
    assert client_for(supervisor).post(reverse("targeting:capacity"), data).status_code == 302
    assert UnitCapacity.objects.get(lane="red").per_day == 3
