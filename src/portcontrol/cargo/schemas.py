"""Pydantic schemas of the cargo API: what each endpoint answers."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    code: str
    detail: str
    details: Any | None = None


class IssueOut(Schema):
    place: str
    code: str
    message: str
    severity: str


class RejectedOut(Schema):
    id: int
    kind: str
    place: str
    line: int | None
    status: str
    reasons: list[dict[str, Any]]
    fields: dict[str, str]


class ImportOut(Schema):
    id: int
    file_name: str
    sha256: str
    size: int
    status: str
    stage: str
    format: str
    progress_done: int
    progress_total: int
    percent: int
    counts: dict[str, Any]
    warning_count: int
    error: str
    repeated: bool
    created_at: datetime
    finished_at: datetime | None


class ImportDetailOut(ImportOut):
    rejected: list[RejectedOut]
    warnings: list[IssueOut]


class VoyageOut(Schema):
    id: int
    number: str
    transport_mode: str
    vessel_name: str
    imo: str
    carrier: str
    departure_port: str
    arrival_port: str
    transit_ports: list[str]
    departure_time: datetime | None
    arrival_time: datetime | None


class VoyageListItemOut(VoyageOut):
    document_count: int
    cargo_unit_count: int
    person_count: int


class CargoUnitOut(Schema):
    id: int
    identifier: str
    kind: str
    size_type: str
    seals: list[str]
    vehicle_plate: str
    is_empty: bool
    gross_weight_kg: Decimal | None
    stowage_position: str
    issues: list[dict[str, Any]]


class DocumentOut(Schema):
    id: int
    number: str
    kind: str
    version: int
    is_current: bool
    loading_port: str
    discharge_port: str


class PersonOut(Schema):
    id: int
    role: str
    family_name: str
    given_names: str
    date_of_birth: date | None
    nationality: str
    document_type: str
    document_number: str
    vehicle_plate: str


class PartyOut(Schema):
    id: int
    role: str
    name: str
    address: str
    country: str
    tax_id: str
    document_number: str | None
    voyage_id: int


class VoyageDetailOut(VoyageOut):
    documents: list[DocumentOut]
    cargo_units: list[CargoUnitOut]
    persons: list[PersonOut]
    parties: list[PartyOut]


class ConsignmentOut(Schema):
    id: int
    voyage_id: int
    document_number: str
    document_version: int
    item_number: int
    hs_code: str
    hs_description: str
    description: str
    packages: int | None
    package_type: str
    gross_weight_kg: Decimal | None
    net_weight_kg: Decimal | None
    value: Decimal | None
    currency: str
    origin_country: str
    cargo_units: list[str]


class VoyagePage(Schema):
    count: int
    items: list[VoyageListItemOut]


class ConsignmentPage(Schema):
    count: int
    items: list[ConsignmentOut]


class SearchOut(Schema):
    cargo_units: list[CargoUnitOut]
    parties: list[PartyOut]
    persons: list[PersonOut]
    consignments: list[ConsignmentOut]
