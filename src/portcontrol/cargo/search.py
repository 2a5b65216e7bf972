"""Finding records of a unit by container number, party name, vehicle plate or HS code.

Every stored key is normalised (``normalise``) so that the lookups here are prefix or equality
matches on indexed columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from portcontrol.accounts.models import User
from portcontrol.accounts.permissions import for_unit
from portcontrol.cargo.models import (
    CargoUnit,
    Consignment,
    ConsignmentCargoUnit,
    Party,
    Person,
    Voyage,
)
from portcontrol.cargo.normalise import code_key, name_key

LIMIT = 100


def count_of(model: type, link: str, **filters: object) -> Coalesce:
    """A correlated count of rows pointing at the outer row: no join that multiplies rows."""
    rows = (
        model.objects.filter(**{link: OuterRef("pk")}, **filters)
        .order_by()
        .values(link)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def voyages_for(user: User) -> QuerySet[Voyage]:
    """Voyages of the user's unit with their counts."""
    from portcontrol.cargo.models import TransportDocument

    return for_unit(Voyage.objects.all(), user).annotate(
        document_count=count_of(TransportDocument, "voyage", is_current=True),
        cargo_unit_count=count_of(CargoUnit, "voyage"),
        person_count=count_of(Person, "voyage"),
    )


def cargo_units(user: User, text: str) -> QuerySet[CargoUnit]:
    """Cargo units whose identifier starts with (or whose plate starts with) the text."""
    key = code_key(text)
    if not key:
        return CargoUnit.objects.none()
    return for_unit(CargoUnit.objects.select_related("voyage"), user).filter(
        identifier__startswith=key
    )


def parties(user: User, text: str) -> QuerySet[Party]:
    """Parties whose name, in any script, contains the words typed."""
    key = name_key(text)
    if not key:
        return Party.objects.none()
    return for_unit(Party.objects.select_related("voyage", "document"), user).filter(
        name_search__contains=key
    )


def plates(user: User, text: str) -> tuple[QuerySet[CargoUnit], QuerySet[Person]]:
    """Cargo units and people (drivers) with a vehicle plate starting with the text."""
    key = code_key(text)
    if not key:
        return CargoUnit.objects.none(), Person.objects.none()
    units = for_unit(CargoUnit.objects.select_related("voyage"), user)
    persons = for_unit(Person.objects.select_related("voyage"), user)
    return units.filter(vehicle_plate__startswith=key), persons.filter(
        vehicle_plate__startswith=key
    )


def consignments(user: User, *, hs: str = "", container: str = "") -> QuerySet[Consignment]:
    """Goods items of current documents by HS code prefix and/or cargo unit identifier."""
    found = for_unit(
        Consignment.objects.select_related("document", "document__voyage").prefetch_related(
            Prefetch("cargo_units", queryset=CargoUnit.objects.only("id", "identifier", "kind"))
        ),
        user,
    ).filter(document__is_current=True)
    hs_key = code_key(hs)
    if hs_key:
        found = found.filter(hs_code__startswith=hs_key)
    container_key = code_key(container)
    if container_key:
        found = found.filter(
            pk__in=ConsignmentCargoUnit.objects.filter(
                cargo_unit__identifier__startswith=container_key
            ).values("consignment_id")
        )
    return found.order_by("-id")


@dataclass
class SearchResults:
    """What one search found, by kind; each list cut at ``LIMIT``."""

    cargo_units: list[CargoUnit] = field(default_factory=list)
    parties: list[Party] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    consignments: list[Consignment] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """True when nothing was found."""
        return not (self.cargo_units or self.parties or self.persons or self.consignments)


def search(
    user: User,
    *,
    q: str = "",
    container: str = "",
    party: str = "",
    plate: str = "",
    hs: str = "",
) -> SearchResults:
    """One box (``q`` tried as every kind) or typed fields."""
    container, party, plate = container or q, party or q, plate or q
    if q and not hs and code_key(q).isdigit():
        hs = q
    results = SearchResults()
    units: dict[int, CargoUnit] = {}
    if container:
        units.update((u.pk, u) for u in cargo_units(user, container)[:LIMIT])
    if plate:
        by_plate, persons = plates(user, plate)
        units.update((u.pk, u) for u in by_plate[:LIMIT])
        results.persons = list(persons.filter(~Q(vehicle_plate=""))[:LIMIT])
    results.cargo_units = list(units.values())[:LIMIT]
    if party:
        results.parties = list(parties(user, party)[:LIMIT])
    if hs:
        results.consignments = list(consignments(user, hs=hs)[:LIMIT])
    return results
