"""Scoping every query to what the user's unit and role may see."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404

from portcontrol.accounts.models import User

M = TypeVar("M", bound=Model)


def for_unit(queryset: QuerySet[M], user: User, unit_field: str = "unit") -> QuerySet[M]:
    """Rows of the user's own unit; nothing for anyone else (partner agencies, outsiders)."""
    if not user.is_authenticated or not user.works_in_unit():
        return queryset.none()
    return queryset.filter(**{unit_field: user.unit_id})


def get_for_unit_or_404(
    queryset: QuerySet[M], user: User, unit_field: str = "unit", **lookup: object
) -> M:
    """One row of the user's unit, or 404: an officer of another unit learns nothing."""
    found = for_unit(queryset, user, unit_field).filter(**lookup).first()
    if found is None:
        raise Http404("not found")
    return found
