"""Typed records of a manifest, named after the WCO Data Model vocabulary.

Records point at each other by business keys (voyage number, transport document number,
cargo unit identifier), never by database ids: the core knows nothing of storage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from portcontrol.core.errors import Issue, Place


class TransportMode(StrEnum):
    SEA = "sea"
    FERRY = "ferry"
    RAIL = "rail"
    ROAD = "road"


class CargoUnitKind(StrEnum):
    CONTAINER = "container"
    TRAILER = "trailer"
    TRUCK = "truck"
    RAIL_WAGON = "rail_wagon"
    OTHER = "other"


class PartyRole(StrEnum):
    SHIPPER = "shipper"
    CONSIGNEE = "consignee"
    NOTIFY = "notify"
    CARRIER = "carrier"
    HAULIER = "haulier"
    DECLARANT = "declarant"


class PersonRole(StrEnum):
    DRIVER = "driver"
    PASSENGER = "passenger"
    CREW = "crew"


class DocumentKind(StrEnum):
    MASTER_BILL = "master_bill"
    HOUSE_BILL = "house_bill"
    SEA_WAYBILL = "sea_waybill"
    ROAD_CONSIGNMENT_NOTE = "cmr"
    RAIL_WAYBILL = "rail_waybill"
    OTHER = "other"


@dataclass(slots=True)
class Voyage:
    """One movement of a conveyance (vessel, ferry, train) between two places."""

    number: str
    transport_mode: TransportMode = TransportMode.SEA
    vessel_name: str | None = None
    imo: str | None = None
    carrier: str | None = None
    departure_port: str | None = None
    arrival_port: str | None = None
    transit_ports: list[str] = field(default_factory=list)
    departure_time: datetime | None = None
    arrival_time: datetime | None = None
    place: Place = field(default_factory=Place)
    issues: list[Issue] = field(default_factory=list)


@dataclass(slots=True)
class TransportDocument:
    """A master or house bill of lading, waybill or consignment note."""

    number: str
    voyage_number: str
    kind: DocumentKind = DocumentKind.MASTER_BILL
    loading_port: str | None = None
    discharge_port: str | None = None
    place: Place = field(default_factory=Place)
    issues: list[Issue] = field(default_factory=list)


@dataclass(slots=True)
class Consignment:
    """A goods item of a transport document."""

    document_number: str
    item_number: int
    hs_code: str | None = None
    description: str = ""
    packages: int | None = None
    package_type: str | None = None
    gross_weight_kg: Decimal | None = None
    net_weight_kg: Decimal | None = None
    value: Decimal | None = None
    currency: str | None = None
    origin_country: str | None = None
    cargo_unit_ids: list[str] = field(default_factory=list)
    place: Place = field(default_factory=Place)
    issues: list[Issue] = field(default_factory=list)


@dataclass(slots=True)
class CargoUnit:
    """A container, trailer, truck or rail wagon on a voyage, with its seals."""

    identifier: str
    voyage_number: str
    kind: CargoUnitKind = CargoUnitKind.CONTAINER
    size_type: str | None = None
    seals: list[str] = field(default_factory=list)
    vehicle_plate: str | None = None
    is_empty: bool = False
    gross_weight_kg: Decimal | None = None
    stowage_position: str | None = None
    loading_port: str | None = None
    discharge_port: str | None = None
    place: Place = field(default_factory=Place)
    issues: list[Issue] = field(default_factory=list)


@dataclass(slots=True)
class Party:
    """A shipper, consignee, notify party, carrier, haulier or declarant of a document."""

    role: PartyRole
    name: str
    document_number: str | None = None
    address: str | None = None
    country: str | None = None
    tax_id: str | None = None
    place: Place = field(default_factory=Place)
    issues: list[Issue] = field(default_factory=list)


@dataclass(slots=True)
class Person:
    """A driver, passenger or crew member on a voyage."""

    voyage_number: str
    role: PersonRole
    family_name: str
    given_names: str = ""
    date_of_birth: date | None = None
    nationality: str | None = None
    gender: str | None = None
    document_type: str | None = None
    document_number: str | None = None
    vehicle_plate: str | None = None
    place: Place = field(default_factory=Place)
    issues: list[Issue] = field(default_factory=list)


@dataclass(slots=True)
class Rejected:
    """An item that could not be kept, with its reasons and its fields for correction.

    ``fields`` uses the canonical field names of :mod:`portcontrol.core.manifest`, so a
    corrected item goes back through the same builder as a fresh one.
    """

    kind: str  # "consignment", "cargo_unit", "person", "voyage"
    place: Place
    reasons: list[Issue]
    fields: dict[str, str]


@dataclass(slots=True)
class Manifest:
    """Everything one file yields: records, file-level warnings and rejected items."""

    format: str
    voyages: list[Voyage] = field(default_factory=list)
    documents: list[TransportDocument] = field(default_factory=list)
    consignments: list[Consignment] = field(default_factory=list)
    cargo_units: list[CargoUnit] = field(default_factory=list)
    parties: list[Party] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many records of each kind, as an import report shows them."""
        return {
            "voyages": len(self.voyages),
            "documents": len(self.documents),
            "consignments": len(self.consignments),
            "cargo_units": len(self.cargo_units),
            "parties": len(self.parties),
            "persons": len(self.persons),
            "rejected": len(self.rejected),
        }

    def warnings(self) -> list[Issue]:
        """File-level warnings and those attached to kept records, in file order."""
        found = list(self.issues)
        for group in (self.voyages, self.documents, self.consignments, self.cargo_units,
                      self.parties, self.persons):
            for record in group:
                found.extend(record.issues)
        return found
