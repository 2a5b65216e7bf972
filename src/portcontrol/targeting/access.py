"""Who may see and change targeting data.

Profiles and watch lists are national (the whole administration: no unit) or of one unit; a
member of a unit sees the national ones of the unit's agency and the unit's own. Anyone else
(another administration's unit, a partner agency, a user without a unit) gets 404. A member whose
role may not do something gets 403: analysts and supervisors write profiles and lists,
supervisors alone approve, officers, analysts and supervisors work the queue.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from portcontrol.accounts.models import Unit, User
from portcontrol.cargo.access import member_required
from portcontrol.targeting.choices import APPROVER_ROLES, PROFILE_ROLES, TASK_ROLES

M = TypeVar("M", bound=Model)
View = Callable[..., HttpResponse]


def in_scope(queryset: QuerySet[M], unit: Unit) -> QuerySet[M]:
    """National rows of the unit's agency and the unit's own rows."""
    return queryset.filter(Q(unit__isnull=True) | Q(unit=unit), agency_id=unit.agency_id)


def scoped(queryset: QuerySet[M], user: User) -> QuerySet[M]:
    """Profiles or watch lists the user may see; nothing for anyone outside a unit."""
    if not user.is_authenticated or not user.works_in_unit():
        return queryset.none()
    return in_scope(queryset, user.unit)


def get_scoped_or_404(queryset: QuerySet[M], user: User, **lookup: object) -> M:
    """One profile or list the user may see, or 404."""
    found = scoped(queryset, user).filter(**lookup).first()
    if found is None:
        raise Http404("not found")
    return found


def may_write_profiles(user: User) -> bool:
    """Analysts and supervisors write risk profiles and watch lists."""
    return user.works_in_unit() and user.role in PROFILE_ROLES


def may_approve(user: User) -> bool:
    """Supervisors approve profiles and watch-list removals."""
    return user.works_in_unit() and user.role in APPROVER_ROLES


def may_work_tasks(user: User) -> bool:
    """Officers, analysts and supervisors claim, order and complete inspections."""
    return user.works_in_unit() and user.role in TASK_ROLES


def _role_required(check: Callable[[User], bool], message: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @member_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


analyst_required = _role_required(may_write_profiles, "your role may not change profiles or lists")
supervisor_required = _role_required(may_approve, "only a supervisor may do this")
task_worker_required = _role_required(may_work_tasks, "your role may not work targeting tasks")

__all__ = [
    "analyst_required",
    "get_scoped_or_404",
    "in_scope",
    "member_required",
    "scoped",
    "supervisor_required",
    "task_worker_required",
]
