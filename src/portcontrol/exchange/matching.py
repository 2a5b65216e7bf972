"""Finding the record an incoming alert is about in one unit's cargo data.

An alert names its subject by identifiers the receiving unit also holds: the container or
trailer number, the transport document number, the vessel's IMO number with the voyage, a
person's identity document. The most recent voyage wins: the same container travels often.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from portcontrol.accounts.models import Unit
from portcontrol.cargo.models import CargoUnit, Consignment, Person, Voyage
from portcontrol.targeting.choices import TargetKind

LATEST_VOYAGE = ("-voyage__arrival_time", "-voyage_id", "pk")


@dataclass(frozen=True)
class Match:
    """The record found, or what was looked for when nothing was found."""

    target: TargetKind | None
    record: CargoUnit | Consignment | Person | None
    voyage: Voyage | None
    looked_for: tuple[str, ...]


def _clean(value: object) -> str:
    return "".join(str(value or "").split()).upper()


def container_numbers(body: Mapping[str, Any]) -> list[str]:
    """Cargo unit numbers of the alert, the subject's own first."""
    units = list(body.get("TransportEquipment", []))
    units += body.get("Consignment", {}).get("TransportEquipment", [])
    return list(dict.fromkeys(_clean(unit.get("ID")) for unit in units if unit.get("ID")))


def document_number(body: Mapping[str, Any]) -> str:
    return _clean(body.get("Consignment", {}).get("TransportContractDocument", {}).get("ID"))


def hs_codes(body: Mapping[str, Any]) -> set[str]:
    items = body.get("Consignment", {}).get("GoodsItem", [])
    return {
        code.get("ID", "")
        for item in items
        for code in item.get("Commodity", {}).get("Classification", [])
    }


def identity_documents(body: Mapping[str, Any]) -> list[str]:
    """Identity document numbers of the people (none when the sender stripped them)."""
    return [
        _clean(document.get("ID"))
        for person in body.get("Person", [])
        for document in person.get("IdentityDocument", [])
        if document.get("ID")
    ]


def vessel_voyage(body: Mapping[str, Any]) -> tuple[str, str]:
    """IMO number and voyage (journey) of the vessel, either may be empty."""
    means = body.get("BorderTransportMeans", {})
    return _clean(means.get("ID")), str(means.get("JourneyID", "")).strip()


def find_cargo_unit(unit: Unit, numbers: Iterable[str]) -> CargoUnit | None:
    wanted = list(numbers)
    if not wanted:
        return None
    found = CargoUnit.objects.filter(unit=unit, identifier__in=wanted).select_related("voyage")
    return found.order_by(*LATEST_VOYAGE).first()


def find_consignment(unit: Unit, number: str, codes: set[str]) -> Consignment | None:
    """The goods item of the current document version, the one with the alert's HS code first."""
    if not number:
        return None
    items = Consignment.objects.filter(
        unit=unit, document__number=number, document__is_current=True
    ).select_related("document__voyage")
    items = items.order_by("-document__voyage__arrival_time", "-document__voyage_id", "item_number")
    listed = list(items[:200])
    for item in listed:
        if any(item.hs_code.startswith(code) for code in codes if code):
            return item
    return listed[0] if listed else None


def find_person(unit: Unit, numbers: Iterable[str]) -> Person | None:
    wanted = list(numbers)
    if not wanted:
        return None
    found = Person.objects.filter(unit=unit, document_number__in=wanted).select_related("voyage")
    return found.order_by(*LATEST_VOYAGE).first()


def find_voyage(unit: Unit, imo: str, journey: str) -> Voyage | None:
    if not imo and not journey:
        return None
    voyages = Voyage.objects.filter(unit=unit)
    if imo:
        voyages = voyages.filter(imo=imo)
    if journey:
        voyages = voyages.filter(number=journey)
    return voyages.order_by("-arrival_time", "-pk").first()


def match_alert(unit: Unit, body: Mapping[str, Any]) -> Match:
    """The record of the unit the alert is about: its subject first, then any other identifier.

    A vessel is not a target of the queue (tasks are on goods, cargo units and people): a
    vessel alert matches the voyage only, and the caller says so.
    """
    containers = container_numbers(body)
    document = document_number(body)
    documents = identity_documents(body)
    imo, journey = vessel_voyage(body)
    finders = {
        "cargo_unit": lambda: find_cargo_unit(unit, containers),
        "consignment": lambda: find_consignment(unit, document, hs_codes(body)),
        "person": lambda: find_person(unit, documents),
    }
    subject = body.get("SubjectTypeCode", "")
    order = [subject] if subject in finders else []
    order += [kind for kind in ("cargo_unit", "consignment", "person") if kind not in order]
    for kind in order:
        record = finders[kind]()
        if record is not None:
            voyage = record.document.voyage if isinstance(record, Consignment) else record.voyage
            return Match(TargetKind(kind), record, voyage, ())
    looked_for = [f"cargo unit {number}" for number in containers]
    looked_for += [f"transport document {document}"] if document else []
    looked_for += [f"identity document {number}" for number in documents]
    if imo or journey:
        looked_for.append(f"vessel {imo or '?'} voyage {journey or '?'}")
    return Match(None, None, find_voyage(unit, imo, journey), tuple(looked_for))
