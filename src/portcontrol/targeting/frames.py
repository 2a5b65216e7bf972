"""From stored cargo records back to core records and the engine's frames, keyed by database ids.

The engine knows nothing of storage: it reads :mod:`portcontrol.core.risk.frame` frames built from
core Manifests. Here the unit's stored records become one Manifest per voyage, and the frames'
row ids are replaced by the primary keys of the rows they came from, so that every hit points
straight back at a consignment, cargo unit or person.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import polars as pl
from django.db.models import Q

from portcontrol.cargo.models import (
    CargoUnit,
    Consignment,
    ConsignmentCargoUnit,
    Party,
    Person,
    TransportDocument,
    Voyage,
)
from portcontrol.core import records
from portcontrol.core.risk.frame import cargo_unit_frame, consignment_frame, person_frame


@dataclass(slots=True)
class StoredManifests:
    """Core Manifests of stored voyages, with the database id of each record in frame order."""

    manifests: list[records.Manifest] = field(default_factory=list)
    voyage_ids: list[int] = field(default_factory=list)
    consignment_ids: list[int] = field(default_factory=list)
    cargo_unit_ids: list[int] = field(default_factory=list)
    person_ids: list[int] = field(default_factory=list)
    # database id -> voyage id, for storing assessments and tasks
    voyage_of: dict[tuple[str, int], int] = field(default_factory=dict)


@dataclass(slots=True)
class Frames:
    """The three engine frames; row ids are database primary keys."""

    consignments: pl.DataFrame
    cargo_units: pl.DataFrame
    persons: pl.DataFrame
    stored: StoredManifests


def _text(value: str) -> str | None:
    return value or None


def _voyage(row: Voyage) -> records.Voyage:
    return records.Voyage(
        number=row.number,
        transport_mode=records.TransportMode(row.transport_mode),
        vessel_name=_text(row.vessel_name),
        imo=_text(row.imo),
        carrier=_text(row.carrier),
        departure_port=_text(row.departure_port),
        arrival_port=_text(row.arrival_port),
        transit_ports=list(row.transit_ports or []),
        departure_time=row.departure_time,
        arrival_time=row.arrival_time,
    )


def _issues(stored: list[dict[str, str]]) -> list[records.Issue]:
    # Only the codes matter to indicators ("identifier repaired"); places stay with the import.
    from portcontrol.core.errors import Issue, Place, Severity

    return [
        Issue(Place(), item.get("code", ""), item.get("message", ""), Severity.WARNING)
        for item in stored or []
    ]


def load_manifests(voyages: Iterable[Voyage]) -> StoredManifests:
    """Current documents, their goods, parties, cargo units and people of each voyage.

    1. One query per record kind for all voyages together (no query per row).
    2. One Manifest per voyage: document numbers are unique within a voyage only.
    3. Ids are collected in the order the frame builders walk the records.
    """
    voyages = list(voyages)
    ids = [voyage.pk for voyage in voyages]
    documents = defaultdict(list)
    for document in TransportDocument.objects.filter(voyage_id__in=ids, is_current=True):
        documents[document.voyage_id].append(document)
    goods = defaultdict(list)
    consignments = Consignment.objects.filter(
        document__voyage_id__in=ids, document__is_current=True
    ).select_related("document")
    for item in consignments.order_by("document__number", "item_number", "id"):
        goods[item.document.voyage_id].append(item)
    units_of_item: dict[int, list[str]] = defaultdict(list)
    links = ConsignmentCargoUnit.objects.filter(
        consignment__document__voyage_id__in=ids, consignment__document__is_current=True
    ).values_list("consignment_id", "cargo_unit__identifier")
    for consignment_id, identifier in links.order_by("id"):
        units_of_item[consignment_id].append(identifier)
    cargo_units = defaultdict(list)
    for unit in CargoUnit.objects.filter(voyage_id__in=ids).order_by("identifier", "id"):
        cargo_units[unit.voyage_id].append(unit)
    parties = defaultdict(list)
    for party in (
        Party.objects.filter(voyage_id__in=ids)
        .filter(Q(document__isnull=True) | Q(document__is_current=True))
        .select_related("document")
        .order_by("id")
    ):
        parties[party.voyage_id].append(party)
    persons = defaultdict(list)
    for person in Person.objects.filter(voyage_id__in=ids).order_by("id"):
        persons[person.voyage_id].append(person)

    stored = StoredManifests()
    for voyage in voyages:
        manifest = records.Manifest(format="stored")
        manifest.voyages.append(_voyage(voyage))
        for document in documents[voyage.pk]:
            manifest.documents.append(
                records.TransportDocument(
                    number=document.number,
                    voyage_number=voyage.number,
                    kind=records.DocumentKind(document.kind),
                    loading_port=_text(document.loading_port),
                    discharge_port=_text(document.discharge_port),
                )
            )
        for item in goods[voyage.pk]:
            manifest.consignments.append(
                records.Consignment(
                    document_number=item.document.number,
                    item_number=item.item_number,
                    hs_code=_text(item.hs_code),
                    description=item.description,
                    packages=item.packages,
                    package_type=_text(item.package_type),
                    gross_weight_kg=item.gross_weight_kg,
                    net_weight_kg=item.net_weight_kg,
                    value=item.value,
                    currency=_text(item.currency),
                    origin_country=_text(item.origin_country),
                    cargo_unit_ids=units_of_item.get(item.pk, []),
                    issues=_issues(item.issues),
                )
            )
            stored.consignment_ids.append(item.pk)
            stored.voyage_of[("consignment", item.pk)] = voyage.pk
        for unit in cargo_units[voyage.pk]:
            manifest.cargo_units.append(
                records.CargoUnit(
                    identifier=unit.identifier,
                    voyage_number=voyage.number,
                    kind=records.CargoUnitKind(unit.kind),
                    size_type=_text(unit.size_type),
                    seals=list(unit.seals or []),
                    vehicle_plate=_text(unit.vehicle_plate),
                    is_empty=unit.is_empty,
                    gross_weight_kg=unit.gross_weight_kg,
                    stowage_position=_text(unit.stowage_position),
                    loading_port=_text(unit.loading_port),
                    discharge_port=_text(unit.discharge_port),
                    issues=_issues(unit.issues),
                )
            )
            stored.cargo_unit_ids.append(unit.pk)
            stored.voyage_of[("cargo_unit", unit.pk)] = voyage.pk
        for party in parties[voyage.pk]:
            manifest.parties.append(
                records.Party(
                    role=records.PartyRole(party.role),
                    name=party.name,
                    document_number=party.document.number if party.document else None,
                    address=_text(party.address),
                    country=_text(party.country),
                    tax_id=_text(party.tax_id),
                )
            )
        for person in persons[voyage.pk]:
            manifest.persons.append(
                records.Person(
                    voyage_number=voyage.number,
                    role=records.PersonRole(person.role),
                    family_name=person.family_name,
                    given_names=person.given_names,
                    date_of_birth=person.date_of_birth,
                    nationality=_text(person.nationality),
                    gender=_text(person.gender),
                    document_type=_text(person.document_type),
                    document_number=_text(person.document_number),
                    vehicle_plate=_text(person.vehicle_plate),
                )
            )
            stored.person_ids.append(person.pk)
            stored.voyage_of[("person", person.pk)] = voyage.pk
        stored.manifests.append(manifest)
        stored.voyage_ids.append(voyage.pk)
    return stored


def _keyed(frame: pl.DataFrame, column: str, ids: list[int]) -> pl.DataFrame:
    return frame.with_columns(pl.Series(column, ids, dtype=pl.Int64))


def build_frames(voyages: Iterable[Voyage]) -> Frames:
    """The engine's frames for these voyages, row ids replaced by database ids."""
    stored = load_manifests(voyages)
    return Frames(
        consignments=_keyed(consignment_frame(stored.manifests), "line_id", stored.consignment_ids),
        cargo_units=_keyed(cargo_unit_frame(stored.manifests), "unit_id", stored.cargo_unit_ids),
        persons=_keyed(person_frame(stored.manifests), "person_id", stored.person_ids),
        stored=stored,
    )


def voyages_since(unit_id: int, since: date) -> list[Voyage]:
    """Voyages of the unit that arrived (or, without an arrival time, were loaded) since a date."""
    return list(
        Voyage.objects.filter(unit_id=unit_id).filter(
            Q(arrival_time__date__gte=since)
            | Q(arrival_time__isnull=True, first_import__created_at__date__gte=since)
        )
    )
