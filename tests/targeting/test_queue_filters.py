"""The queue reads every filter the dashboard's hit rates and time to decision link it with.

Period of selection on local days, targeted or random, status and result, decided; a filter
that cannot be read is named with its reason and lists nothing (400); another unit's tasks are
never listed. Tasks are made with the report tests' tiny factories.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from portcontrol.targeting.models import TaskEvent
from tests.reports import factories as make
from tests.reports.factories import at

pytestmark = pytest.mark.django_db

# Kuryk's local time is five hours ahead of UTC.
AQTAU = "Asia/Aqtau"
# Session, user, the count, the rows (and the unit the page header names).
QUEUE_QUERIES = 6


@pytest.fixture
def tasks(officer, outsider):  # type: ignore[no-untyped-def]
    """Kuryk's tasks of February 2026 selected both ways, and one of Alyat's."""
    kuryk = officer.unit
    trip = make.voyage(kuryk)
    made = {
        # 20:00 UTC on 31 January: 1 February in Aqtau. Ordered, so decided.
        "late_january": make.task(
            kuryk, trip, selected=at(2026, 1, 31, 20), decided=at(2026, 2, 1), by=officer
        ),
        "positive": make.task(kuryk, trip, selected=at(2026, 2, 2), result="positive"),
        "negative": make.task(kuryk, trip, selected=at(2026, 2, 3), result="negative"),
        "random_new": make.task(kuryk, trip, selected=at(2026, 2, 4), random=True),
        "random_done": make.task(
            kuryk, trip, selected=at(2026, 2, 5), random=True, result="negative"
        ),
        "march": make.task(kuryk, trip, selected=at(2026, 3, 2)),
    }
    TaskEvent.objects.create(
        task=made["positive"], actor=officer, action="completed", status="complete"
    )
    make.inspection(
        kuryk, trip, by=officer, ordered=at(2026, 2, 6), task=made["random_done"], team=(officer,)
    )
    made["alyat"] = make.task(outsider.unit, make.voyage(outsider.unit), selected=at(2026, 2, 2))
    return made


def _queue(client, **query):  # type: ignore[no-untyped-def]
    return client.get(reverse("targeting:queue"), query)


def _listed(response) -> set[int]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content[:2000]
    return {task.pk for task in response.context["page"]}


def _named(tasks, *names: str) -> set[int]:  # type: ignore[no-untyped-def]
    return {tasks[name].pk for name in names}


def test_the_period_is_local_days_of_selection(settings, client_for, officer, tasks):
    client = client_for(officer)
    february = {"from": "2026-02-01", "to": "2026-02-28", "status": "all"}
    settings.TIME_ZONE = "UTC"
    assert _listed(_queue(client, **february)) == _named(
        tasks, "positive", "negative", "random_new", "random_done"
    )
    settings.TIME_ZONE = AQTAU
    assert _listed(_queue(client, **february)) == _named(
        tasks, "late_january", "positive", "negative", "random_new", "random_done"
    )
    assert _listed(_queue(client, status="all", **{"from": "2026-03-01"})) == _named(tasks, "march")


def test_random_zero_lists_targeted_and_one_random_tasks(client_for, officer, tasks):
    client = client_for(officer)
    assert _listed(_queue(client, status="all", random="1")) == _named(
        tasks, "random_new", "random_done"
    )
    assert _listed(_queue(client, status="all", random="0")) == _named(
        tasks, "late_january", "positive", "negative", "march"
    )
    # Without a status the queue stays the open tasks, as people use it.
    assert _listed(_queue(client, random="1")) == _named(tasks, "random_new")


def test_status_and_result_narrow_to_the_inspected_and_the_positive(client_for, officer, tasks):
    client = client_for(officer)
    assert _listed(_queue(client, status="complete")) == _named(
        tasks, "positive", "negative", "random_done"
    )
    assert _listed(_queue(client, status="complete", result="positive")) == _named(
        tasks, "positive"
    )
    assert _listed(_queue(client, status="issued")) == _named(tasks, "late_january")


def test_decided_lists_tasks_with_a_decision_step_or_an_inspection(client_for, officer, tasks):
    decided = _queue(client_for(officer), status="all", decided="1")
    # An "issued" step, a "completed" step, an inspection ordered without a step.
    assert _listed(decided) == _named(tasks, "late_january", "positive", "random_done")


def test_the_page_says_how_many_it_lists_and_keeps_the_filters(client_for, officer, tasks):
    html = _queue(client_for(officer), status="all", random="0").content.decode()
    assert "4 tasks</p>" in html
    assert '<option value="0" selected>' in html
    assert '<option value="all" selected>' in html


@pytest.mark.parametrize(
    ("query", "field", "reason"),
    [
        ({"from": "yesterday"}, "From", "Enter a valid date."),
        ({"from": "2026-03-01", "to": "2026-02-01"}, "To", "comes before its start"),
        ({"random": "2"}, "Selection", "Select a valid choice."),
        ({"status": "lost"}, "Status", "Select a valid choice."),
        ({"result": "maybe"}, "Result", "Select a valid choice."),
        ({"lane": "purple"}, "Lane", "Select a valid choice."),
        ({"threat": "ghosts"}, "Threat", "Select a valid choice."),
        ({"score": "high"}, "Score at least", "Enter a whole number."),
        ({"score": "-1"}, "Score at least", "greater than or equal to 0"),
        ({"unit": "KZKUR"}, "Unit", "Enter a whole number."),
    ],
)
def test_a_filter_that_cannot_be_read_is_named_and_lists_nothing(
    client_for, officer, tasks, query, field, reason
):
    response = _queue(client_for(officer), **query)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<p class="error">{field}: ' in html
    assert reason in html
    assert response.context["page"].paginator.count == 0


def test_another_units_tasks_are_never_listed(client_for, officer, outsider, tasks):
    asked = _queue(client_for(outsider), unit=officer.unit_id, status="all")
    assert asked.status_code == 400
    assert "Only the tasks of your own unit are listed here." in asked.content.decode()
    assert asked.context["page"].paginator.count == 0
    assert _listed(_queue(client_for(outsider), status="all")) == _named(tasks, "alyat")
    own = _queue(client_for(officer), unit=officer.unit_id, status="all", random="1")
    assert _listed(own) == _named(tasks, "random_new", "random_done")


def test_a_partner_gets_404(client_for, partner, tasks):
    assert _queue(client_for(partner), status="all").status_code == 404


def test_the_filtered_queue_queries_do_not_grow(client_for, officer, django_assert_max_num_queries):
    trip = make.voyage(officer.unit)
    for day in range(1, 29):
        make.task(
            officer.unit,
            trip,
            selected=at(2026, 2, day),
            random=day % 2 == 0,
            decided=at(2026, 2, day, 14),
            by=officer,
        )
    client = client_for(officer)
    query = {
        "from": "2026-02-01",
        "to": "2026-02-28",
        "status": "all",
        "random": "1",
        "decided": "1",
        "lane": "red",
        "score": "50",
        "unit": officer.unit_id,
    }
    with django_assert_max_num_queries(QUEUE_QUERIES):
        response = _queue(client, **query)
    assert len(_listed(response)) == 14
