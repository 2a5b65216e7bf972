"""Pages that belong to no single domain: the start page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: a unit member lands on the voyages of the unit."""
    return redirect("cargo:voyages")
