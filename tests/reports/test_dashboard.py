"""The dashboards count what was hand-built in conftest, and every figure links to its records."""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from portcontrol.reports import figures
from portcontrol.reports.access import Scope
from portcontrol.web.periods import Period

from . import stub_urls
from .conftest import QUARTER

pytestmark = pytest.mark.django_db

QUARTER_PERIOD = Period(date(2026, 1, 1), date(2026, 3, 31))


def _board(world) -> figures.Dashboard:  # type: ignore[no-untyped-def]
    scope = Scope(agency=world.kuryk.agency, units=(world.kuryk,), unit=world.kuryk)
    return figures.dashboard(scope, QUARTER_PERIOD, national_url="/reports/national/")


def _values(found: list[figures.Figure]) -> dict[str, float]:
    return {figure.key: figure.value for figure in found if figure.value}


def _query(url: str | None) -> dict[str, str]:
    assert url is not None
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


def test_inspections_are_counted_by_kind_result_status_and_month(world):
    board = _board(world)
    assert board.inspections.value == 5
    assert _values(board.inspections_by_kind) == {"physical": 3, "scanner": 1, "documentary": 1}
    assert _values(board.inspections_by_result) == {
        "seizure": 1,
        "discrepancy": 1,
        "nothing_found": 2,
    }
    assert _values(board.inspections_by_status) == {"done": 4, "ordered": 1}
    assert [(f.label, f.value) for f in board.inspections_by_month] == [
        ("2026-01", 2),
        ("2026-02", 2),
        ("2026-03", 1),
    ]


def test_hit_rates_separate_targeted_from_random(world):
    targeted, random = _board(world).hit_rates
    assert (targeted.selected, targeted.inspected, targeted.positive) == (3, 2, 1)
    assert targeted.percent == "50.0 %"
    assert (random.selected, random.inspected, random.positive) == (2, 2, 0)
    assert random.rate == 0


def test_seizures_by_category_concealment_route_and_month(world):
    board = _board(world)
    assert board.seizures.value == 3
    assert _values(board.seizures_by_category) == {"drugs": 2, "tobacco": 1}
    assert _values(board.seizures_by_concealment) == {
        "false_compartment": 1,
        "vehicle_cavity": 1,
        "baggage": 1,
    }
    # The first seizure names no route: its voyage's ports fill in.
    assert sorted(f.label for f in board.seizures_by_route) == [
        "AFKBL → KZKUR",
        "KZAAU → AZBAK",
        "KZKUR → AZALA",
    ]
    assert [(f.label, f.value) for f in board.seizures_by_month] == [
        ("2026-01", 1),
        ("2026-02", 2),
        ("2026-03", 0),
    ]


def test_time_from_manifest_to_decision_median_and_90th_percentile(world):
    waits = _board(world).decision_time
    # 2 h and 4 h (issued steps), 6 h (issued step), 8 h (the linked inspection's order).
    assert waits.count == 4
    assert waits.median == timedelta(hours=4)
    assert waits.p90 == timedelta(hours=8)
    assert waits.median_text == "4 h 0 min"


def test_workload_counts_inspections_per_officer_of_the_teams(world, officer):
    workload = _board(world).workload
    assert [(f.key, f.value) for f in workload] == [
        ("officer", 3),
        ("analyst", 1),
        ("supervisor", 1),
    ]


def test_national_figures_add_up_the_units_of_the_agency(world):
    scope = Scope(agency=world.kuryk.agency, units=(world.kuryk, world.aktau), unit=None)
    board = figures.dashboard(scope, QUARTER_PERIOD, national_url="/reports/national/")
    assert board.inspections.value == 6
    assert board.seizures.value == 4
    assert {row.code: (row.inspections, row.seizures) for row in board.units} == {
        "KZKUR": (5, 3),
        "KZAAU": (1, 1),
    }
    assert board.hit_rates[0].positive == 2


@pytest.mark.urls(stub_urls.__name__)
def test_every_figure_links_to_its_records_with_period_and_filter(world):
    board = _board(world)
    drugs = next(f for f in board.seizures_by_category if f.key == "drugs")
    assert urlsplit(drugs.url).path == reverse("inspections:seizures")
    # The seizure list spells the period date_from and date_to.
    assert _query(drugs.url) == {
        "date_from": "2026-01-01",
        "date_to": "2026-03-31",
        "unit": str(world.kuryk.pk),
        "category": "drugs",
    }
    seizure_result = next(f for f in board.inspections_by_result if f.key == "seizure")
    assert _query(seizure_result.url) == {
        **QUARTER,
        "unit": str(world.kuryk.pk),
        "status": "done",
        "result": "seizure",
    }
    february = board.seizures_by_month[1]
    assert _query(february.url)["date_from"] == "2026-02-01"
    assert _query(february.url)["date_to"] == "2026-02-28"
    random = board.hit_rates[1]
    assert urlsplit(random.inspected_url).path == reverse("targeting:queue")
    assert _query(random.inspected_url)["random"] == "1"


@pytest.mark.urls(stub_urls.__name__)
def test_dashboard_page_draws_charts_whose_bars_are_links(client_for, officer, world):
    response = client_for(officer).get(reverse("reports:dashboard"), QUARTER)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") >= 8
    seizures = reverse("inspections:seizures")
    query = (
        f"date_from=2026-01-01&amp;date_to=2026-03-31&amp;unit={world.kuryk.pk}&amp;category=drugs"
    )
    assert f'<a href="{seizures}?{query}">' in html
    assert f'href="{reverse("inspections:list")}?' in html
    assert "50.0 %" in html
    assert "ALYAT-SECRET" not in html


def test_missing_list_pages_leave_figures_without_links(client_for, officer, world, monkeypatch):
    from portcontrol.reports import links

    monkeypatch.setattr(links, "SEIZURE_LIST", "inspections:no_seizure_list")
    monkeypatch.setattr(links, "INSPECTION_LIST", "inspections:no_inspection_list")
    response = client_for(officer).get(reverse("reports:dashboard"), QUARTER)
    assert response.status_code == 200
    board = response.context["board"]
    assert board.seizures.url is None
    assert all(figure.url is None for figure in board.inspections_by_kind)
    # The queue is there: its figures keep their links.
    assert board.hit_rates[0].selected_url.startswith(reverse("targeting:queue"))


def test_period_filter_changes_the_figures(client_for, officer, world):
    january = client_for(officer).get(
        reverse("reports:dashboard"), {"from": "2026-01-01", "to": "2026-01-31"}
    )
    board = january.context["board"]
    assert (board.inspections.value, board.seizures.value) == (2, 1)
    december = client_for(officer).get(
        reverse("reports:dashboard"), {"from": "2025-12-01", "to": "2025-12-31"}
    )
    assert december.context["board"].seizures.value == 1


def test_preset_wins_over_dates(client_for, officer, world):
    response = client_for(officer).get(
        reverse("reports:dashboard"), {"preset": "year", "from": "2020-01-01"}
    )
    period = response.context["period"]
    assert (period.first.month, period.first.day) == (1, 1)
    assert period.first.year == period.last.year


def test_default_period_is_the_last_30_days(client_for, officer, world):
    period = client_for(officer).get(reverse("reports:dashboard")).context["period"]
    assert (period.last - period.first).days == 29


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"from": "2026-13-01"}, "From", "Enter a valid date."),
        ({"from": "2026-03-01", "to": "2026-02-01"}, "To", "comes before its start"),
        ({"from": "2999-01-01"}, "From", "starts in the future"),
        ({"preset": "decade"}, "Period", "Select a valid choice."),
    ],
)
def test_bad_period_is_refused_naming_the_field(client_for, officer, world, query, field, message):
    response = client_for(officer).get(reverse("reports:dashboard"), query)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<p class="error">{field}: ' in html
    assert message in html
    assert response.context["board"] is None


def test_national_unit_filter_shows_one_unit(client_for, supervisor, world):
    response = client_for(supervisor).get(
        reverse("reports:national"), {**QUARTER, "unit": world.aktau.pk}
    )
    board = response.context["board"]
    assert (board.inspections.value, board.seizures.value) == (1, 1)
    assert board.units == []


def test_chart_geometry_is_not_localised(client_for, officer, world):
    # Russian writes 130,5 for 130.5: in an SVG attribute that would break the drawing.
    client = client_for(officer)
    client.cookies["django_language"] = "ru"
    html = client.get(reverse("reports:dashboard"), QUARTER).content.decode()
    assert 'lang="ru"' in html
    numbers = re.findall(r' (?:x|y|width|height)="([^"]*)"', html)
    assert numbers
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", number) for number in numbers), numbers


def test_seizure_figure_leads_to_exactly_its_seizures(client_for, officer, world):
    # The real seizure list of the inspections app, not a stand-in.
    client = client_for(officer)
    board = client.get(reverse("reports:dashboard"), QUARTER).context["board"]
    drugs = next(f for f in board.seizures_by_category if f.key == "drugs")
    listed = client.get(drugs.url).content.decode()
    assert world.s1.reference in listed
    assert world.s3.reference in listed
    assert world.s2.reference not in listed  # tobacco
