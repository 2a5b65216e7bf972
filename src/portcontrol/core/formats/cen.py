"""Seizures as a CEN-style table: one row per seizure, written as CSV or XLSX.

The WCO Customs Enforcement Network (CEN) collects seizures as one record per seizure with
the commodity group, quantity, concealment, route, means of transport and the people arrested.
This module writes such a table from plain rows (dicts keyed by :data:`CEN_COLUMNS`); it
knows nothing of where the rows come from. ``docs/seizures.md`` documents every column and a
test keeps the two in step.

Two things matter to the reader of the file:

1. Codes stay text. HS codes lose their leading zero (``0101.21``) and LOCODEs such as
   ``1E...`` would turn into numbers if a spreadsheet guessed; XLSX cells are typed as text and
   only the measured amounts are numbers.
2. A value that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-`` or
   ``@``) gets a quote in front in the CSV file: a description typed by an officer or copied
   from a manifest must never execute on the analyst's machine that opens the export.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the export: the key of the row dict, its header, whether it is an amount."""

    key: str
    header: str
    numeric: bool = False


CEN_COLUMNS: tuple[Column, ...] = (
    Column("reference", "Seizure number"),
    Column("date", "Date of seizure"),
    Column("country", "Country of seizure"),
    Column("place", "Place of seizure"),
    Column("unit", "Reporting unit"),
    Column("category", "Commodity group"),
    Column("drug_type", "Drug type"),
    Column("description", "Description of the goods"),
    Column("hs_code", "HS code"),
    Column("quantity", "Quantity", numeric=True),
    Column("quantity_unit", "Unit of quantity"),
    Column("estimated_value", "Estimated value", numeric=True),
    Column("currency", "Currency"),
    Column("concealment", "Concealment method"),
    Column("concealment_place", "Concealment place"),
    Column("departure", "Route: departure"),
    Column("transit", "Route: transit"),
    Column("destination", "Route: destination"),
    Column("transport_mode", "Means of transport"),
    Column("vessel_name", "Vessel"),
    Column("imo", "IMO number"),
    Column("voyage_number", "Voyage number"),
    Column("parties", "Parties"),
    Column("arrested_count", "Number arrested", numeric=True),
    Column("arrested_nationalities", "Nationality of arrested"),
    Column("case_reference", "Case reference"),
    Column("held_by", "Held by"),
    Column("version", "Version", numeric=True),
)
CEN_KEYS: tuple[str, ...] = tuple(column.key for column in CEN_COLUMNS)
CEN_HEADERS: tuple[str, ...] = tuple(column.header for column in CEN_COLUMNS)

# Characters that make a spreadsheet read a cell as a formula (tab and carriage return too,
# since some spreadsheets strip them and then see the character after).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def guard_formula(text: str) -> str:
    """The text with a quote in front when a spreadsheet would run it as a formula.

    >>> guard_formula('=HYPERLINK("x")')
    '\\'=HYPERLINK("x")'
    >>> guard_formula('-2+3')
    "'-2+3"
    >>> guard_formula('KZKUR')
    'KZKUR'
    """
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell_text(value: object) -> str:
    """A value as written in a text cell: dates in ISO 8601, amounts without exponent.

    >>> cell_text(Decimal('12.500'))
    '12.5'
    >>> cell_text(Decimal('1E+2'))
    '100'
    >>> cell_text(date(2026, 3, 1))
    '2026-03-01'
    >>> cell_text(['KZ', 'AZ'])
    'KZ; AZ'
    >>> cell_text(None)
    ''
    """
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "; ".join(cell_text(item) for item in value)
    return str(value)


def _is_amount(value: object) -> bool:
    return isinstance(value, int | Decimal | float) and not isinstance(value, bool)


def csv_row(row: Mapping[str, object]) -> list[str]:
    """One row of the CSV file: amounts as they are, every text guarded against formulas."""
    cells: list[str] = []
    for column in CEN_COLUMNS:
        value = row.get(column.key)
        text = cell_text(value)
        cells.append(text if column.numeric and _is_amount(value) else guard_formula(text))
    return cells


def write_csv(rows: Iterable[Mapping[str, object]]) -> bytes:
    """UTF-8 CSV with a header line and a byte-order mark, so Excel reads Cyrillic names."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CEN_HEADERS)
    writer.writerows(csv_row(row) for row in rows)
    return b"\xef\xbb\xbf" + buffer.getvalue().encode("utf-8")


def write_xlsx(rows: Iterable[Mapping[str, object]], *, title: str = "seizures") -> bytes:
    """One sheet with a header row: codes and words as text cells, amounts as numbers."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)

    def cell(column: Column, value: object) -> Any:
        if column.numeric and _is_amount(value):
            return WriteOnlyCell(sheet, value=value)
        text = cell_text(value)
        if not text:
            return None
        made = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", text))
        # A text cell is never evaluated: "=..." stays the officer's words, "0101" its zero.
        made.data_type = "s"
        return made

    sheet.append(list(CEN_HEADERS))
    for row in rows:
        sheet.append([cell(column, row.get(column.key)) for column in CEN_COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
