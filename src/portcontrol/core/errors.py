"""Places, issues and the one documented error type of the readers.

Every reader either returns records (with warnings and rejected items attached) or raises
:class:`ReadError`. Nothing else escapes a reader: that is the contract the property-based
tests hold every reader to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Place:
    """Where in a file something was found: as precise as the format allows."""

    line: int | None = None
    segment: int | None = None
    tag: str | None = None
    column: str | None = None
    sheet: str | None = None
    pointer: str | None = None  # JSON pointer, for JSON files

    def __str__(self) -> str:
        parts: list[str] = []
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.segment is not None:
            parts.append(f"segment {self.segment}" + (f" ({self.tag})" if self.tag else ""))
        elif self.tag:
            parts.append(f"segment {self.tag}")
        if self.pointer is not None:
            parts.append(f"at {self.pointer or '/'}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts) or "whole file"

    def with_column(self, column: str) -> Place:
        """The same place, narrowed to one column or field."""
        return Place(self.line, self.segment, self.tag, column, self.sheet, self.pointer)


class Severity(StrEnum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Issue:
    """A warning kept with the data, or the reason an item was rejected.

    ``code`` is stable and machine-readable (``container.check_digit``); ``message`` is the
    human reason in English, naming the value at fault.
    """

    place: Place
    code: str
    message: str
    severity: Severity = Severity.WARNING

    def __str__(self) -> str:
        return f"{self.place}: {self.message}"


class PortControlError(Exception):
    """Base of every error PortControl raises on purpose."""


@dataclass
class ReadError(PortControlError):
    """A whole file (or what is left of it) cannot be read: nothing from it is stored."""

    reason: str
    place: Place = field(default_factory=Place)
    code: str = "file.unreadable"

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.place}: {self.reason}"
