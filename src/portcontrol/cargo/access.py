"""Who may see and change cargo data: unit members see their unit; ingest roles may change it.

Anyone outside the unit (another unit, a partner agency, a user without a unit) gets 404 and
learns nothing; a member of the unit whose role may not load or correct manifests gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def member_required(view: View) -> View:
    """Logged in and a member of a unit that sees cargo, else login redirect or 404."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.works_in_unit():
            raise Http404("not found")
        return view(request, *args, **kwargs)

    return wrapped


def ingest_required(view: View) -> View:
    """A unit member whose role may load manifests and correct quarantined items, else 403."""

    @member_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.may_ingest():
            raise PermissionDenied("your role may not load or correct manifests")
        return view(request, *args, **kwargs)

    return wrapped
