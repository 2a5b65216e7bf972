"""Writing interchanges: escaping, UNA/UNB/UNZ, UNH/UNT with correct counts, character sets.

>>> writer = InterchangeWriter(charset="UNOC", reference="7", prepared=datetime(2024, 5, 1))
>>> writer.begin_message("1", "CUSCAR", "D", "95B")
>>> writer.add("FTX", "AAA", None, None, ["BOLTS+NUTS", "O'NEIL"])
>>> writer.end_message()
>>> print(writer.to_bytes().decode("latin-1"))
UNA:+.? '
UNB+UNOC:3+PORTCONTROL+CUSTOMS+240501:0000+7'
UNH+1+CUSCAR:D:95B:UN'
FTX+AAA+++BOLTS?+NUTS:O?'NEIL'
UNT+3+1'
UNZ+1+7'
<BLANKLINE>
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import datetime

from portcontrol.core.errors import PortControlError
from portcontrol.core.formats.edifact.charsets import SYNTAX_CHARSETS
from portcontrol.core.formats.edifact.tokenizer import ServiceCharacters

WRITABLE_CHARSETS = ("UNOW", "UNOY", "UNOE", "UNOC", "UNOB", "UNOA")
Element = str | None | Sequence[str | None]


class WriteError(PortControlError):
    """A manifest cannot be written as asked (a character the chosen set cannot carry)."""


class InterchangeWriter:
    """Collects segments of one interchange and serialises them with correct control counts."""

    def __init__(
        self,
        *,
        charset: str = "UNOW",
        sender: str = "PORTCONTROL",
        recipient: str = "CUSTOMS",
        reference: str | None = None,
        prepared: datetime | None = None,
        line_breaks: bool = True,
    ) -> None:
        charset = charset.upper()
        if charset not in WRITABLE_CHARSETS:
            raise WriteError(
                f"cannot write character set {charset}; use one of {', '.join(WRITABLE_CHARSETS)}"
            )
        self.charset = charset
        self.codec = SYNTAX_CHARSETS[charset]
        self.chars = ServiceCharacters()
        self.sender, self.recipient = sender, recipient
        self.reference = reference
        self.prepared = prepared or datetime(2000, 1, 1)
        self.line_breaks = line_breaks
        self.body: list[str] = []
        self.messages = 0
        self._message_start: int | None = None
        self._message_reference = ""
        self._special = (
            self.chars.release or "?",
            self.chars.component,
            self.chars.element,
            self.chars.terminator,
        )

    def _escape(self, value: str) -> str:
        """Value with the release character before every service character."""
        if "\n" in value or "\r" in value:
            # EDIFACT data cannot hold line breaks; a space keeps the words apart.
            value = " ".join(value.split())
        for special in self._special:
            if special in value:
                release = self.chars.release or "?"
                value = "".join(release + ch if ch in self._special else ch for ch in value)
                break
        return value

    def _element(self, element: Element) -> str:
        if element is None:
            return ""
        if isinstance(element, str):
            return self._escape(element)
        parts = ["" if part is None else self._escape(part) for part in element]
        while parts and not parts[-1]:
            parts.pop()
        return self.chars.component.join(parts)

    def add(self, tag: str, *elements: Element) -> None:
        """Append one segment; trailing empty elements and components are left out."""
        parts = [self._element(element) for element in elements]
        while parts and not parts[-1]:
            parts.pop()
        self.body.append(self.chars.element.join([tag, *parts]))

    def begin_message(
        self,
        reference: str,
        message_type: str,
        version: str,
        release: str,
        association: str | None = None,
    ) -> None:
        """Open a message with UNH."""
        self._message_start = len(self.body)
        self._message_reference = reference
        self.add("UNH", reference, [message_type, version, release, "UN", association])

    def end_message(self) -> None:
        """Close the open message with UNT carrying its segment count."""
        assert self._message_start is not None, "no open message"
        count = len(self.body) - self._message_start + 1
        self.add("UNT", str(count), self._message_reference)
        self._message_start = None
        self.messages += 1

    def to_bytes(self) -> bytes:
        """The interchange, encoded in the chosen set; WriteError for what it cannot carry."""
        version = "4" if self.charset in ("UNOW", "UNOY") else "3"
        reference = self.reference or str(zlib.crc32("\n".join(self.body).encode("utf-8")))
        header = ServiceCharacters().advice()
        unb = self.chars.element.join(
            [
                "UNB",
                f"{self.charset}:{version}",
                self._escape(self.sender),
                self._escape(self.recipient),
                self.prepared.strftime("%y%m%d:%H%M"),
                self._escape(reference),
            ]
        )
        unz = self.chars.element.join(["UNZ", str(self.messages), self._escape(reference)])
        separator = self.chars.terminator + ("\n" if self.line_breaks else "")
        text = (
            header
            + ("\n" if self.line_breaks else "")
            + separator.join([unb, *self.body, unz])
            + separator
        )
        try:
            return text.encode(self.codec)
        except UnicodeEncodeError as error:
            character = error.object[error.start]
            start = error.object.rfind(self.chars.terminator, 0, error.start) + 1
            stop = error.object.find(self.chars.terminator, error.start)
            segment = error.object[start:stop].strip()
            raise WriteError(
                f"character {character!r} in segment {segment!r} cannot be written in "
                f"{self.charset} ({self.codec}); choose UNOW"
            ) from error
