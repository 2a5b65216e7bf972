"""BAPLIE (bay plan): what is physically aboard and where, as cargo units only.

The header gives the voyage (TDT, LOC, DTM, RFF+VON); each stowage group starts with
LOC+147 (the cell, ISO bay-row-tier) and carries MEA weight, LOC+9/+11 ports and one EQD
with its seals. Every group becomes one cargo unit row. See README.md for the mapping.
"""

from __future__ import annotations

from datetime import datetime

from portcontrol.core.formats.edifact.common import (
    VoyageHeader,
    keep_first,
    location_code,
    number_text,
    weight_kg,
)
from portcontrol.core.formats.edifact.cuscar import (
    EQUIPMENT_KINDS,
    GROSS_WEIGHT,
    write_equipment,
    write_voyage_header,
)
from portcontrol.core.formats.edifact.envelope import MessageHeader
from portcontrol.core.formats.edifact.reading import read_messages
from portcontrol.core.formats.edifact.tokenizer import Segment
from portcontrol.core.formats.edifact.writer import InterchangeWriter
from portcontrol.core.manifest import ManifestBuilder
from portcontrol.core.records import Manifest


class BaplieReader:
    """Reads the segments of one BAPLIE message into cargo unit rows."""

    def __init__(self, builder: ManifestBuilder) -> None:
        self.builder = builder
        self.warn = builder.warn

    def start(self, header: MessageHeader) -> None:
        """Reset for a new message."""
        self.header = header
        self.voyage = VoyageHeader(header.place, self.warn)
        self.voyage_number = ""
        self.document_number = ""
        self.voyage_added = False
        self.unit: dict[str, str] | None = None
        self.unit_place = header.place
        self.seals: list[str] = []

    def segment(self, segment: Segment) -> None:
        """One segment: header segments until the first LOC+147, then stowage groups."""
        tag = segment.tag
        unit = self.unit
        if tag == "LOC":
            qualifier = segment.get(0).strip()
            if qualifier == "147":
                self._close_unit()
                self._commit_voyage()
                self.unit = {}
                keep_first(self.unit, "stowage_position", segment.get(1, 0).strip())
                self.unit_place = segment.place
            elif unit is None:
                self.voyage.loc(segment)
            elif qualifier in ("9", "11"):
                key = "loading_port" if qualifier == "9" else "discharge_port"
                keep_first(unit, key, location_code(segment, self.warn))
        elif unit is None:
            self._header(segment)
        elif tag == "MEA":
            measured = segment.get(1, 0).strip().upper() or segment.get(0).strip().upper()
            if measured in GROSS_WEIGHT:
                keep_first(unit, "cargo_unit_gross_weight_kg", weight_kg(segment, self.warn))
        elif tag == "EQD":
            if "cargo_unit_id" in unit:
                self.warn(
                    segment.place,
                    "edifact.second_eqd",
                    "a second EQD in one stowage cell is ignored",
                )
                return
            code = segment.get(0).strip().upper()
            keep_first(unit, "cargo_unit_id", segment.get(1, 0).strip())
            keep_first(unit, "cargo_unit_type", EQUIPMENT_KINDS.get(code, code and "other"))
            keep_first(unit, "size_type", segment.get(2, 0).strip())
            full_empty = segment.get(5).strip()
            if full_empty in ("4", "5"):
                unit["is_empty"] = "true" if full_empty == "4" else "false"
        elif tag == "SEL":
            seal = segment.get(0, 0).strip()
            if seal and seal not in self.seals:
                self.seals.append(seal)
        elif tag == "TPL":
            keep_first(unit, "vehicle_plate", segment.get(0, 0).strip())

    def _header(self, segment: Segment) -> None:
        tag = segment.tag
        if tag == "TDT":
            self.voyage.tdt(segment)
        elif tag == "DTM":
            self.voyage.dtm(segment)
        elif tag == "RFF":
            self.voyage.rff(segment)
        elif tag == "BGM":
            self.document_number = segment.get(1).strip()
        elif tag == "NAD" and segment.get(0).strip().upper() == "CA":
            self.voyage.carrier(segment.get(1, 0).strip())

    def _commit_voyage(self) -> None:
        if self.voyage_added:
            return
        self.voyage_added = True
        fields = self.voyage.finish(self.document_number or self.header.reference)
        self.voyage_number = fields["voyage_number"]
        self.builder.add_voyage(fields, self.voyage.place)

    def _close_unit(self) -> None:
        unit = self.unit
        if unit is None:
            return
        self.unit = None
        if self.seals:
            unit["seals"] = ";".join(self.seals)
            self.seals = []
        if "cargo_unit_id" not in unit:
            self.warn(
                self.unit_place,
                "edifact.stowage_without_equipment",
                f"stowage cell {unit.get('stowage_position', '')!r} has no EQD; "
                f"no cargo unit to record",
            )
            return
        unit["voyage_number"] = self.voyage_number
        self.builder.add_cargo_unit_row(unit, self.unit_place)

    def end(self) -> None:
        """Flush the last stowage group."""
        self._close_unit()
        self._commit_voyage()


def read_baplie(data: bytes, *, name: str = "") -> Manifest:
    """Read a BAPLIE interchange into a manifest of cargo units, or raise ReadError."""
    return read_messages(data, "BAPLIE", ManifestBuilder("baplie"), BaplieReader)


def write_baplie(
    manifest: Manifest,
    *,
    charset: str = "UNOW",
    sender: str = "PORTCONTROL",
    recipient: str = "CUSTOMS",
    reference: str | None = None,
    prepared: datetime | None = None,
    line_breaks: bool = True,
) -> bytes:
    """One BAPLIE message per voyage, one stowage group (LOC+147) per cargo unit."""
    writer = InterchangeWriter(
        charset=charset,
        sender=sender,
        recipient=recipient,
        reference=reference,
        prepared=prepared,
        line_breaks=line_breaks,
    )
    for index, voyage in enumerate(manifest.voyages, start=1):
        writer.begin_message(str(index), "BAPLIE", "D", "95B", "SMDG20")
        writer.add("BGM", None, voyage.number, "9")
        write_voyage_header(writer, voyage)
        for unit in manifest.cargo_units:
            if unit.voyage_number != voyage.number:
                continue
            writer.add("LOC", "147", [unit.stowage_position or "", None, "5"])
            if unit.gross_weight_kg is not None:
                writer.add("MEA", "WT", None, ["KGM", number_text(unit.gross_weight_kg)])
            if unit.loading_port:
                writer.add("LOC", "9", [unit.loading_port, "139", "6"])
            if unit.discharge_port:
                writer.add("LOC", "11", [unit.discharge_port, "139", "6"])
            write_equipment(writer, unit, weight=False)
        writer.end_message()
    return writer.to_bytes()
