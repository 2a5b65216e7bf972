"""The unread count of the navigation: "Messages (3)" on every page."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from portcontrol.accounts.models import Unit, User
from portcontrol.exchange.models import ClosedUserGroup, IncomingMessage


def unread_count(user: User) -> int:
    """Unread incoming messages of the user's groups, in one query."""
    if not user.is_authenticated or (user.unit_id is None and user.agency_id is None):
        return 0
    membership = Q(pk__in=[])
    if user.unit_id is not None:
        # The unit's agency by subquery: loading the unit would cost a query on every page.
        agency = Unit.objects.filter(pk=user.unit_id).values("agency_id")
        membership |= Q(units=user.unit_id) | Q(agencies__in=agency)
    if user.agency_id is not None:
        membership |= Q(agencies=user.agency_id)
    groups = ClosedUserGroup.objects.filter(membership).values("pk")
    return IncomingMessage.objects.filter(group__in=groups, read_at__isnull=True).count()


def unread_messages(request: HttpRequest) -> dict[str, object]:
    """``exchange_unread``, counted only when a template shows it."""
    return {"exchange_unread": SimpleLazyObject(lambda: unread_count(request.user))}
