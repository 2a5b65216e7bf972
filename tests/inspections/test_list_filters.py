"""The inspection and seizure lists read every filter a dashboard figure links them with.

Each filter narrows to exactly the records asked for; one that cannot be read is named with
its reason and lists nothing (status 400); another unit's records are never listed. Records are
made with the report tests' tiny factories, at times chosen on the edges of local days.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from portcontrol.accounts.choices import Role
from tests.reports import factories as make
from tests.reports.factories import at

pytestmark = pytest.mark.django_db

# Kuryk's local time is five hours ahead of UTC.
AQTAU = "Asia/Aqtau"
# A list page: session, user, the count, the rows, the officer choices, the officer asked for.
LIST_QUERIES = 8


def _listed(response) -> list[int]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content[:2000]
    return [record.pk for record in response.context["page"]]


# --- inspections --------------------------------------------------------------------------


@pytest.fixture
def inspections(officer, analyst, supervisor, outsider):  # type: ignore[no-untyped-def]
    """Kuryk's inspections around February 2026, and one of Alyat's."""
    kuryk = officer.unit
    trip = make.voyage(kuryk)
    made = {
        # 21:00 UTC on 31 January: 1 February in Aqtau.
        "late_january": make.inspection(
            kuryk, trip, by=officer, ordered=at(2026, 1, 31, 21), team=(officer,)
        ),
        "seizure": make.inspection(
            kuryk, trip, by=officer, ordered=at(2026, 2, 10), result="seizure", team=(analyst,)
        ),
        "discrepancy": make.inspection(
            kuryk,
            trip,
            by=officer,
            ordered=at(2026, 2, 20),
            kind="scanner",
            result="discrepancy",
            team=(officer, supervisor),
        ),
        "ordered": make.inspection(
            kuryk, trip, by=officer, ordered=at(2026, 2, 25), kind="dog", status="ordered"
        ),
        "in_progress": make.inspection(
            kuryk, trip, by=officer, ordered=at(2026, 3, 1), status="in_progress", team=(officer,)
        ),
        "march": make.inspection(
            kuryk, trip, by=officer, ordered=at(2026, 3, 15), result="seizure", team=(officer,)
        ),
    }
    alyat_trip = make.voyage(outsider.unit)
    made["alyat"] = make.inspection(
        outsider.unit, alyat_trip, by=outsider, ordered=at(2026, 2, 10), result="seizure"
    )
    return made


def _ids(inspections, *names: str) -> list[int]:  # type: ignore[no-untyped-def]
    """The inspections named, newest first as the list orders them."""
    chosen = [inspections[name] for name in names]
    return [i.pk for i in sorted(chosen, key=lambda i: (i.ordered_at, i.pk), reverse=True)]


def _inspection_list(client, **query):  # type: ignore[no-untyped-def]
    return client.get(reverse("inspections:list"), query)


def test_the_period_is_local_days_of_the_order(settings, client_for, officer, inspections):
    client = client_for(officer)
    settings.TIME_ZONE = "UTC"
    january = _inspection_list(client, **{"from": "2026-01-31", "to": "2026-01-31"})
    assert _listed(january) == _ids(inspections, "late_january")
    settings.TIME_ZONE = AQTAU
    assert _listed(_inspection_list(client, **{"from": "2026-01-31", "to": "2026-01-31"})) == []
    february = _inspection_list(client, **{"from": "2026-02-01", "to": "2026-02-28"})
    assert _listed(february) == _ids(
        inspections, "late_january", "seizure", "discrepancy", "ordered"
    )
    # Either end may be left open.
    since = _inspection_list(client, **{"from": "2026-03-01"})
    assert _listed(since) == _ids(inspections, "in_progress", "march")
    until = _inspection_list(client, to="2026-02-10")
    assert _listed(until) == _ids(inspections, "late_january", "seizure")


def test_result_status_kind_and_officer_narrow_the_list(
    client_for, officer, supervisor, inspections
):
    client = client_for(officer)
    seizures = _inspection_list(client, status="done", result="seizure")
    assert _listed(seizures) == _ids(inspections, "seizure", "march")
    assert _listed(_inspection_list(client, kind="scanner")) == _ids(inspections, "discrepancy")
    assert _listed(_inspection_list(client, status="open")) == _ids(
        inspections, "ordered", "in_progress"
    )
    mine = _inspection_list(
        client, officer=officer.pk, **{"from": "2026-01-01", "to": "2026-03-31"}
    )
    assert _listed(mine) == _ids(inspections, "late_january", "discrepancy", "in_progress", "march")
    assert _listed(_inspection_list(client, officer=supervisor.pk)) == _ids(
        inspections, "discrepancy"
    )
    own = _inspection_list(client, unit=officer.unit_id, result="discrepancy")
    assert _listed(own) == _ids(inspections, "discrepancy")


def test_the_page_says_how_many_it_lists_and_keeps_the_filters(client_for, officer, inspections):
    response = _inspection_list(client_for(officer), result="seizure", officer=officer.pk)
    html = response.content.decode()
    assert "1 inspection</p>" in html
    assert '<option value="seizure" selected>' in html
    assert f'<option value="{officer.pk}" selected>' in html


@pytest.mark.parametrize(
    ("query", "field", "reason"),
    [
        ({"from": "2026-13-01"}, "From", "Enter a valid date."),
        ({"from": "2026-03-01", "to": "2026-02-01"}, "To", "comes before its start"),
        ({"status": "lost"}, "Status", "Select a valid choice."),
        ({"kind": "x-ray"}, "Type", "Select a valid choice."),
        ({"result": "maybe"}, "Result", "Select a valid choice."),
        ({"officer": "somebody"}, "Officer", "Select a valid choice."),
        ({"unit": "KZKUR"}, "Unit", "Enter a whole number."),
    ],
)
def test_a_filter_that_cannot_be_read_is_named_and_lists_nothing(
    client_for, officer, inspections, query, field, reason
):
    response = _inspection_list(client_for(officer), **query)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<p class="error">{field}: ' in html
    assert reason in html
    assert response.context["page"].paginator.count == 0


def test_an_officer_on_no_team_of_the_unit_is_no_choice(client_for, officer, outsider, inspections):
    # Alyat's analyst ordered an inspection, but of Alyat: Kuryk's list does not know them.
    response = _inspection_list(client_for(officer), officer=outsider.pk)
    assert response.status_code == 400
    assert "Officer: " in response.content.decode()


def test_another_units_inspections_are_never_listed(client_for, officer, outsider, inspections):
    asked = _inspection_list(client_for(outsider), unit=officer.unit_id, result="seizure")
    assert asked.status_code == 400
    assert "Only the inspections of your own unit are listed here." in asked.content.decode()
    assert asked.context["page"].paginator.count == 0
    theirs = _inspection_list(client_for(outsider), result="seizure")
    assert _listed(theirs) == [inspections["alyat"].pk]


def test_a_partner_narrows_their_agencys_inspections_by_unit(
    client_for, partner, officer, inspections
):
    for name in ("seizure", "alyat"):
        inspections[name].agencies.add(partner.agency)
    client = client_for(partner)
    assert set(_listed(_inspection_list(client))) == {
        inspections["seizure"].pk,
        inspections["alyat"].pk,
    }
    assert _listed(_inspection_list(client, unit=officer.unit_id)) == [inspections["seizure"].pk]


def test_the_filtered_list_queries_do_not_grow(
    client_for, officer, analyst, django_assert_max_num_queries
):
    trip = make.voyage(officer.unit)
    for day in range(1, 29):
        make.inspection(
            officer.unit, trip, by=officer, ordered=at(2026, 2, day), team=(officer, analyst)
        )
    client = client_for(officer)
    query = {
        "from": "2026-02-01",
        "to": "2026-02-28",
        "status": "done",
        "result": "nothing_found",
        "kind": "physical",
        "officer": officer.pk,
        "unit": officer.unit_id,
    }
    with django_assert_max_num_queries(LIST_QUERIES):
        response = _inspection_list(client, **query)
    assert len(_listed(response)) == 28


# --- seizures -----------------------------------------------------------------------------


@pytest.fixture
def seizures(officer, outsider):  # type: ignore[no-untyped-def]
    """Kuryk's seizures on several routes and concealments, and one of Alyat's."""
    kuryk = officer.unit
    ferry = make.voyage(kuryk, departure="KZAAU", arrival="AZBAK")
    no_arrival = make.voyage(kuryk, departure="TMKRW", arrival="")
    made = {
        # Route from the voyage: KZAAU → AZBAK; 21:00 UTC is the next day in Aqtau.
        "from_voyage": make.seizure(
            kuryk, by=officer, seized=at(2026, 1, 31, 21), trip=ferry, concealment="fuel_tank"
        ),
        "recorded": make.seizure(
            kuryk,
            by=officer,
            seized=at(2026, 2, 3),
            departure="KZAAU",
            destination="AZBAK",
            category="tobacco",
            concealment="vehicle_cavity",
            place="KZAAU",
        ),
        # The seizure's own departure wins over the voyage's.
        "own_departure": make.seizure(
            kuryk, by=officer, seized=at(2026, 2, 4), trip=ferry, departure="AF", place="KZAAU"
        ),
        "nowhere": make.seizure(kuryk, by=officer, seized=at(2026, 2, 5), concealment="baggage"),
        "blank_port": make.seizure(kuryk, by=officer, seized=at(2026, 2, 6), trip=no_arrival),
    }
    made["alyat"] = make.seizure(
        outsider.unit, by=outsider, seized=at(2026, 2, 3), place="AZALA", concealment="baggage"
    )
    return made


def _seizure_list(client, **query):  # type: ignore[no-untyped-def]
    return client.get(reverse("inspections:seizures"), query)


def _references(response) -> set[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content[:2000]
    return {seizure.reference for seizure in response.context["page"]}


def _named(seizures, *names: str) -> set[str]:  # type: ignore[no-untyped-def]
    return {seizures[name].reference for name in names}


def test_route_ends_are_the_seizures_own_else_the_voyages(client_for, officer, seizures):
    client = client_for(officer)
    route = _seizure_list(client, departure="KZAAU", destination="AZBAK")
    assert _references(route) == _named(seizures, "from_voyage", "recorded")
    assert _references(_seizure_list(client, departure="AF")) == _named(seizures, "own_departure")
    assert _references(_seizure_list(client, destination="AZBAK")) == _named(
        seizures, "from_voyage", "recorded", "own_departure"
    )


def test_a_route_end_nobody_recorded_is_listed_with_a_dash(client_for, officer, seizures):
    client = client_for(officer)
    nowhere = _seizure_list(client, departure="-", destination="-")
    assert _references(nowhere) == _named(seizures, "nowhere")
    # The voyage has no arrival port (an empty one): the end is unknown all the same.
    blank = _seizure_list(client, departure="TMKRW", destination="-")
    assert _references(blank) == _named(seizures, "blank_port")


def test_concealment_place_and_period_narrow_the_list(settings, client_for, officer, seizures):
    settings.TIME_ZONE = AQTAU
    client = client_for(officer)
    baggage = _seizure_list(client, concealment="baggage")
    assert _references(baggage) == _named(seizures, "nowhere")
    aktau = _seizure_list(client, place="kz aau")  # written loosely, read as KZAAU
    assert _references(aktau) == _named(seizures, "recorded", "own_departure")
    first = _seizure_list(client, date_from="2026-02-01", date_to="2026-02-01")
    assert _references(first) == _named(seizures, "from_voyage")
    january = _seizure_list(client, date_from="2026-01-01", date_to="2026-01-31")
    assert _references(january) == set()
    own = _seizure_list(client, unit=officer.unit_id, concealment="fuel_tank")
    assert _references(own) == _named(seizures, "from_voyage")
    assert "1 seizure</p>" in own.content.decode()


@pytest.mark.parametrize(
    ("query", "field", "reason"),
    [
        ({"date_from": "2026-02-30"}, "From", "Enter a valid date."),
        ({"concealment": "in_a_cake"}, "Concealment", "Select a valid choice."),
        ({"category": "gold"}, "Commodity", "Select a valid choice."),
        ({"departure": "K!"}, "Route: departure", "give a UN/LOCODE"),
        ({"destination": "A-Z"}, "Route: destination", "give a UN/LOCODE"),
        ({"place": "-"}, "Place of seizure", "give a UN/LOCODE"),
        ({"unit": "one"}, "Unit", "Enter a whole number."),
    ],
)
def test_a_seizure_filter_that_cannot_be_read_is_named(
    client_for, officer, seizures, query, field, reason
):
    response = _seizure_list(client_for(officer), **query)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<p class="error">{field}: ' in html
    assert reason in html
    assert response.context["page"].paginator.count == 0


def test_another_units_seizures_are_never_listed(client_for, officer, outsider, seizures):
    asked = _seizure_list(client_for(officer), unit=outsider.unit_id, concealment="baggage")
    assert asked.status_code == 400
    assert "Only the seizures of your own unit are listed here." in asked.content.decode()
    assert seizures["alyat"].reference not in asked.content.decode()


def _csv_references(data: bytes) -> set[str]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    return {row[0] for row in rows[1:]}


def _xlsx_references(data: bytes) -> set[str]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    return {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}


def test_the_export_holds_exactly_the_listed_seizures(client_for, officer, seizures):
    client = client_for(officer)
    query = {"departure": "KZAAU", "destination": "AZBAK", "unit": officer.unit_id}
    listed = _references(_seizure_list(client, **query))
    assert listed == _named(seizures, "from_voyage", "recorded")
    csv_file = client.get(reverse("inspections:seizures_export", args=["csv"]), query)
    assert csv_file.status_code == 200
    assert _csv_references(csv_file.content) == listed
    xlsx_file = client.get(reverse("inspections:seizures_export", args=["xlsx"]), query)
    assert _xlsx_references(xlsx_file.content) == listed
    nowhere = client.get(
        reverse("inspections:seizures_export", args=["csv"]), {"concealment": "baggage"}
    )
    assert _csv_references(nowhere.content) == _named(seizures, "nowhere")


def test_an_export_with_a_filter_that_cannot_be_read_sends_no_file(client_for, officer, seizures):
    response = client_for(officer).get(
        reverse("inspections:seizures_export", args=["csv"]), {"concealment": "in_a_cake"}
    )
    assert response.status_code == 400
    assert "Content-Disposition" not in response
    assert '<p class="error">Concealment: ' in response.content.decode()


def test_the_export_link_carries_the_filters(client_for, officer, seizures):
    html = _seizure_list(client_for(officer), concealment="baggage").content.decode()
    assert reverse("inspections:seizures_export", args=["csv"]) + "?concealment=baggage" in html


def test_the_filtered_seizure_list_queries_do_not_grow(
    client_for, officer, django_assert_max_num_queries
):
    ferry = make.voyage(officer.unit, departure="KZAAU", arrival="AZBAK")
    for day in range(1, 29):
        make.seizure(
            officer.unit, by=officer, seized=at(2026, 2, day), trip=ferry, concealment="baggage"
        )
    query = {
        "date_from": date(2026, 2, 1).isoformat(),
        "date_to": date(2026, 2, 28).isoformat(),
        "category": "drugs",
        "concealment": "baggage",
        "departure": "KZAAU",
        "destination": "AZBAK",
        "place": "KZKUR",
        "unit": officer.unit_id,
    }
    client = client_for(officer)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = _seizure_list(client, **query)
    assert len(_references(response)) == 28


def test_a_partner_of_no_inspection_lists_no_seizure(client_for, make_user, seizures, officer):
    partner = make_user("border", Role.PARTNER, unit=None)
    response = _seizure_list(client_for(partner), unit=officer.unit_id)
    assert _references(response) == set()
