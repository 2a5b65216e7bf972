"""Export of seizures as the CEN-style table: values, filters, visibility, CSV and XLSX."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from portcontrol.core.formats.cen import CEN_HEADERS
from portcontrol.inspections import seizure_actions
from portcontrol.inspections.choices import Commodity, Concealment, DrugType, QuantityUnit

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "seizures.md"
YEAR = datetime.now(UTC).year


def values(**overrides):  # type: ignore[no-untyped-def]
    base = {
        "seized_at": datetime.now(UTC) - timedelta(hours=2),
        "place": "KZKUR",
        "category": "drugs",
        "drug_type": "heroin",
        "description": "Героин в брикетах",
        "hs_code": "0101.21",
        "quantity": Decimal("12.5"),
        "quantity_unit": "kg",
        "estimated_value": Decimal("250000"),
        "currency": "USD",
        "concealment": "false_compartment",
        "concealment_place": "double floor",
        "departure": "AFKBL",
        "transit": "IRBND, AZALA",
        "destination": "KZ",
        "parties": [{"role": "shipper", "name": "ТОО «Каспий Транс»", "country": "KZ"}],
        "arrested": [
            {"name": "IVANOV Oleg", "nationality": "KZ"},
            {"name": "ALIYEV Rauf", "nationality": "AZ"},
            {"name": "PETROV Ivan", "nationality": "KZ"},
        ],
        "case_reference": "0123/26",
    }
    base.update(overrides)
    return base


@pytest.fixture
def seizures(inspection, records, officer, outsider):  # type: ignore[no-untyped-def]
    """In KZKUR: heroin found in the border service's inspection, cigarettes found directly.

    In AZALA: a seizure the officers of Kuryk must never see.
    """
    records.voyage.imo = "9700196"
    records.voyage.save()
    heroin = seizure_actions.record_seizure(
        unit=officer.unit,
        fields=values(cargo_unit=records.cargo_unit),
        by=officer,
        inspection=inspection,
    )
    cigarettes = seizure_actions.record_seizure(
        unit=officer.unit,
        fields=values(
            seized_at=datetime.now(UTC) - timedelta(days=40),
            category="tobacco",
            drug_type="",
            description='=HYPERLINK("http://x")',
            hs_code="240220",
            quantity=Decimal("50000"),
            quantity_unit="sticks",
            arrested=[],
            parties=[],
        ),
        by=officer,
    )
    alyat = seizure_actions.record_seizure(
        unit=outsider.unit, fields=values(place="AZALA"), by=outsider
    )
    return heroin, cigarettes, alyat


def export(client, fmt: str = "csv", **filters):  # type: ignore[no-untyped-def]
    response = client.get(reverse("inspections:seizures_export", args=[fmt]), filters)
    assert response.status_code == 200
    return response


def csv_rows(response) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_one_row_per_seizure_with_voyage_route_and_people(client_for, officer, seizures):
    heroin, cigarettes, _alyat = seizures
    response = export(client_for(officer))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = {row["Seizure number"]: row for row in csv_rows(response)}
    assert set(rows) == {heroin.reference, cigarettes.reference}
    row = rows[heroin.reference]
    assert row["Country of seizure"] == "KZ"
    assert row["Commodity group"] == "drugs"
    assert row["Drug type"] == "heroin"
    assert row["HS code"] == "010121"
    assert (row["Quantity"], row["Unit of quantity"]) == ("12.5", "kg")
    assert (row["Estimated value"], row["Currency"]) == ("250000", "USD")
    assert row["Concealment place"] == "MSKU1234565; double floor"
    assert (row["Route: departure"], row["Route: destination"]) == ("AFKBL", "KZ")
    assert (row["Vessel"], row["IMO number"], row["Voyage number"]) == (
        "Barys",
        "9700196",
        "KUR-0412",
    )
    assert row["Means of transport"] == "ferry"
    assert row["Parties"] == "shipper: ТОО «Каспий Транс» (KZ)"
    assert (row["Number arrested"], row["Nationality of arrested"]) == ("3", "KZ; AZ")
    assert row["Case reference"] == "0123/26"
    assert row["Held by"] == "KZ-CUSTOMS"


def test_csv_guards_a_formula_typed_by_an_officer(client_for, officer, seizures):
    _heroin, cigarettes, _alyat = seizures
    rows = {row["Seizure number"]: row for row in csv_rows(export(client_for(officer)))}
    assert rows[cigarettes.reference]["Description of the goods"] == '\'=HYPERLINK("http://x")'


def test_export_follows_the_period_and_commodity_filters(client_for, officer, seizures):
    heroin, cigarettes, _alyat = seizures
    client = client_for(officer)
    tobacco = csv_rows(export(client, category="tobacco"))
    assert [row["Seizure number"] for row in tobacco] == [cigarettes.reference]
    since = (datetime.now(UTC) - timedelta(days=7)).date().isoformat()
    recent = csv_rows(export(client, date_from=since))
    assert [row["Seizure number"] for row in recent] == [heroin.reference]
    oldest_first = csv_rows(export(client, sort="date"))
    assert [row["Seizure number"] for row in oldest_first] == [
        cigarettes.reference,
        heroin.reference,
    ]


def test_export_shows_only_what_the_user_may_see(
    client_for, partner, police_partner, outsider, seizures
):
    heroin, _cigarettes, alyat = seizures
    shown = lambda user: [r["Seizure number"] for r in csv_rows(export(client_for(user)))]  # noqa: E731
    assert shown(partner) == [heroin.reference]
    assert shown(police_partner) == []
    assert shown(outsider) == [alyat.reference]


def test_export_is_refused_to_outsiders_of_every_unit(client, client_for, administrator):
    url = reverse("inspections:seizures_export", args=["csv"])
    assert client_for(administrator).get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    assert client.get(reverse("inspections:seizures_export", args=["pdf"])).status_code == 302


def test_an_unknown_format_is_not_found(client_for, officer):
    url = reverse("inspections:seizures_export", args=["ods"])
    assert client_for(officer).get(url).status_code == 404


def test_xlsx_reads_back_with_codes_as_text(client_for, officer, seizures):
    heroin, _cigarettes, _alyat = seizures
    response = export(client_for(officer), "xlsx", category="drugs")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content))["seizures"]
    header, line = ([cell for cell in row] for row in sheet.iter_rows(max_row=2))
    assert [cell.value for cell in header] == list(CEN_HEADERS)
    cells = dict(zip(CEN_HEADERS, line, strict=True))
    assert cells["Seizure number"].value == heroin.reference
    assert (cells["HS code"].value, cells["HS code"].data_type) == ("010121", "s")
    assert (cells["Place of seizure"].value, cells["Place of seizure"].data_type) == ("KZKUR", "s")
    assert cells["Quantity"].value == 12.5
    assert cells["Description of the goods"].value == "Героин в брикетах"
    assert sheet.max_row == 2


def test_the_documentation_names_every_code():
    text = DOCS.read_text(encoding="utf-8")
    for choices in (Commodity, DrugType, Concealment, QuantityUnit):
        for value in choices.values:
            assert f"`{value}`" in text, value
