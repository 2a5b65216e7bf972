"""Search the unit's records by container number, party name, vehicle plate or HS code."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portcontrol.cargo import search as finder
from portcontrol.cargo.access import member_required
from portcontrol.cargo.forms import SearchForm


@member_required
def search(request: HttpRequest) -> HttpResponse:
    """One box, or typed fields; results grouped by kind."""
    form = SearchForm(request.GET or None)
    results = None
    if form.is_valid() and any(form.cleaned_data.values()):
        results = finder.search(request.user, **form.cleaned_data)
    return render(request, "cargo/search.html", {"form": form, "results": results})
