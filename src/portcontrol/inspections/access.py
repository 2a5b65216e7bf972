"""Who may see and change inspections and seizures.

Members of the unit (officers, analysts, supervisors) see and work every inspection and seizure
of their unit. A partner agency's officer sees and updates only the inspections their agency
takes part in, and the seizures made in them. Anyone else gets 404 and learns nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from portcontrol.accounts.choices import Role
from portcontrol.accounts.models import User
from portcontrol.inspections.models import Inspection, Seizure
from portcontrol.targeting.choices import TASK_ROLES

View = Callable[..., HttpResponse]


def is_unit_worker(user: User) -> bool:
    """An officer, analyst or supervisor of a unit: orders, works and closes inspections."""
    return user.is_authenticated and user.works_in_unit() and user.role in TASK_ROLES


def is_partner(user: User) -> bool:
    """An active officer of a partner agency (border service, police)."""
    return (
        user.is_authenticated
        and user.is_active
        and user.role == Role.PARTNER
        and user.agency_id is not None
    )


def visible_inspections(user: User) -> QuerySet[Inspection]:
    """Inspections of the user's unit, or for a partner those their agency takes part in."""
    if is_unit_worker(user):
        return Inspection.objects.filter(unit_id=user.unit_id)
    if is_partner(user):
        return Inspection.objects.filter(agencies=user.agency_id)
    return Inspection.objects.none()


def visible_seizures(user: User) -> QuerySet[Seizure]:
    """Seizures of the user's unit, or for a partner those made in their inspections."""
    if is_unit_worker(user):
        return Seizure.objects.filter(unit_id=user.unit_id)
    if is_partner(user):
        return Seizure.objects.filter(inspection__agencies=user.agency_id)
    return Seizure.objects.none()


def get_inspection_or_404(user: User, pk: int) -> Inspection:
    found = visible_inspections(user).filter(pk=pk).first()
    if found is None:
        raise Http404("not found")
    return found


def get_seizure_or_404(user: User, pk: int) -> Seizure:
    found = visible_seizures(user).filter(pk=pk).first()
    if found is None:
        raise Http404("not found")
    return found


def participant_required(view: View) -> View:
    """Logged in, and a unit worker or a partner officer; anyone else gets 404."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not (is_unit_worker(request.user) or is_partner(request.user)):
            raise Http404("not found")
        return view(request, *args, **kwargs)

    return wrapped


def unit_worker_required(view: View) -> View:
    """Logged in and a unit worker; partners and everyone else get 404."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_unit_worker(request.user):
            raise Http404("not found")
        return view(request, *args, **kwargs)

    return wrapped
