"""Pages that belong to no single domain: the start page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: the unit's voyages, the admin, or a partner's shared inspections.

    A unit member lands on the voyages of the unit, an administrator on the admin, and a partner
    agency's officer on the inspections the agency takes part in.
    """
    if request.user.works_in_unit():
        return redirect("cargo:voyages")
    if request.user.is_staff:
        return redirect("admin:index")
    return redirect("inspections:list")
