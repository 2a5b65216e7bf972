"""The downloadable column templates: CSV files shipped here, the workbook made on request.

The CSV files in this folder are written by :func:`template_csv` (a test keeps them equal),
so the template can never drift from the columns the reader accepts. The workbook is generated
rather than shipped: its identifier columns are formatted as text, so Excel keeps the leading
zeros of HS codes typed into it.
"""

from __future__ import annotations

import csv
import io
from importlib import resources

from portcontrol.core.formats.tabular import (
    CARGO_UNIT,
    COLUMN_NAMES,
    CONSIGNMENT,
    PERSON,
    SHEET_NAMES,
    TABLES,
)

LANGUAGES = ("en", "ru")
# Columns Excel must keep as typed: codes with leading zeros, long numbers, identifiers.
TEXT_COLUMNS = frozenset(
    {
        "voyage_number", "vessel_imo", "document_number", "hs_code", "item_number",
        "shipper_tax_id", "consignee_tax_id", "notify_tax_id", "cargo_unit_id", "seals",
        "vehicle_plate", "stowage_position", "travel_document_number", "size_type",
    }
)  # fmt: skip


def template_header(kind: str, language: str = "en") -> list[str]:
    """The column names of a table in English (canonical) or Russian.

    >>> template_header("person", "ru")[:3]
    ['Номер рейса', 'Категория', 'Фамилия']
    """
    if language not in LANGUAGES:
        raise ValueError(f"no template in {language!r}; one of {', '.join(LANGUAGES)}")
    table = next(table for table in TABLES if table.kind == kind)
    if language == "en":
        return list(table.fields)
    return [COLUMN_NAMES[name][1][0] for name in table.fields]


def template_csv(kind: str, language: str = "en") -> bytes:
    """The CSV template of a table: its header line, UTF-8 with a byte-order mark for Excel."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(template_header(kind, language))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def template_file_name(kind: str, language: str = "en") -> str:
    """The file name of a shipped CSV template (``consignments.csv``, ``people_ru.csv``)."""
    suffix = "" if language == "en" else f"_{language}"
    return f"{SHEET_NAMES[kind]}{suffix}.csv"


def shipped_template(kind: str, language: str = "en") -> bytes:
    """A shipped CSV template file, as downloaded."""
    name = template_file_name(kind, language)
    return resources.files(__package__).joinpath(name).read_bytes()


def template_xlsx(language: str = "en") -> bytes:
    """The workbook template: sheets consignments, people and cargo_units, header rows only.

    Identifier columns are formatted as text ("@") so that what people type keeps its zeros.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for kind in (CONSIGNMENT, PERSON, CARGO_UNIT):
        sheet = workbook.create_sheet(SHEET_NAMES[kind])
        table = next(table for table in TABLES if table.kind == kind)
        sheet.append(template_header(kind, language))
        for position, name in enumerate(table.fields, 1):
            letter = get_column_letter(position)
            header = sheet.cell(row=1, column=position)
            header.font = Font(bold=True)
            dimension = sheet.column_dimensions[letter]
            dimension.width = max(14, len(str(header.value)) + 2)
            if name in TEXT_COLUMNS:
                dimension.number_format = "@"
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_bytes(kind: str, language: str = "en") -> bytes:
    """A template to download by file kind: ``csv`` (consignments) or ``xlsx`` (all tables).

    >>> template_bytes("csv").decode("utf-8-sig").split(",")[:2]
    ['voyage_number', 'transport_mode']
    """
    if kind == "csv":
        return template_csv(CONSIGNMENT, language)
    if kind == "xlsx":
        return template_xlsx(language)
    raise ValueError(f"no template of kind {kind!r}; csv or xlsx")
