"""Every figure of the unit dashboard opens a list of exactly the records it counts.

The lists are the real pages of the inspections and targeting apps (no stand-ins): each link
is followed with the test client and the list's count is compared with the figure. The data
is the hand-built quarter of ``conftest.world`` and a few more records placed on the edges
that a loose list would get wrong: the last hour of a local day, a route end filled in from the
voyage or recorded nowhere, random beside targeted tasks, another unit of the agency.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from portcontrol.accounts.choices import Role
from portcontrol.reports import figures, links
from portcontrol.reports.access import Scope
from portcontrol.targeting.models import TaskEvent
from portcontrol.web.periods import Period

from . import factories as make
from .conftest import QUARTER
from .factories import at

pytestmark = pytest.mark.django_db

QUARTER_PERIOD = Period(date(2026, 1, 1), date(2026, 3, 31))
# A list page: session, user, the count, the rows, the officer choices, the officer asked for.
LIST_QUERIES = 8
# Kuryk's local time is five hours ahead of UTC: the evening of the 31st is the next morning.
AQTAU = "Asia/Aqtau"


@pytest.fixture
def edges(world, officer, analyst, supervisor):  # type: ignore[no-untyped-def]
    """More Kuryk records on the edges of days, months, routes and ways of selection."""
    kuryk = world.kuryk
    blank_port = make.voyage(
        kuryk, departure="TMKRW", arrival="", manifest_at=at(2026, 3, 4), arrives=at(2026, 3, 5)
    )
    # 20:00 UTC on 31 March is already 1 April in Aqtau: outside the quarter there.
    make.seizure(kuryk, by=officer, seized=at(2026, 3, 31, 20), concealment="baggage")
    # 21:00 UTC on 31 January is 1 February in Aqtau; the route comes from the voyage.
    make.seizure(
        kuryk,
        by=officer,
        seized=at(2026, 1, 31, 21),
        category="tobacco",
        concealment="fuel_tank",
        place="KZAAU",
        trip=world.v2,
    )
    # Departure recorded, destination neither recorded nor known to the voyage.
    make.seizure(kuryk, by=officer, seized=at(2026, 3, 5), departure="TMKRW", trip=blank_port)
    make.inspection(
        kuryk,
        world.v2,
        by=officer,
        ordered=at(2026, 2, 28, 22),
        result="discrepancy",
        team=(analyst,),
    )
    make.inspection(
        kuryk,
        world.v1,
        by=officer,
        ordered=at(2025, 12, 31, 21),
        kind="dog",
        status="in_progress",
        team=(officer, supervisor),
    )
    make.task(kuryk, world.v1, selected=at(2026, 3, 31, 23), random=True)
    completed = make.task(kuryk, world.v2, selected=at(2026, 1, 1, 2), result="positive")
    TaskEvent.objects.create(task=completed, actor=officer, action="completed", status="complete")
    return world


def _linked(board: figures.Dashboard) -> Iterator[tuple[str, float, str | None]]:
    """(what, value, link) of every figure of the board that counts records."""
    yield "inspections", board.inspections.value, board.inspections.url
    yield "seizures", board.seizures.value, board.seizures.url
    groups = {
        "inspections by status": board.inspections_by_status,
        "inspections by kind": board.inspections_by_kind,
        "inspections by result": board.inspections_by_result,
        "inspections by month": board.inspections_by_month,
        "seizures by commodity": board.seizures_by_category,
        "seizures by concealment": board.seizures_by_concealment,
        "seizures by route": board.seizures_by_route,
        "seizures by month": board.seizures_by_month,
        "workload": board.workload,
    }
    for group, found in groups.items():
        for figure in found:
            yield f"{group}: {figure.label}", figure.value, figure.url
    for row in board.hit_rates:
        yield f"{row.label}: selected", row.selected, row.selected_url
        yield f"{row.label}: inspected", row.inspected, row.inspected_url


def _listed(client, url: str, max_queries) -> int:  # type: ignore[no-untyped-def]
    """How many records the list behind ``url`` holds, all of them on one page or not."""
    with max_queries(LIST_QUERIES):
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:2000])
    return response.context["page"].paginator.count


def _query(url: str | None) -> dict[str, str]:
    assert url is not None
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


@pytest.mark.parametrize("zone", ["UTC", AQTAU])
def test_every_linked_figure_lists_exactly_the_records_it_counts(
    settings, client_for, officer, edges, zone, django_assert_max_num_queries
):
    settings.TIME_ZONE = zone
    client = client_for(officer)
    response = client.get(reverse("reports:dashboard"), QUARTER)
    board = response.context["board"]
    followed = []
    for what, value, url in _linked(board):
        assert url is not None, f"{what} has no link"
        listed = _listed(client, url, django_assert_max_num_queries)
        assert listed == value, f"{what}: the figure says {value}, the list holds {listed} ({url})"
        followed.append(what)
    # Every kind of figure was followed, zeros included (a zero must open an empty list).
    assert len(followed) > 40
    assert any(value == 0 for _what, value, _url in _linked(board))
    assert board.seizures.value >= 5


def test_the_day_a_record_counts_on_is_the_local_day(settings, client_for, officer, edges):
    # The same records counted on Kuryk's days and on UTC days fall in different months.
    client = client_for(officer)
    settings.TIME_ZONE = "UTC"
    utc = client.get(reverse("reports:dashboard"), QUARTER).context["board"]
    settings.TIME_ZONE = AQTAU
    local = client.get(reverse("reports:dashboard"), QUARTER).context["board"]
    assert [f.value for f in utc.seizures_by_month] != [f.value for f in local.seizures_by_month]
    assert utc.seizures.value == local.seizures.value + 1
    assert utc.inspections.value == local.inspections.value - 1


def test_routes_link_the_end_nobody_recorded_as_none(client_for, officer, edges):
    client = client_for(officer)
    board = client.get(reverse("reports:dashboard"), QUARTER).context["board"]
    routes = {figure.label: figure for figure in board.seizures_by_route}
    assert routes["KZAAU → AZBAK"].value == 2  # one recorded, one from its voyage
    unknown = routes["? → ?"]
    assert _query(unknown.url)["departure"] == links.NONE_RECORDED
    assert _query(unknown.url)["destination"] == links.NONE_RECORDED
    assert _query(routes["TMKRW → ?"].url)["destination"] == links.NONE_RECORDED


def test_tasks_decided_lists_the_tasks_of_the_time_to_decision(
    client_for, officer, edges, django_assert_max_num_queries
):
    client = client_for(officer)
    board = client.get(reverse("reports:dashboard"), QUARTER).context["board"]
    url = links.list_link(
        links.TASK_QUEUE, **QUARTER, unit=edges.kuryk.pk, status="all", decided="1"
    )
    assert url is not None
    # Issued steps, a "completed" step, and an inspection ordered without a step.
    assert board.decision_time.count == 5
    assert _listed(client, url, django_assert_max_num_queries) == board.decision_time.count


def test_map_places_link_exactly_their_seizures(
    client_for, officer, edges, django_assert_max_num_queries
):
    client = client_for(officer)
    data = client.get(reverse("reports:map_data"), QUARTER).json()
    places = {place["code"]: place for place in data["places"]}
    assert {code: place["count"] for code, place in places.items()} == {"KZKUR": 5, "KZAAU": 1}
    for place in places.values():
        listed = _listed(client, place["list_url"], django_assert_max_num_queries)
        assert listed == place["count"]


def test_a_link_followed_by_an_officer_of_another_unit_lists_nothing(
    client_for, officer, make_user, edges
):
    board = client_for(officer).get(reverse("reports:dashboard"), QUARTER).context["board"]
    aktau = make_user("aktau-2", Role.OFFICER, unit="KZAAU")
    client = client_for(aktau)
    for url in (board.inspections.url, board.seizures.url, board.hit_rates[0].selected_url):
        response = client.get(url)
        assert response.status_code == 400
        assert response.context["page"].paginator.count == 0
        assert "own unit" in response.content.decode()


# --- who gets links -----------------------------------------------------------------------


def _all_links(board: figures.Dashboard) -> list[str | None]:
    return [url for _what, _value, url in _linked(board)]


def test_national_totals_link_no_list_and_rows_link_each_units_figures(
    client_for, supervisor, edges
):
    response = client_for(supervisor).get(reverse("reports:national"), QUARTER)
    board = response.context["board"]
    assert board.inspections.value == 7  # Kuryk 6 and Aktau 1
    assert set(_all_links(board)) == {None}
    assert response.context["links"]["queue"] is None
    rows = {row.code: row.url for row in board.units}
    assert _query(rows["KZAAU"])["unit"] == str(edges.aktau.pk)
    html = response.content.decode()
    assert f'href="{reverse("inspections:list")}?' not in html
    assert f'href="{reverse("inspections:seizures")}?' not in html
    assert f'href="{reverse("targeting:queue")}?' not in html


def test_the_figures_of_another_unit_link_no_list(supervisor, edges):
    own = Scope(agency=edges.kuryk.agency, units=(edges.kuryk,), unit=edges.kuryk)
    other = Scope(agency=edges.aktau.agency, units=(edges.aktau,), unit=edges.aktau)
    with links.shown_to(supervisor):
        theirs = figures.dashboard(other, QUARTER_PERIOD)
        ours = figures.dashboard(own, QUARTER_PERIOD)
    assert theirs.inspections.value == 1
    assert set(_all_links(theirs)) == {None}
    assert None not in _all_links(ours)


def test_a_user_without_a_unit_gets_no_list_link(partner, edges):
    own = Scope(agency=edges.kuryk.agency, units=(edges.kuryk,), unit=edges.kuryk)
    with links.shown_to(partner):
        board = figures.dashboard(own, QUARTER_PERIOD)
    assert set(_all_links(board)) == {None}


def test_the_national_page_for_ones_own_unit_keeps_its_links(client_for, supervisor, edges):
    response = client_for(supervisor).get(
        reverse("reports:national"), {**QUARTER, "unit": edges.kuryk.pk}
    )
    board = response.context["board"]
    assert None not in _all_links(board)


def test_shown_to_ends_with_its_block(supervisor, edges):
    other = Scope(agency=edges.aktau.agency, units=(edges.aktau,), unit=edges.aktau)
    with links.shown_to(supervisor):
        pass
    # Outside the block nobody is known to look: the unit's figures keep their links.
    assert figures.dashboard(other, QUARTER_PERIOD).inspections.url is not None
