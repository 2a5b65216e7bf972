"""What the map draws: the routes of the unit's voyages and the places of its seizures.

Positions come from the UN/LOCODE list shipped in ``core.reference`` (latitude and longitude of
each place); a place without coordinates there is counted as not placed, never guessed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext as _

from portcontrol.cargo.models import Voyage
from portcontrol.core.reference import locode_fields, locodes
from portcontrol.inspections.choices import Commodity, QuantityUnit
from portcontrol.inspections.models import Seizure
from portcontrol.reports import links
from portcontrol.reports.access import Scope
from portcontrol.web.periods import Period

# At most this many seizures are sent to the map, the latest first; the count says if more.
MAP_SEIZURES = 2000
# Seizures listed in one place's popup.
POPUP_SEIZURES = 20


@dataclass(frozen=True, slots=True)
class Position:
    code: str
    name: str
    lat: float
    lon: float


def position(code: str) -> Position | None:
    """Where a UN/LOCODE place lies, when the reference list knows it.

    >>> position("KZKUR")
    Position(code='KZKUR', name='Kuryk', lat=43.2, lon=51.65)
    >>> position("kz kur").code, position("XXXXX")
    ('KZKUR', None)
    """
    normal = "".join(code.split()).upper()
    rest = locodes().get(normal)
    if rest is None:
        return None
    name, _subdivision, _function, lat, lon = (locode_fields(rest) + [""] * 5)[:5]
    try:
        return Position(normal, name, float(lat), float(lon))
    except ValueError:
        return None


@dataclass(slots=True)
class MapData:
    """Routes and seizure places of one scope and period, as the map page and its JSON use."""

    routes: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    unplaced_routes: list[dict[str, Any]] = field(default_factory=list)
    unplaced_seizures: list[dict[str, Any]] = field(default_factory=list)
    seizures: int = 0
    truncated: bool = False

    def as_json(self, scope: Scope, period: Period) -> dict[str, Any]:
        return {
            "scope": str(scope),
            "period": period.query(),
            "routes": self.routes,
            "places": self.places,
            "unplaced": {
                "routes": len(self.unplaced_routes),
                "seizures": len(self.unplaced_seizures),
            },
            "seizures": self.seizures,
            "truncated": self.truncated,
        }


def _routes(scope: Scope, period: Period, data: MapData) -> None:
    """Voyages arrived in the period, counted per departure and arrival port (one query)."""
    grouped = (
        Voyage.objects.filter(
            unit_id__in=scope.unit_ids,
            arrival_time__gte=period.start,
            arrival_time__lt=period.end,
        )
        .order_by()
        .values_list("departure_port", "arrival_port")
        .annotate(n=Count("id"))
        .order_by("-n", "departure_port", "arrival_port")
    )
    for start, end, n in grouped:
        route = {"from": start, "to": end, "voyages": n}
        a, b = position(start or ""), position(end or "")
        if a is None or b is None:
            data.unplaced_routes.append(route)
            continue
        route["from_name"], route["to_name"] = a.name, b.name
        route["line"] = [[a.lat, a.lon], [b.lat, b.lon]]
        data.routes.append(route)


# A number no seizure has yet, reversed once and replaced: cheaper than 2,000 reversals.
_SENTINEL = 987654321


def _detail_urls() -> Callable[[int], str | None]:
    """A function giving the page of a seizure, or None when that page does not exist."""
    pattern = links.detail_link(links.SEIZURE_DETAIL, _SENTINEL)
    if pattern is None:
        return lambda pk: None
    return lambda pk: pattern.replace(str(_SENTINEL), str(pk))


def _seizures(scope: Scope, period: Period, data: MapData) -> None:
    """Seizures of the period grouped by place, each with a link to its record (one query)."""
    found = list(
        Seizure.objects.filter(
            unit_id__in=scope.unit_ids, seized_at__gte=period.start, seized_at__lt=period.end
        )
        .order_by("-seized_at", "-id")
        .values_list(
            "pk", "reference", "place", "category", "seized_at", "quantity", "quantity_unit"
        )[: MAP_SEIZURES + 1]
    )
    data.truncated = len(found) > MAP_SEIZURES
    found = found[:MAP_SEIZURES]
    data.seizures = len(found)
    url_of = _detail_urls()
    categories = dict(Commodity.choices)
    units = dict(QuantityUnit.choices)
    by_place: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for pk, reference, place, category, seized_at, quantity, unit in found:
        by_place[place].append(
            {
                "id": pk,
                "reference": reference,
                "category": category,
                "category_label": str(categories.get(category, category)),
                "seized_at": seized_at.date().isoformat(),
                "quantity": f"{quantity.normalize():f} {units.get(unit, unit)}",
                "url": url_of(pk),
            }
        )
    for place, seizures in sorted(by_place.items(), key=lambda item: -len(item[1])):
        where = position(place)
        if where is None:
            data.unplaced_seizures.extend(seizures)
            continue
        data.places.append(
            {
                "code": where.code,
                "name": where.name,
                "lat": where.lat,
                "lon": where.lon,
                "count": len(seizures),
                "seizures": seizures[:POPUP_SEIZURES],
                "list_url": links.list_link(
                    links.SEIZURE_LIST, **period.query(), **scope.query(), place=where.code
                ),
            }
        )


def map_data(scope: Scope, period: Period) -> MapData:
    """Routes and seizure places of ``scope`` in ``period`` (two queries)."""
    data = MapData()
    _routes(scope, period, data)
    _seizures(scope, period, data)
    return data


def labels() -> dict[str, str]:
    """Words the map script shows, in the page's language."""
    return {
        "voyages": _("voyages"),
        "seizures": _("seizures"),
        "all": _("All seizures at this place"),
    }
