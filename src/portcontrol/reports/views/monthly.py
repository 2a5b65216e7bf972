"""The monthly report: pick a unit and a month, read the summary, download XLSX or PDF."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portcontrol.reports import exports, links
from portcontrol.reports.access import (
    agency_units,
    may_see_national_reports,
    unit_reports_required,
    unit_scope,
)
from portcontrol.reports.monthly import (
    MonthlyReport,
    monthly_report,
    quantity_text,
    short_description,
    value_text,
)
from portcontrol.web.periods import MonthForm, month_period, previous_month, today


def _report(
    request: HttpRequest, *, required: bool = True
) -> tuple[MonthForm, MonthlyReport | None]:
    """The form, and the report when the query names a valid month."""
    scope = unit_scope(request)
    form = MonthForm(request.GET if required or "month" in request.GET else None)
    if not form.is_bound or not form.is_valid():
        return form, None
    return form, monthly_report(scope, form.cleaned_data["month"])


def _refused(request: HttpRequest, form: MonthForm) -> HttpResponse:
    return _render(request, form, None, status=400)


def _render(
    request: HttpRequest, form: MonthForm, report: MonthlyReport | None, *, status: int = 200
) -> HttpResponse:
    national = may_see_national_reports(request.user)
    if not form.is_bound:
        form = MonthForm(initial={"month": month_period(*previous_month(today()))})
    context = {
        "form": form,
        "report": report,
        "scope": unit_scope(request),
        "units": agency_units(request.user) if national else [],
        "query": request.GET.urlencode(),
        "notable": _notable(report) if report is not None else [],
    }
    return render(request, "reports/monthly.html", context, status=status)


def _notable(report: MonthlyReport) -> list[dict[str, object]]:
    return [
        {
            "seizure": seizure,
            "url": links.detail_link(links.SEIZURE_DETAIL, seizure.pk),
            "quantity": quantity_text(seizure),
            "value": value_text(seizure),
            "description": short_description(seizure),
        }
        for seizure in report.notable
    ]


@unit_reports_required
def monthly(request: HttpRequest) -> HttpResponse:
    """The form; with a month chosen, the summary and the links to both files."""
    form, report = _report(request, required=False)
    if form.is_bound and report is None:
        return _refused(request, form)
    return _render(request, form, report)


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@unit_reports_required
def monthly_xlsx(request: HttpRequest) -> HttpResponse:
    """The monthly report as an Excel workbook."""
    form, report = _report(request)
    if report is None:
        return _refused(request, form)
    return _download(exports.monthly_xlsx(report), exports.XLSX_TYPE, report.file_name("xlsx"))


@unit_reports_required
def monthly_pdf(request: HttpRequest) -> HttpResponse:
    """The monthly report as a PDF."""
    form, report = _report(request)
    if report is None:
        return _refused(request, form)
    return _download(exports.monthly_pdf(report), "application/pdf", report.file_name("pdf"))
