"""Links from a figure to the list of records behind it.

Some list pages belong to other apps and may not exist in every installation yet: a figure
whose list page is missing is shown without a link rather than breaking the report.

The list pages show the records of the user's own unit and no other, so a figure links to its
records only when it counts one unit and that unit is the user's: a national total, or a unit of
the agency other than the user's, is shown without a link to a list (the national page links its
rows to each unit's figures instead). Who looks at the figures is told by ``shown_to``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

# The list pages figures point to, and the query parameters each understands.
INSPECTION_LIST = "inspections:list"
SEIZURE_LIST = "inspections:seizures"
SEIZURE_DETAIL = "inspections:seizure"
TASK_QUEUE = "targeting:queue"
# How a list page spells the first and last day of a period, when not ``from`` and ``to``.
PERIOD_NAMES = {SEIZURE_LIST: ("date_from", "date_to")}
# Parameters where an empty value means "none recorded" rather than "any": the ends of a
# route ("? → AZBAK" counts the seizures whose departure nobody knows). The list spells it so.
NONE_RECORDED = "-"
EMPTY_MEANS_NONE = {SEIZURE_LIST: ("departure", "destination")}

# Stands for "nobody told us who looks": the figures keep the links of the unit they count.
_ANYONE = object()
# The unit of the user the figures are shown to, while ``shown_to`` is in force.
_viewer_unit: ContextVar[Any] = ContextVar("portcontrol_reports_viewer_unit", default=_ANYONE)


@contextmanager
def shown_to(user: Any) -> Iterator[None]:
    """Within the block, figures link only to the lists of ``user``'s own unit."""
    token = _viewer_unit.set(getattr(user, "unit_id", None))
    try:
        yield
    finally:
        _viewer_unit.reset(token)


def may_list(unit: object) -> bool:
    """Whether the user looking at the figures can list the records of ``unit`` (an id)."""
    if unit in ("", None):
        # A national total: no list page shows several units at once.
        return False
    viewer = _viewer_unit.get()
    return viewer is _ANYONE or (viewer is not None and str(viewer) == str(unit))


def _path(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _value(name: str, key: str, value: object) -> str:
    if value in ("", None) and key in EMPTY_MEANS_NONE.get(name, ()):
        return NONE_RECORDED
    return str(value)


def list_link(name: str, **params: object) -> str | None:
    """The list page ``name`` filtered by ``params`` (empty ones left out), or None.

    None as well when the figure is not one unit's, or not the unit of the user it is shown
    to (see ``may_list``): ``params`` carry the unit as ``unit``. The period is given as
    ``from`` and ``to`` and renamed as the list page spells it.
    """
    if not may_list(params.get("unit")):
        return None
    path = _path(name)
    if path is None:
        return None
    first, last = PERIOD_NAMES.get(name, ("from", "to"))
    names = {"from": first, "to": last}
    kept = EMPTY_MEANS_NONE.get(name, ())
    query = urlencode(
        {
            names.get(key, key): _value(name, key, value)
            for key, value in params.items()
            if value not in ("", None) or key in kept
        }
    )
    return f"{path}?{query}" if query else path


def detail_link(name: str, pk: int) -> str | None:
    """The page of one record, or None when the page does not exist."""
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:
        return None
