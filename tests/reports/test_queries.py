"""Report pages run a fixed number of queries: more records, units or officers add none."""

from __future__ import annotations

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portcontrol.accounts.choices import Role

from . import factories as make
from . import stub_urls
from .conftest import QUARTER
from .factories import at

pytestmark = [pytest.mark.django_db, pytest.mark.urls(stub_urls.__name__)]

# (url name, query, the most queries the page may run, session and user included)
PAGES = [
    ("reports:dashboard", QUARTER, 18),
    ("reports:national", QUARTER, 20),
    ("reports:monthly", {"month": "2026-02"}, 14),
    ("reports:monthly_xlsx", {"month": "2026-02"}, 14),
    ("reports:monthly_pdf", {"month": "2026-02"}, 14),
    ("reports:map", QUARTER, 8),
    ("reports:map_data", QUARTER, 6),
    ("targeting:statistics", QUARTER, 6),
]
CATEGORIES = itertools.cycle(["drugs", "tobacco", "weapons", "precursors", "counterfeits"])
CONCEALMENTS = itertools.cycle(["baggage", "false_compartment", "fuel_tank", "misdeclared"])
PORTS = itertools.cycle([("KZKUR", "AZALA"), ("KZAAU", "AZBAK"), ("TMKRW", "KZKUR")])


def _more(make_user, unit_code: str, n: int) -> None:
    """``n`` more of everything in February 2026 at one unit, with officers of its own."""
    officers = [make_user(f"{unit_code}-{i}", Role.OFFICER, unit=unit_code) for i in range(3)]
    unit = officers[0].unit
    for i in range(n):
        departure, arrival = next(PORTS)
        trip = make.voyage(
            unit,
            departure=departure,
            arrival=arrival,
            arrives=at(2026, 2, 1 + i % 27),
            manifest_at=at(2026, 2, 1 + i % 27, 1),
        )
        done = make.task(
            unit,
            trip,
            selected=at(2026, 2, 1 + i % 27, 2),
            random=i % 4 == 0,
            result="positive" if i % 3 == 0 else "negative",
            decided=at(2026, 2, 1 + i % 27, 3 + i % 5),
            by=officers[0],
            profiles=(f"P{i % 7}",),
        )
        make.inspection(
            unit,
            trip,
            by=officers[0],
            ordered=at(2026, 2, 1 + i % 27, 4),
            kind=["physical", "scanner", "dog"][i % 3],
            result=["seizure", "nothing_found", "discrepancy"][i % 3],
            task=done,
            team=(officers[i % 3], officers[(i + 1) % 3]),
        )
        make.seizure(
            unit,
            by=officers[0],
            seized=at(2026, 2, 1 + i % 27, 5),
            category=next(CATEGORIES),
            concealment=next(CONCEALMENTS),
            place=departure,
            value=str(100 * i) if i % 2 else None,
            trip=trip,
        )


def _count(client, name: str, query: dict[str, str]) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(name), query)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(("name", "query", "most"), PAGES)
def test_queries_stay_the_same_with_more_data(
    client_for, supervisor, world, make_user, name, query, most
):
    client = client_for(supervisor)
    client.get(reverse(name), query)  # sessions, caches and the place list warm up
    before = _count(client, name, query)
    for code in ("KZKUR", "KZAAU", "KZBTN"):
        _more(make_user, code, 25)
    after = _count(client, name, query)
    assert after == before
    assert after <= most


def test_national_dashboard_is_bounded_with_many_units(
    client_for, supervisor, world, make_user, django_assert_max_num_queries
):
    for code in ("KZBTN", "KZSCO", "KZAKX", "KZGUW"):
        _more(make_user, code, 5)
    client = client_for(supervisor)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("reports:national"), QUARTER)
    assert len(response.context["board"].units) == 6
