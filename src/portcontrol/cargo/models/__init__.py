"""Models of the cargo app: imports (files, runs, issues, quarantine) and manifest records."""

from portcontrol.cargo.models.imports import Import, ImportFile, ImportIssue, QuarantineItem
from portcontrol.cargo.models.records import (
    CargoUnit,
    Consignment,
    ConsignmentCargoUnit,
    Party,
    Person,
    TransportDocument,
    Voyage,
)

__all__ = [
    "CargoUnit",
    "Consignment",
    "ConsignmentCargoUnit",
    "Import",
    "ImportFile",
    "ImportIssue",
    "Party",
    "Person",
    "QuarantineItem",
    "TransportDocument",
    "Voyage",
]
