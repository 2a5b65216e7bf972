"""The monthly report: the same figures in the workbook and the PDF, read back from the files."""

from __future__ import annotations

import io
from datetime import datetime

import openpyxl
import pypdf
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

JANUARY = {"month": "2026-01"}


def _workbook(response) -> openpyxl.Workbook:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


def _rows(sheet) -> list[tuple]:  # type: ignore[no-untyped-def]
    return list(sheet.iter_rows(values_only=True))


def _pdf_text(response) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_workbook_has_the_sheets_the_programme_asks_for(client_for, supervisor, world):
    response = client_for(supervisor).get(reverse("reports:monthly_xlsx"), JANUARY)
    assert response["Content-Disposition"] == (
        'attachment; filename="portcontrol-KZKUR-2026-01.xlsx"'
    )
    book = _workbook(response)
    assert book.sheetnames == ["Summary", "Seizures", "Inspections", "Hit rates", "Notable cases"]


def test_workbook_summary_counts_the_month(client_for, officer, world):
    book = _workbook(client_for(officer).get(reverse("reports:monthly_xlsx"), JANUARY))
    summary = {row[0]: row[1] for row in _rows(book["Summary"]) if row[0]}
    assert summary["Month"] == "2026-01"
    assert summary["Inspections ordered"] == 2
    assert summary["Inspections finished"] == 2
    assert summary["Seizure"] == 1
    assert summary["Nothing found"] == 1
    assert summary["Seizures recorded"] == 1
    assert summary["Hit rate, Targeted (risk profiles, lists, model)"] == "50.0 % (1/2)"
    assert summary["Manifest to decision, median"] == "2 h 0 min"
    assert summary["Drugs"] == 1


def test_workbook_lists_every_seizure_of_the_month_with_its_cen_fields(client_for, officer, world):
    book = _workbook(client_for(officer).get(reverse("reports:monthly_xlsx"), {"month": "2026-02"}))
    header, *rows = _rows(book["Seizures"])
    assert header[:4] == ("Seizure number", "Seized at", "Place (UN/LOCODE)", "Commodity")
    assert [row[0] for row in rows] == [world.s2.reference, world.s3.reference]
    tobacco = dict(zip(header, rows[0], strict=True))
    assert tobacco["Seized at"] == datetime(2026, 2, 8, 12, 0)
    assert tobacco["Concealment method"] == "Natural cavity of the vehicle"
    assert tobacco["Estimated value"] == 2000
    assert (tobacco["Departure"], tobacco["Destination"]) == ("KZAAU", "AZBAK")


def test_workbook_counts_inspections_by_type_and_result(client_for, officer, world):
    book = _workbook(client_for(officer).get(reverse("reports:monthly_xlsx"), JANUARY))
    header, *rows = _rows(book["Inspections"])
    assert header == (
        "Type",
        "Ordered",
        "Finished",
        "Nothing found",
        "Discrepancy",
        "Seizure",
        "Cancelled",
    )
    assert sorted(rows) == [
        ("Physical examination", 1, 1, 0, 0, 1, 0),
        ("Scanner (non-intrusive)", 1, 1, 1, 0, 0, 0),
    ]


def test_workbook_gives_hit_rates_by_profile(client_for, officer, world):
    book = _workbook(client_for(officer).get(reverse("reports:monthly_xlsx"), JANUARY))
    header, *rows = _rows(book["Hit rates"])
    by_rule = {row[1]: row for row in rows}
    # January: PRE-AA selected twice, both inspected, one positive; CIG-1 once, negative.
    assert by_rule["PRE-AA"][3:] == (2, 2, 1, 0.5)
    assert by_rule["CIG-1"][3:] == (1, 1, 0, 0)
    assert book["Hit rates"]["G2"].number_format == "0.0%"


def test_pdf_says_the_same_with_notable_cases_in_cyrillic(client_for, officer, world):
    text = _pdf_text(client_for(officer).get(reverse("reports:monthly_pdf"), JANUARY))
    assert "Monthly report 2026-01" in text
    assert "Notable cases" in text
    assert world.s1.reference in text
    assert "Героин в двойном полу трейлера" in text
    assert "50,000.00 USD" in text
    assert "PRE-AA" in text
    assert world.s2.reference not in text  # February


def test_notable_cases_are_the_largest_seizures_first(client_for, officer, world):
    response = client_for(officer).get(reverse("reports:monthly"), {"month": "2026-02"})
    notable = [case["seizure"].reference for case in response.context["notable"]]
    # The tobacco has a value; the hashish none, so it comes after.
    assert notable == [world.s2.reference, world.s3.reference]


def test_month_without_records_still_gives_both_files(client_for, officer, world):
    empty = {"month": "2025-06"}
    book = _workbook(client_for(officer).get(reverse("reports:monthly_xlsx"), empty))
    assert len(_rows(book["Seizures"])) == 1
    assert "No seizure this month." in _pdf_text(
        client_for(officer).get(reverse("reports:monthly_pdf"), empty)
    )


def test_form_offers_the_previous_month_and_links_both_files(client_for, officer, world):
    page = client_for(officer).get(reverse("reports:monthly"))
    assert page.status_code == 200
    assert page.context["report"] is None
    chosen = client_for(officer).get(reverse("reports:monthly"), JANUARY)
    html = chosen.content.decode()
    assert f'href="{reverse("reports:monthly_xlsx")}?month=2026-01"' in html
    assert f'href="{reverse("reports:monthly_pdf")}?month=2026-01"' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({}, "This field is required."),
        ({"month": "2026-13"}, "Write the month as YYYY-MM"),
        ({"month": "March"}, "Write the month as YYYY-MM"),
        ({"month": "2999-01"}, "The month has not begun yet."),
    ],
)
@pytest.mark.parametrize("name", ["reports:monthly_xlsx", "reports:monthly_pdf"])
def test_bad_month_is_refused_naming_the_field(client_for, officer, world, name, query, message):
    response = client_for(officer).get(reverse(name), query)
    assert response.status_code == 400
    html = response.content.decode()
    assert f'<p class="error">Month: {message}' in html


def test_supervisor_reports_on_another_unit_of_the_agency(client_for, supervisor, world):
    response = client_for(supervisor).get(
        reverse("reports:monthly_xlsx"), {**JANUARY, "unit": world.aktau.pk}
    )
    assert 'filename="portcontrol-KZAAU-2026-01.xlsx"' in response["Content-Disposition"]
    header, *rows = _rows(_workbook(response)["Seizures"])
    assert [row[3] for row in rows] == ["Precursors"]
