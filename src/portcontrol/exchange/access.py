"""Who sees exchange messages: members of the closed user group, through their unit or agency.

A group lists the units and agencies of this node that take part in it. A user sees the
messages of those groups only; anyone else gets 404. The rejected log is for administrators.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse

from portcontrol.accounts.choices import Role
from portcontrol.accounts.models import User
from portcontrol.exchange.models import ClosedUserGroup

M = TypeVar("M", bound=Model)
View = Callable[..., HttpResponse]


def groups_of(user: User) -> QuerySet[ClosedUserGroup]:
    """The groups the user takes part in through their unit or agency."""
    if not user.is_authenticated:
        return ClosedUserGroup.objects.none()
    membership = Q(pk__in=[])
    if user.unit_id is not None:
        membership |= Q(units=user.unit_id) | Q(agencies=user.unit.agency_id)
    if user.agency_id is not None:
        membership |= Q(agencies=user.agency_id)
    return ClosedUserGroup.objects.filter(membership).distinct()


def visible(queryset: QuerySet[M], user: User) -> QuerySet[M]:
    """Messages of the user's groups."""
    return queryset.filter(group__in=groups_of(user))


def get_visible_or_404(queryset: QuerySet[M], user: User, **lookup: object) -> M:
    """One message of the user's groups, or 404: an outsider learns nothing."""
    found = visible(queryset, user).filter(**lookup).first()
    if found is None:
        raise Http404("not found")
    return found


def may_exchange(user: User) -> bool:
    """Whether the user takes part in any group."""
    return groups_of(user).exists()


def is_administrator(user: User) -> bool:
    return user.is_authenticated and (user.role == Role.ADMINISTRATOR or user.is_superuser)


def member_required(view: View) -> View:
    """Logged in and a member of some group, else login redirect or 404."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_exchange(request.user):
            raise Http404("not found")
        return view(request, *args, **kwargs)

    return wrapped


def administrator_required(view: View) -> View:
    """Logged in as an administrator, else login redirect or 404."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_administrator(request.user):
            raise Http404("not found")
        return view(request, *args, **kwargs)

    return wrapped
