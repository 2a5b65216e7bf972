"""The monthly report written as an Excel workbook and as a PDF, from the same content."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from portcontrol.inspections.models import Seizure
from portcontrol.reports.monthly import (
    MonthlyReport,
    quantity_text,
    short_description,
    value_text,
)
from portcontrol.targeting.choices import ReasonKind
from portcontrol.web.pdf import PdfReport

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel refuses these characters in a sheet title, and titles longer than 31 characters.
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def _title(text: str) -> str:
    return _BAD_TITLE.sub(" ", text)[:31]


def _local(moment: datetime) -> str:
    """A time as the unit reads it."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _excel_time(moment: datetime) -> datetime:
    """A local time without its zone: Excel stores no time zone and openpyxl refuses one."""
    return timezone.localtime(moment).replace(tzinfo=None)


def _sheet(
    book: Workbook, title: str, headers: Sequence[str], rows: Sequence[Sequence[object]]
) -> Worksheet:
    sheet = book.create_sheet(_title(title))
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row))
    for index, header in enumerate(headers, start=1):
        longest = max([len(str(header)), *(len(str(row[index - 1])) for row in rows)])
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(10, longest + 2))
    sheet.freeze_panes = "A2"
    return sheet


def seizure_headers() -> list[str]:
    return [
        _("Seizure number"),
        _("Seized at"),
        _("Place (UN/LOCODE)"),
        _("Commodity"),
        _("Drug type"),
        _("Description of the goods"),
        _("HS code"),
        _("Quantity"),
        _("Unit of quantity"),
        _("Estimated value"),
        _("Currency"),
        _("Concealment method"),
        _("Concealment place"),
        _("Departure"),
        _("Destination"),
        _("Case reference"),
        _("Held by"),
    ]


def seizure_row(seizure: Seizure) -> list[object]:
    return [
        seizure.reference,
        _excel_time(seizure.seized_at),
        seizure.place,
        seizure.get_category_display(),
        seizure.get_drug_type_display() if seizure.drug_type else "",
        seizure.description,
        seizure.hs_code,
        seizure.quantity,
        seizure.get_quantity_unit_display(),
        seizure.estimated_value,
        seizure.currency,
        seizure.get_concealment_display(),
        seizure.concealment_place,
        seizure.departure or (seizure.voyage.departure_port if seizure.voyage else ""),
        seizure.destination or (seizure.voyage.arrival_port if seizure.voyage else ""),
        seizure.case_reference,
        str(seizure.held_by) if seizure.held_by else "",
    ]


def inspection_headers() -> list[str]:
    return [
        _("Type"),
        _("Ordered"),
        _("Finished"),
        _("Nothing found"),
        _("Discrepancy"),
        _("Seizure"),
        _("Cancelled"),
    ]


def profile_headers() -> list[str]:
    return [
        _("Kind"),
        _("Rule"),
        _("Reason"),
        _("Selected"),
        _("Inspected"),
        _("Positive"),
        _("Hit rate"),
    ]


def _inspection_rows(report: MonthlyReport) -> list[list[object]]:
    return [
        [
            line.label,
            line.ordered,
            line.done,
            line.nothing_found,
            line.discrepancy,
            line.seizure,
            line.cancelled,
        ]
        for line in report.inspection_lines
    ]


def _profile_rows(report: MonthlyReport, *, as_number: bool = False) -> list[list[object]]:
    """Rows per profile, indicator, list and the random share; the rate a fraction in Excel."""
    kinds = dict(ReasonKind.choices)
    return [
        [
            str(kinds.get(row.kind, row.kind)),
            row.key,
            row.label,
            row.selected,
            row.inspected,
            row.positive,
            row.hit_rate if as_number else row.hit_rate_percent,
        ]
        for row in report.profiles
    ]


def _notable_rows(report: MonthlyReport) -> list[list[object]]:
    return [
        [
            seizure.reference,
            _local(seizure.seized_at),
            seizure.get_category_display(),
            quantity_text(seizure),
            value_text(seizure),
            short_description(seizure),
        ]
        for seizure in report.notable
    ]


def notable_headers() -> list[str]:
    return [
        _("Seizure number"),
        _("Seized at"),
        _("Commodity"),
        _("Quantity"),
        _("Estimated value"),
        _("What and where"),
    ]


def monthly_xlsx(report: MonthlyReport) -> bytes:
    """Sheets: summary, seizures, inspections by type and result, hit rates, notable cases."""
    book = Workbook()
    book.remove(book.active)
    summary = _sheet(book, _("Summary"), [_("Figure"), _("Value")], report.summary())
    summary.append([])
    summary.append([_("Seizures by commodity"), ""])
    summary.cell(row=summary.max_row, column=1).font = Font(bold=True)
    for label, count in report.seizures_by_category():
        summary.append([label, count])
    _sheet(book, _("Seizures"), seizure_headers(), [seizure_row(s) for s in report.seizures])
    _sheet(book, _("Inspections"), inspection_headers(), _inspection_rows(report))
    rates = _sheet(book, _("Hit rates"), profile_headers(), _profile_rows(report, as_number=True))
    for (cell,) in rates.iter_rows(min_row=2, min_col=7, max_col=7):
        cell.number_format = "0.0%"
    _sheet(book, _("Notable cases"), notable_headers(), _notable_rows(report))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def monthly_pdf(report: MonthlyReport) -> bytes:
    """The same content as the workbook, on A4 pages."""
    pdf = PdfReport(
        _("Monthly report %(month)s") % {"month": report.month}, subtitle=str(report.scope)
    )
    pdf.heading(_("Summary"))
    pdf.fields(report.summary())
    if report.seizures:
        pdf.heading(_("Seizures by commodity"))
        pdf.fields(report.seizures_by_category())
    pdf.heading(_("Notable cases"))
    if report.notable:
        for seizure in report.notable:
            pdf.paragraph(
                f"{seizure.reference} · {_local(seizure.seized_at)} · "
                f"{seizure.get_category_display()} · {quantity_text(seizure)}"
                + (f" · {value_text(seizure)}" if seizure.estimated_value is not None else "")
            )
            pdf.paragraph(short_description(seizure))
    else:
        pdf.paragraph(_("No seizure this month."))
    pdf.heading(_("Seizures"))
    if report.seizures:
        pdf.table(
            [
                _("Seizure number"),
                _("Seized at"),
                _("Place"),
                _("Commodity"),
                _("Quantity"),
                _("Concealment method"),
            ],
            [
                [
                    s.reference,
                    _local(s.seized_at),
                    s.place,
                    s.get_category_display(),
                    quantity_text(s),
                    s.get_concealment_display(),
                ]
                for s in report.seizures
            ],
        )
    else:
        pdf.paragraph(_("No seizure this month."))
    pdf.heading(_("Inspections by type and result"))
    if report.inspection_lines:
        pdf.table(inspection_headers(), _inspection_rows(report))
    else:
        pdf.paragraph(_("No inspection this month."))
    pdf.heading(_("Hit rates by profile"))
    if report.profiles:
        pdf.table(profile_headers(), _profile_rows(report), widths=(20, 22, 52, 16, 16, 16, 18))
    else:
        pdf.paragraph(_("No targeting task this month."))
    return pdf.to_bytes()
