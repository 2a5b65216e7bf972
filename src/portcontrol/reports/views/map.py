"""The map of routes and seizure places: a page that draws offline, and the data it draws."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from portcontrol.reports import links
from portcontrol.reports.access import (
    agency_units,
    may_see_national_reports,
    unit_reports_required,
    unit_scope,
)
from portcontrol.reports.mapdata import labels, map_data
from portcontrol.web.periods import Period, period_form, today


def _default_period() -> Period:
    # Seizures are rare: a year shows a useful map where a month would often show none.
    return Period(today() - timedelta(days=364), today())


@unit_reports_required
def map_page(request: HttpRequest) -> HttpResponse:
    """The map, with the same routes and places as tables below it for reading and printing."""
    scope = unit_scope(request)
    form = period_form(request.GET, default=_default_period())
    context = {
        "form": form,
        "scope": scope,
        "units": [],
        "labels": labels(),
        "data": None,
        "query": request.GET.urlencode(),
    }
    if may_see_national_reports(request.user):
        context["units"] = agency_units(request.user)
    if form.is_bound and not form.is_valid():
        return render(request, "reports/map.html", context, status=400)
    context["period"] = period = form.period()
    with links.shown_to(request.user):
        context["data"] = map_data(scope, period)
    return render(request, "reports/map.html", context)


@unit_reports_required
def map_data_view(request: HttpRequest) -> JsonResponse:
    """Routes and seizure places as JSON, for the user's unit (or a unit of the agency)."""
    scope = unit_scope(request)
    form = period_form(request.GET, default=_default_period())
    if form.is_bound and not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse({"errors": errors}, status=400)
    period = form.period()
    with links.shown_to(request.user):
        return JsonResponse(map_data(scope, period).as_json(scope, period))
