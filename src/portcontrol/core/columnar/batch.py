"""What the columnar validator yields per batch, and its conversion to a records.Manifest."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl

from portcontrol.core.errors import Issue, Place, Severity
from portcontrol.core.records import (
    CargoUnit,
    CargoUnitKind,
    Consignment,
    DocumentKind,
    Manifest,
    Party,
    PartyRole,
    Rejected,
    TransportDocument,
    Voyage,
)

ISSUE_SCHEMA = {
    "line": pl.Int64,
    "segment": pl.Int64,
    "tag": pl.Utf8,
    "column": pl.Utf8,
    "code": pl.Utf8,
    "message": pl.Utf8,
    "severity": pl.Utf8,
    "record": pl.Utf8,  # voyage, document, party, cargo_unit, consignment
    "key": pl.Utf8,  # the record's business key, parts joined by KEY_SEPARATOR
}
KEY_SEPARATOR = "\x1f"


@dataclass(slots=True)
class ValidatedBatch:
    """One batch validated as one ManifestBuilder would: typed frames, issues, rejected rows.

    Frames: ``goods`` (one row per kept goods item), ``documents``, ``parties`` and
    ``cargo_units`` (one row per business key, first occurrence first, repeats merged),
    ``issues`` (warnings and rejection reasons, with the record they belong to) and
    ``rejected`` (line, place columns, ``record`` (consignment, cargo_unit or voyage),
    ``reasons`` and the raw fields of each rejected row). A goods item's issues are keyed by
    its ``row`` in the batch.
    """

    format: str
    voyages: list[Voyage]
    documents: pl.DataFrame
    parties: pl.DataFrame
    cargo_units: pl.DataFrame
    goods: pl.DataFrame
    issues: pl.DataFrame
    rejected: pl.DataFrame
    file_issues: list[Issue] = field(default_factory=list)

    def __reduce__(self) -> tuple[Any, ...]:
        """Frames are pickled as compressed Arrow IPC: a batch crosses from a worker process in
        a quarter of the bytes Polars' own pickling makes, and is read back faster.
        """
        frames = [_ipc(getattr(self, name)) for name in _FRAMES]
        return (_restore, (self.format, self.voyages, frames, self.file_issues))

    def counts(self) -> dict[str, int]:
        """How many records of each kind, as Manifest.counts() gives them."""
        return {
            "voyages": len(self.voyages),
            "documents": self.documents.height,
            "consignments": self.goods.height,
            "cargo_units": self.cargo_units.height,
            "parties": self.parties.height,
            "persons": 0,
            "rejected": self.rejected.height,
        }

    def warnings(self) -> pl.DataFrame:
        """Warnings of kept records (file-level warnings are in ``file_issues``)."""
        return self.issues.filter(
            (pl.col("severity") == "warning") & (pl.col("record") != "rejected")
        )

    def to_manifest(self) -> Manifest:
        """The same batch as records, for storage paths that take a Manifest."""
        attached = _issues_by_record(self.issues)
        manifest = Manifest(format=self.format, issues=list(self.file_issues))
        for voyage in self.voyages:
            manifest.voyages.append(voyage)
        for row in self.documents.iter_rows(named=True):
            key = row["number"]
            manifest.documents.append(
                TransportDocument(
                    row["number"],
                    row["voyage_number"],
                    DocumentKind(row["kind"]),
                    row["loading_port"],
                    row["discharge_port"],
                    _place(row),
                    attached.get(("document", key), []),
                )
            )
        for row in self.goods.iter_rows(named=True):
            manifest.consignments.append(
                Consignment(
                    row["document_number"],
                    row["item_number"],
                    row["hs_code"],
                    row["description"],
                    row["packages"],
                    row["package_type"],
                    _decimal(row["gross_weight_kg"]),
                    _decimal(row["net_weight_kg"]),
                    _decimal(row["value"]),
                    row["currency"],
                    row["origin_country"],
                    list(row["cargo_unit_ids"] or []),
                    _place(row),
                    attached.get(("consignment", str(row["row"])), []),
                )
            )
        for row in self.cargo_units.iter_rows(named=True):
            key = row["voyage_number"] + KEY_SEPARATOR + row["identifier"]
            manifest.cargo_units.append(
                CargoUnit(
                    row["identifier"],
                    row["voyage_number"],
                    CargoUnitKind(row["kind"]),
                    row["size_type"],
                    list(row["seals"] or []),
                    row["vehicle_plate"],
                    bool(row["is_empty"]),
                    _decimal(row["gross_weight_kg"]),
                    row["stowage_position"],
                    place=_place(row),
                    issues=attached.get(("cargo_unit", key), []),
                )
            )
        for row in self.parties.iter_rows(named=True):
            key = KEY_SEPARATOR.join((row["document_number"], row["role"], row["name"]))
            manifest.parties.append(
                Party(
                    PartyRole(row["role"]),
                    row["name"],
                    row["document_number"],
                    row["address"],
                    row["country"],
                    row["tax_id"],
                    _place(row),
                    attached.get(("party", key), []),
                )
            )
        manifest.rejected.extend(rejected_records(self.rejected))
        return manifest


_FRAMES = ("documents", "parties", "cargo_units", "goods", "issues", "rejected")


def _ipc(frame: pl.DataFrame) -> bytes:
    """A frame as LZ4-compressed Arrow IPC."""
    buffer = io.BytesIO()
    frame.write_ipc(buffer, compression="lz4")
    return buffer.getvalue()


def _restore(
    format: str, voyages: list[Voyage], frames: list[bytes], file_issues: list[Issue]
) -> ValidatedBatch:
    """A batch from what ``ValidatedBatch.__reduce__`` gave."""
    documents, parties, cargo_units, goods, issues, rejected = (
        pl.read_ipc(io.BytesIO(data)) for data in frames
    )
    return ValidatedBatch(
        format, voyages, documents, parties, cargo_units, goods, issues, rejected, file_issues
    )


def _decimal(value: Any) -> Decimal | None:
    """A frame's decimal text as a Decimal (None stays None)."""
    return None if value is None else Decimal(value)


def _place(row: dict[str, Any], column: str | None = None) -> Place:
    """The place of a frame row (line, or segment and tag for EDIFACT)."""
    return Place(row.get("line"), row.get("segment"), row.get("tag"), column)


def _issue(row: dict[str, Any]) -> Issue:
    """One row of an issues frame as an Issue."""
    return Issue(_place(row, row["column"]), row["code"], row["message"], Severity(row["severity"]))


def _issues_by_record(issues: pl.DataFrame) -> dict[tuple[str, str], list[Issue]]:
    """Issues of kept records grouped by (record kind, key), in the order they were found."""
    grouped: dict[tuple[str, str], list[Issue]] = {}
    for row in issues.filter(pl.col("record") != "rejected").iter_rows(named=True):
        grouped.setdefault((row["record"], row["key"]), []).append(_issue(row))
    return grouped


def rejected_records(rejected: pl.DataFrame) -> list[Rejected]:
    """Rows of a rejected frame as Rejected records (raw non-blank fields kept)."""
    found = []
    place_columns = {"line", "segment", "tag", "record", "reasons"}
    for row in rejected.iter_rows(named=True):
        reasons = [
            Issue(_place(row, reason["column"]), reason["code"], reason["message"], Severity.ERROR)
            for reason in row["reasons"]
        ]
        fields = {
            key: value
            for key, value in row.items()
            if key not in place_columns and value not in (None, "")
        }
        found.append(Rejected(row.get("record") or "consignment", _place(row), reasons, fields))
    return found
