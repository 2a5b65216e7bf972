"""Shared helpers of the EDIFACT tests: samples and a builder that records what it is given."""

from __future__ import annotations

from pathlib import Path

from portcontrol.core.errors import Place
from portcontrol.core.formats.edifact.baplie import BaplieReader
from portcontrol.core.formats.edifact.cuscar import CuscarReader
from portcontrol.core.formats.edifact.paxlst import PaxlstReader
from portcontrol.core.formats.edifact.reading import read_messages
from portcontrol.core.manifest import Fields, ManifestBuilder

SAMPLES = Path(__file__).parent / "samples"
READERS = {"CUSCAR": CuscarReader, "BAPLIE": BaplieReader, "PAXLST": PaxlstReader}


def sample(name: str) -> bytes:
    """The bytes of a sample file."""
    return (SAMPLES / name).read_bytes()


class RecordingBuilder(ManifestBuilder):
    """Collects (kind, fields, place) instead of validating: tests the mapping on its own."""

    def __init__(self, format: str = "edifact") -> None:
        super().__init__(format)
        self.rows: list[tuple[str, dict[str, str | None], Place]] = []

    def _record(self, kind: str, fields: Fields, place: Place) -> None:
        self.rows.append((kind, dict(fields), place))

    def add_voyage(self, fields: Fields, place: Place) -> None:  # type: ignore[override]
        self._record("voyage", fields, place)

    def add_consignment_row(self, fields: Fields, place: Place) -> None:  # type: ignore[override]
        self._record("consignment", fields, place)

    def add_cargo_unit_row(self, fields: Fields, place: Place) -> None:  # type: ignore[override]
        self._record("cargo_unit", fields, place)

    def add_person_row(self, fields: Fields, place: Place) -> None:  # type: ignore[override]
        self._record("person", fields, place)

    def of(self, kind: str) -> list[dict[str, str | None]]:
        """The fields of every row of one kind, in file order."""
        return [fields for row_kind, fields, _ in self.rows if row_kind == kind]

    def places(self, kind: str) -> list[Place]:
        """The places of every row of one kind, in file order."""
        return [place for row_kind, _, place in self.rows if row_kind == kind]

    def codes(self) -> list[str]:
        """Codes of the file-level warnings."""
        return [issue.code for issue in self.manifest.issues]


def record(data: bytes, message_type: str = "CUSCAR") -> RecordingBuilder:
    """Read ``data`` with a recording builder."""
    builder = RecordingBuilder()
    read_messages(data, message_type, builder, READERS[message_type])
    return builder


def edi(*segments: str, charset: str = "UNOC:3") -> bytes:
    """A small interchange around ``segments`` with correct UNT and UNZ counts."""
    body = list(segments)
    if body and body[0].startswith("UNH") and not body[-1].startswith("UNT"):
        reference = body[0].split("+")[1]
        body.append(f"UNT+{len(body) + 1}+{reference}")
    lines = [f"UNB+{charset}+SENDER+RECIPIENT+240501:0900+REF1", *body, "UNZ+1+REF1"]
    return ("UNA:+.? '\n" + "".join(f"{line}'\n" for line in lines)).encode("utf-8")
