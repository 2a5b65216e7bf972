"""The CEN-style seizure table: columns, CSV and XLSX read back, codes as text, formula guard."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from portcontrol.core.formats.cen import (
    CEN_COLUMNS,
    CEN_HEADERS,
    CEN_KEYS,
    guard_formula,
    write_csv,
    write_xlsx,
)

DOCS = Path(__file__).resolve().parents[3] / "docs" / "seizures.md"


def row(**overrides: object) -> dict[str, object]:
    values: dict[str, object] = {
        "reference": "KZKUR-2026-0001",
        "date": date(2026, 3, 1),
        "country": "KZ",
        "place": "KZKUR",
        "unit": "KZKUR",
        "category": "drugs",
        "drug_type": "heroin",
        "description": "Героин в брикетах",
        "hs_code": "010121",
        "quantity": Decimal("12.500"),
        "quantity_unit": "kg",
        "estimated_value": Decimal("250000.00"),
        "currency": "USD",
        "concealment": "false_compartment",
        "concealment_place": "MSKU1234565; double floor",
        "departure": "AFKBL",
        "transit": "IRBND, AZALA",
        "destination": "KZ",
        "transport_mode": "ferry",
        "vessel_name": "Barys",
        "imo": "9700196",
        "voyage_number": "KUR-0412",
        "parties": "shipper: ТОО «Каспий Транс» (KZ)",
        "arrested_count": 2,
        "arrested_nationalities": "KZ; AZ",
        "case_reference": "0123/26",
        "held_by": "KZ-POLICE",
        "version": 1,
    }
    values.update(overrides)
    return values


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data[3:].decode("utf-8"))))


def test_every_column_has_a_key_and_a_header_once():
    assert len(set(CEN_KEYS)) == len(CEN_COLUMNS) == len(set(CEN_HEADERS))
    assert set(row()) == set(CEN_KEYS)


def test_csv_reads_back_with_codes_amounts_and_cyrillic():
    header, line = read_csv(write_csv([row()]))
    values = dict(zip(header, line, strict=True))
    assert header == list(CEN_HEADERS)
    assert values["Date of seizure"] == "2026-03-01"
    assert values["HS code"] == "010121"
    assert values["Quantity"] == "12.5"
    assert values["Estimated value"] == "250000"
    assert values["Description of the goods"] == "Героин в брикетах"
    assert values["Number arrested"] == "2"
    assert values["Route: transit"] == "IRBND, AZALA"


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_guards_values_a_spreadsheet_would_run(start):
    header, line = read_csv(write_csv([row(description=f'{start}HYPERLINK("http://x")')]))
    value = dict(zip(header, line, strict=True))["Description of the goods"]
    assert value == f'\'{start}HYPERLINK("http://x")'


def test_csv_keeps_amounts_unguarded_and_empty_values_empty():
    header, line = read_csv(write_csv([row(estimated_value=None, currency="", drug_type=None)]))
    values = dict(zip(header, line, strict=True))
    assert (values["Estimated value"], values["Currency"], values["Drug type"]) == ("", "", "")


def test_guard_leaves_ordinary_text_alone():
    assert guard_formula("KZ-POLICE") == "KZ-POLICE"
    assert guard_formula("-5 kg") == "'-5 kg"


def test_xlsx_keeps_codes_as_text_and_amounts_as_numbers():
    workbook = load_workbook(io.BytesIO(write_xlsx([row(), row(reference="KZKUR-2026-0002")])))
    sheet = workbook["seizures"]
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[0]] == list(CEN_HEADERS)
    cells = {header: cell for header, cell in zip(CEN_HEADERS, rows[1], strict=True)}
    for header in ("HS code", "IMO number", "Case reference", "Seizure number", "Date of seizure"):
        assert cells[header].data_type == "s", header
    assert cells["HS code"].value == "010121"
    assert cells["Case reference"].value == "0123/26"
    assert cells["Date of seizure"].value == "2026-03-01"
    assert cells["Quantity"].value == 12.5
    assert cells["Number arrested"].value == 2
    assert cells["Parties"].value == "shipper: ТОО «Каспий Транс» (KZ)"
    assert len(rows) == 3


def test_xlsx_never_writes_a_formula():
    data = write_xlsx([row(description="=1+1", case_reference="@SUM(A1)")])
    cells = list(load_workbook(io.BytesIO(data))["seizures"].iter_rows(min_row=2))[0]
    values = {header: cell for header, cell in zip(CEN_HEADERS, cells, strict=True)}
    assert (
        values["Description of the goods"].value,
        values["Description of the goods"].data_type,
    ) == (
        "=1+1",
        "s",
    )
    assert values["Case reference"].value == "@SUM(A1)"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet_xml and b"1+1" in sheet_xml


def test_an_empty_export_has_its_header():
    assert read_csv(write_csv([])) == [list(CEN_HEADERS)]
    sheet = load_workbook(io.BytesIO(write_xlsx([])))["seizures"]
    assert [cell.value for cell in next(sheet.iter_rows())] == list(CEN_HEADERS)


def test_the_documentation_lists_every_column_in_order():
    text = DOCS.read_text(encoding="utf-8")
    documented = [
        line.split("|")[1].strip()
        for line in text.split("### Codes")[0].split("## Export")[1].splitlines()
        if line.startswith("| ") and not line.startswith("| column")
    ]
    assert documented == list(CEN_HEADERS)
