"""Export of seizures in the CEN-style table (``core.formats.cen``): the rows from the records.

Codes go out as codes (commodity ``drugs``, drug type ``heroin``, concealment
``false_compartment``), so the file reads the same in every language; ``docs/seizures.md`` lists
the columns and the codes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from portcontrol.core.formats import cen
from portcontrol.inspections.models import Seizure

EXPORT_FORMATS: dict[str, tuple[str, Callable[[Iterable[dict[str, Any]]], bytes]]] = {
    "csv": ("text/csv; charset=utf-8", cen.write_csv),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        cen.write_xlsx,
    ),
}
RELATED = ("unit", "voyage", "cargo_unit", "search_area", "held_by")


def _concealment_place(seizure: Seizure) -> str:
    """The cargo unit, the vessel area and the words, as far as they are known."""
    parts = []
    if seizure.cargo_unit is not None:
        parts.append(seizure.cargo_unit.identifier)
    if seizure.search_area is not None:
        parts.append(seizure.search_area.name or seizure.search_area.kind)
    if seizure.concealment_place:
        parts.append(seizure.concealment_place)
    return "; ".join(parts)


def _parties(seizure: Seizure) -> str:
    """``shipper: ТОО Каспий (KZ); consignee: Alyat Trade (AZ)``."""
    shown = []
    for party in seizure.parties or []:
        text = f"{party.get('role', '')}: {party.get('name', '')}"
        if party.get("country"):
            text += f" ({party['country']})"
        shown.append(text)
    return "; ".join(shown)


def _nationalities(seizure: Seizure) -> str:
    """Each nationality once, in the order the people were recorded."""
    seen: list[str] = []
    for person in seizure.arrested or []:
        code = person.get("nationality") or ""
        if code and code not in seen:
            seen.append(code)
    return "; ".join(seen)


def cen_row(seizure: Seizure) -> dict[str, Any]:
    """One seizure as a row of the CEN-style table."""
    voyage = seizure.voyage
    return {
        "reference": seizure.reference,
        "date": timezone.localtime(seizure.seized_at).date(),
        "country": seizure.place[:2],
        "place": seizure.place,
        "unit": seizure.unit.code,
        "category": seizure.category,
        "drug_type": seizure.drug_type,
        "description": seizure.description,
        "hs_code": seizure.hs_code,
        "quantity": seizure.quantity,
        "quantity_unit": seizure.quantity_unit,
        "estimated_value": seizure.estimated_value,
        "currency": seizure.currency,
        "concealment": seizure.concealment,
        "concealment_place": _concealment_place(seizure),
        "departure": seizure.departure,
        "transit": seizure.transit,
        "destination": seizure.destination,
        "transport_mode": voyage.transport_mode if voyage else "",
        "vessel_name": voyage.vessel_name if voyage else "",
        "imo": voyage.imo if voyage else "",
        "voyage_number": voyage.number if voyage else "",
        "parties": _parties(seizure),
        "arrested_count": len(seizure.arrested or []),
        "arrested_nationalities": _nationalities(seizure),
        "case_reference": seizure.case_reference,
        "held_by": seizure.held_by.code if seizure.held_by else "",
        "version": seizure.version,
    }


def cen_rows(seizures: QuerySet[Seizure]) -> Iterator[dict[str, Any]]:
    """Rows of the seizures in their order, read in chunks with their related records."""
    for seizure in seizures.select_related(*RELATED).iterator(chunk_size=500):
        yield cen_row(seizure)


def export_seizures(seizures: QuerySet[Seizure], fmt: str) -> tuple[bytes, str]:
    """The file and its content type; ``fmt`` is ``csv`` or ``xlsx`` (KeyError otherwise)."""
    content_type, write = EXPORT_FORMATS[fmt]
    return write(cen_rows(seizures)), content_type
