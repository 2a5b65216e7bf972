"""The dashboards: one unit's figures, and the national figures of every unit of the agency."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from portcontrol.accounts.models import Unit
from portcontrol.reports import charts, figures, links
from portcontrol.reports.access import (
    Scope,
    agency_units,
    may_see_national_reports,
    national_reports_required,
    national_scope,
    unit_reports_required,
    unit_scope,
)
from portcontrol.reports.figures import Dashboard, Figure, nonzero
from portcontrol.web.periods import period_form


@unit_reports_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The figures of the user's unit (or, for an analyst or supervisor, a unit they name)."""
    return _page(request, unit_scope(request), national=False)


@national_reports_required
def national(request: HttpRequest) -> HttpResponse:
    """The figures of every unit of the administration, or of one unit chosen in the filter."""
    return _page(request, national_scope(request), national=True)


def _page(request: HttpRequest, scope: Scope, *, national: bool) -> HttpResponse:
    form = period_form(request.GET)
    context = {
        "form": form,
        "scope": scope,
        "national": national,
        "units": _unit_choices(request, scope) if national else [],
        "may_see_national": may_see_national_reports(request.user),
        "board": None,
    }
    if form.is_bound and not form.is_valid():
        return render(request, "reports/dashboard.html", context, status=400)
    period = form.period()
    # Figures of another unit than the user's own link no list: lists show the own unit only.
    with links.shown_to(request.user):
        board = figures.dashboard(scope, period, national_url=reverse("reports:national"))
        queue = links.list_link(
            links.TASK_QUEUE, **period.query(), **scope.query(), status="all", decided="1"
        )
        charts = _charts(board)
    context.update(board=board, period=period, charts=charts, links={"queue": queue})
    return render(request, "reports/dashboard.html", context)


def _unit_choices(request: HttpRequest, scope: Scope) -> list[Unit]:
    """The units of the filter: those of the national scope, without asking again."""
    return list(scope.units) if scope.is_national else agency_units(request.user)


def _charts(board: Dashboard) -> dict[str, charts.Chart]:
    """The charts of the page: months as columns, categories as bars without empty ones."""
    hit_rates = [
        Figure(row.label, 100 * (row.rate or 0), row.inspected_url, shown=row.percent)
        for row in board.hit_rates
        if row.inspected
    ]
    units = [Figure(row.code, row.inspections, row.url) for row in board.units]
    return {
        "inspections_by_month": charts.columns(
            board.inspections_by_month, _("Inspections per month")
        ),
        "inspections_by_kind": charts.bars(nonzero(board.inspections_by_kind), _("By type")),
        "inspections_by_result": charts.bars(
            nonzero(board.inspections_by_result), _("Results of finished inspections")
        ),
        "inspections_by_status": charts.bars(nonzero(board.inspections_by_status), _("By status")),
        "hit_rates": charts.bars(hit_rates, _("Hit rate")),
        "seizures_by_month": charts.columns(board.seizures_by_month, _("Seizures per month")),
        "seizures_by_category": charts.bars(nonzero(board.seizures_by_category), _("By commodity")),
        "seizures_by_concealment": charts.bars(
            nonzero(board.seizures_by_concealment), _("By concealment method")
        ),
        "seizures_by_route": charts.bars(board.seizures_by_route, _("By route")),
        "workload": charts.bars(board.workload, _("Inspections per officer")),
        "units": charts.bars(units, _("Inspections per unit")),
    }
