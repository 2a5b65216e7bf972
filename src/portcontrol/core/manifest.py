"""The one place where raw field values become validated records.

Every reader (CSV/XLSX, JSON, EDIFACT) only finds the fields and their places; it hands them to a
:class:`ManifestBuilder` under the canonical field names below. The builder validates each item,
keeps it with warnings, or rejects it with its reasons and fields, so that validation is the same
for every format and a rejected item can be corrected and re-submitted through the same path.

Canonical field names (also the column names of the CSV/XLSX template):
"""

from __future__ import annotations

from collections.abc import Mapping

from portcontrol.core.errors import Issue, Place, Severity
from portcontrol.core.progress import item_read
from portcontrol.core.records import (
    CargoUnit,
    Consignment,
    Manifest,
    Party,
    Person,
    Rejected,
    TransportDocument,
    Voyage,
)

VOYAGE_FIELDS = (
    "voyage_number", "transport_mode", "vessel_name", "vessel_imo", "carrier",
    "departure_port", "arrival_port", "transit_ports", "departure_time", "arrival_time",
)
DOCUMENT_FIELDS = ("document_number", "document_type", "loading_port", "discharge_port")
PARTY_ROLES = ("shipper", "consignee", "notify")
PARTY_FIELDS = tuple(
    f"{role}_{part}" for role in PARTY_ROLES for part in ("name", "address", "country", "tax_id")
)
GOODS_FIELDS = (
    "item_number", "hs_code", "goods_description", "packages", "package_type",
    "gross_weight_kg", "net_weight_kg", "value", "currency", "origin_country",
)
CARGO_UNIT_FIELDS = (
    "cargo_unit_id", "cargo_unit_type", "size_type", "seals", "vehicle_plate", "is_empty",
    "cargo_unit_gross_weight_kg", "stowage_position",
)
# One row of the consignment template: the voyage, the document, its parties, one goods item
# and the cargo unit(s) it travels in (several identifiers separated by ";").
CONSIGNMENT_ROW_FIELDS = (
    VOYAGE_FIELDS + DOCUMENT_FIELDS + PARTY_FIELDS + GOODS_FIELDS + CARGO_UNIT_FIELDS
)
PERSON_FIELDS = (
    "voyage_number", "person_role", "family_name", "given_names", "date_of_birth",
    "nationality", "gender", "travel_document_type", "travel_document_number", "vehicle_plate",
)
# A cargo unit known without goods (an empty container, a bay plan entry).
CARGO_UNIT_ROW_FIELDS = ("voyage_number",) + CARGO_UNIT_FIELDS + ("loading_port", "discharge_port")

Fields = Mapping[str, str | None]


class ManifestBuilder:
    """Collects validated records from raw fields; duplicates of a key are merged, not repeated."""

    def __init__(self, format: str) -> None:
        self.manifest = Manifest(format=format)
        self._voyages: dict[str, Voyage] = {}
        self._documents: dict[str, TransportDocument] = {}
        self._cargo_units: dict[tuple[str, str], CargoUnit] = {}
        self._parties: dict[tuple[str, str, str], Party] = {}

    def warn(self, place: Place, code: str, message: str) -> None:
        """A file-level warning: layout, control counts, encodings."""
        self.manifest.issues.append(Issue(place, code, message, Severity.WARNING))

    def add_consignment_row(self, fields: Fields, place: Place) -> Consignment | None:
        """Validate one goods item with its voyage, document, parties and cargo units."""
        from portcontrol.core.validation import build_consignment_row

        item_read()
        return build_consignment_row(self, fields, place)

    def add_cargo_unit_row(self, fields: Fields, place: Place) -> CargoUnit | None:
        """Validate one cargo unit known without goods (bay plan, empty container)."""
        from portcontrol.core.validation import build_cargo_unit_row

        item_read()
        return build_cargo_unit_row(self, fields, place)

    def add_person_row(self, fields: Fields, place: Place) -> Person | None:
        """Validate one driver, passenger or crew member."""
        from portcontrol.core.validation import build_person_row

        item_read()
        return build_person_row(self, fields, place)

    def add_voyage(self, fields: Fields, place: Place) -> Voyage | None:
        """Validate a voyage given on its own (EDIFACT header, JSON conveyance)."""
        from portcontrol.core.validation import build_voyage

        return build_voyage(self, fields, place)

    def reject(self, kind: str, fields: Fields, place: Place, reasons: list[Issue]) -> None:
        """Keep an item that cannot be stored, with its reasons, for correction."""
        kept = {key: value for key, value in fields.items() if value not in (None, "")}
        self.manifest.rejected.append(Rejected(kind, place, reasons, kept))  # type: ignore[arg-type]

    def build(self) -> Manifest:
        """The manifest, records in file order."""
        return self.manifest
