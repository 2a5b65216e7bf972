"""Who sees which reports.

Members of a unit who work its cases (officers, analysts, supervisors) see the figures of their
own unit. Analysts and supervisors also see the national figures: every unit of their own
administration (agency), one unit at a time or all together. Anyone else (a partner agency's
officer, a user without a unit) gets 404 and learns nothing; naming a unit of another
administration gets 404 as well. An officer asking for the national figures gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from portcontrol.accounts.models import Agency, Unit, User
from portcontrol.targeting.choices import PROFILE_ROLES, TASK_ROLES

View = Callable[..., HttpResponse]


def may_see_unit_reports(user: User) -> bool:
    """An officer, analyst or supervisor of a unit."""
    return user.is_authenticated and user.works_in_unit() and user.role in TASK_ROLES


def may_see_national_reports(user: User) -> bool:
    """Analysts and supervisors see every unit of their administration."""
    return may_see_unit_reports(user) and user.role in PROFILE_ROLES


@dataclass(frozen=True)
class Scope:
    """The units a report covers: one unit, or every unit of one administration."""

    agency: Agency
    units: tuple[Unit, ...]
    # The one unit the report is about; None for the national report over all units.
    unit: Unit | None

    @property
    def unit_ids(self) -> list[int]:
        return [unit.pk for unit in self.units]

    @property
    def is_national(self) -> bool:
        return self.unit is None

    def query(self) -> dict[str, str]:
        """The ``unit`` parameter of list pages: set when the report covers one unit."""
        return {"unit": str(self.unit.pk)} if self.unit is not None else {}

    def __str__(self) -> str:
        return str(self.unit) if self.unit is not None else str(self.agency)


def agency_units(user: User) -> list[Unit]:
    """Every unit of the user's administration, by code."""
    return list(Unit.objects.filter(agency_id=user.unit.agency_id).order_by("code"))


def _named_unit(user: User, value: str) -> Unit:
    """The unit named by a ``unit`` parameter, which must belong to the user's administration."""
    if not value.isdigit():
        raise Http404("not found")
    unit = Unit.objects.select_related("agency").filter(pk=int(value)).first()
    if unit is None or unit.agency_id != user.unit.agency_id:
        raise Http404("not found")
    return unit


def unit_scope(request: HttpRequest) -> Scope:
    """The user's unit; an analyst or supervisor may name another unit of the administration."""
    user = request.user
    value = request.GET.get("unit", "").strip()
    unit = user.unit
    if value and value != str(user.unit_id):
        if not may_see_national_reports(user):
            raise Http404("not found")
        unit = _named_unit(user, value)
    return Scope(agency=unit.agency, units=(unit,), unit=unit)


def national_scope(request: HttpRequest) -> Scope:
    """Every unit of the user's administration, or the one unit the ``unit`` parameter names."""
    user = request.user
    value = request.GET.get("unit", "").strip()
    if value:
        unit = _named_unit(user, value)
        return Scope(agency=unit.agency, units=(unit,), unit=unit)
    return Scope(agency=user.unit.agency, units=tuple(agency_units(user)), unit=None)


def unit_reports_required(view: View) -> View:
    """Logged in and a member of a unit who works its cases; anyone else gets 404."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_see_unit_reports(request.user):
            raise Http404("not found")
        return view(request, *args, **kwargs)

    return wrapped


def national_reports_required(view: View) -> View:
    """An analyst or supervisor of a unit; an officer gets 403, anyone else 404."""

    @unit_reports_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_see_national_reports(request.user):
            raise PermissionDenied("only analysts and supervisors see the national figures")
        return view(request, *args, **kwargs)

    return wrapped
