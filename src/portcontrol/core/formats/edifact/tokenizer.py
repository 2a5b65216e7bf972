"""A tolerant, fast tokenizer for UN/EDIFACT interchanges.

It splits decoded text into :class:`Segment` objects carrying their line number, and accepts
what real files contain: line breaks and indentation around segments, spaces around segment
tags, lines wrapped inside segments, a release character, unusual separators declared in UNA.

Speed comes from splitting with ``str.split`` in chunks (the C loop does the scanning) and
from taking a slow, character-by-character path only for the rare segments that contain the
release character.

>>> chars = ServiceCharacters()
>>> [str(s) for s in Tokenizer("UNH+1+CUSCAR:D:95B:UN'\\n  FTX+AAA+++BOLTS?+NUTS'", chars)]
['UNH+1+CUSCAR:D:95B:UN (line 1)', 'FTX+AAA+++BOLTS+NUTS (line 2)']
"""

from __future__ import annotations

import codecs
from collections.abc import Iterator
from dataclasses import dataclass
from typing import cast

from portcontrol.core.errors import Place

# Text is split in pieces of this many characters: large enough that str.split does the work,
# small enough that a file of a million consignments never exists as one list of segments.
CHUNK_SIZE = 1 << 20


@dataclass(frozen=True, slots=True)
class ServiceCharacters:
    """The separators of an interchange, as UNA declares them (ISO 9735 level A defaults)."""

    component: str = ":"
    element: str = "+"
    decimal: str = "."
    release: str | None = "?"
    repetition: str = " "
    terminator: str = "'"

    @classmethod
    def from_una(cls, advice: str) -> ServiceCharacters:
        """The characters of the six positions after ``UNA``; a space as release means none."""
        component, element, decimal, release, repetition, terminator = (
            advice[0],
            advice[1],
            advice[2],
            advice[3],
            advice[4],
            advice[5],
        )
        return cls(
            component, element, decimal, None if release == " " else release, repetition, terminator
        )

    def clashes(self) -> str | None:
        """Why these characters cannot separate anything, or None when they can."""
        used = [self.component, self.element, self.terminator]
        if self.release is not None:
            used.append(self.release)
        if len(set(used)) != len(used):
            return "UNA declares the same character for two different separators"
        if any(ch.isalnum() for ch in used):
            return "UNA declares a letter or digit as a separator"
        if not all(ch.isascii() for ch in used):
            # Separators are searched in the raw bytes before decoding: they must be ASCII.
            return "UNA declares a separator outside ASCII"
        return None

    def advice(self) -> str:
        """The UNA segment that declares these characters."""
        return (
            "UNA"
            + self.component
            + self.element
            + self.decimal
            + (self.release or " ")
            + self.repetition
            + self.terminator
        )


# ISO 9735 level B defaults (no UNA, syntax UNOB): information separators, no release character.
LEVEL_B = ServiceCharacters("\x1f", "\x1d", ".", None, " ", "\x1c")


class Segment:
    """One segment: its tag, its data elements, its line and its number in the message.

    An element is a plain string, or a list of strings when it has components. ``number`` is
    the position within the message (UNH is 1), set by the envelope; 0 outside messages.
    """

    __slots__ = ("tag", "elements", "line", "number")

    def __init__(self, tag: str, elements: list[str | list[str]], line: int) -> None:
        self.tag = tag
        self.elements = elements
        self.line = line
        self.number = 0

    def get(self, element: int, component: int = 0) -> str:
        """Component ``component`` of data element ``element`` (both from 0), or ""."""
        # Asked for a few dozen times per consignment: indexing and catching the rare miss
        # costs less than measuring lengths first.
        try:
            value = self.elements[element]
        except IndexError:
            return ""
        if type(value) is str:
            return value if component == 0 else ""
        try:
            return value[component]
        except IndexError:
            return ""

    def components(self, element: int) -> list[str]:
        """All components of data element ``element``; [] when absent."""
        if element >= len(self.elements):
            return []
        value = self.elements[element]
        return [value] if isinstance(value, str) else value

    @property
    def place(self) -> Place:
        """Where this segment is, for warnings: line, segment number and tag."""
        return Place(line=self.line, segment=self.number or None, tag=self.tag)

    def __repr__(self) -> str:
        return f"Segment({self.tag!r}, {self.elements!r}, line={self.line})"

    def __str__(self) -> str:
        parts = [self.tag]
        for value in self.elements:
            parts.append(value if isinstance(value, str) else ":".join(value))
        return "+".join(parts) + f" (line {self.line})"


def _plain(chunk: str, pending: str, release: str | None) -> bool:
    """No carriage return and no release character in a chunk and what came before it."""
    if "\r" in chunk or "\r" in pending:
        return False
    return release is None or (release not in chunk and release not in pending)


def _odd_release_run(text: str, release: str) -> bool:
    """Whether ``text`` ends in an odd number of release characters (the last one escapes)."""
    count = len(text) - len(text.rstrip(release))
    return count % 2 == 1


def _split_released(text: str, separator: str, release: str) -> list[str]:
    """Split at separators not escaped by the release character; release characters stay."""
    parts: list[str] = []
    current: list[str] = []
    escaped = False
    for ch in text:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == release:
            current.append(ch)
            escaped = True
        elif ch == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return parts


def _unrelease(text: str, release: str) -> str:
    """Drop each release character, keeping the character it escapes."""
    if release not in text:
        return text
    out: list[str] = []
    escaped = False
    for ch in text:
        if ch == release and not escaped:
            escaped = True
            continue
        out.append(ch)
        escaped = False
    return "".join(out)


class Tokenizer:
    """Iterates over the segments of EDIFACT text, from ``start`` up to ``end``.

    ``source`` is decoded text, or bytes with the ``codec`` to decode them with: bytes are
    decoded one chunk at a time, so a large file never exists twice in memory.
    After iteration, ``unterminated`` tells whether the text ended inside a segment (no final
    terminator), which the envelope reports when that segment is not a complete trailer.
    """

    def __init__(
        self,
        source: str | bytes,
        chars: ServiceCharacters,
        start: int = 0,
        first_line: int = 1,
        *,
        codec: str = "utf-8",
        end: int | None = None,
    ) -> None:
        self.source = source
        self.chars = chars
        self.start = start
        self.end = len(source) if end is None else min(end, len(source))
        self.first_line = first_line
        self.codec = codec
        self.unterminated = False

    def _chunks(self) -> Iterator[str]:
        """The text from ``start`` to ``end`` in chunks, decoded on the way when it is bytes."""
        source, position, end = self.source, self.start, self.end
        if isinstance(source, str):
            while position < end:
                yield source[position : min(position + CHUNK_SIZE, end)]
                position += CHUNK_SIZE
            return
        # Replacement characters stand in for bytes the codec has no character for; the
        # envelope has already chosen the codec that fits the bytes best.
        decoder = codecs.getincrementaldecoder(self.codec)(errors="replace")
        while position < end:
            chunk_end = min(position + CHUNK_SIZE, end)
            yield decoder.decode(source[position:chunk_end], final=chunk_end == end)
            position = chunk_end

    def __iter__(self) -> Iterator[Segment]:
        """Segments in file order; blank pieces (doubled terminators) are skipped."""
        chars = self.chars
        terminator, release = chars.terminator, chars.release
        # Newlines inside the terminator itself (a file using "\n" as terminator) count too.
        terminator_lines = terminator.count("\n")
        line = self.first_line
        pending = ""
        carry = ""
        make = self._segment
        element, component = chars.element, chars.component
        for chunk in self._chunks():
            pieces = chunk.split(terminator)
            pieces[0] = pending + pieces[0]
            if not carry and _plain(chunk, pending, release):
                pending = pieces.pop()
                # No release character and no carriage return anywhere: the usual file.
                for piece in pieces:
                    body = piece.lstrip()
                    newlines = piece.count("\n")
                    if body:
                        if not newlines:
                            segment_line, inner = line, False
                        elif newlines == 1 and piece[0] == "\n":
                            # One segment a line, the most usual layout of all.
                            segment_line, inner = line + 1, False
                        else:
                            segment_line = line + piece.count("\n", 0, len(piece) - len(body))
                            inner = True
                        body = body.rstrip()
                        if (inner and "\n" in body) or element not in body:
                            segment = make(body, segment_line)
                            if segment is not None:
                                yield segment
                        else:
                            parts = body.split(element)
                            tag = parts[0]
                            if len(tag) != 3 or not tag.isupper():
                                tag = tag.strip().upper()
                                if not tag:
                                    line += newlines + terminator_lines
                                    continue
                            elements: list[str | list[str]]
                            if component in body:
                                elements = [
                                    p.split(component) if component in p else p for p in parts[1:]
                                ]
                            else:
                                # No composite element: the pieces after the tag as they are.
                                del parts[0]
                                elements = cast("list[str | list[str]]", parts)
                            yield Segment(tag, elements, segment_line)
                    line += newlines + terminator_lines
                continue
            pending = pieces.pop()
            for piece in pieces:
                if carry:
                    piece = carry + piece
                    carry = ""
                if (
                    release is not None
                    and piece.endswith(release)
                    and _odd_release_run(piece, release)
                ):
                    # The terminator was escaped: it belongs to the data of this segment.
                    carry = piece + terminator
                    continue
                body = piece.lstrip()
                newlines = piece.count("\n")
                if body:
                    segment_line = line
                    if newlines:
                        segment_line += piece.count("\n", 0, len(piece) - len(body))
                    body = body.rstrip()
                    if (
                        "\n" in body
                        or "\r" in body
                        or (release is not None and release in body)
                        or element not in body
                    ):
                        segment = make(body, segment_line)
                        if segment is not None:
                            yield segment
                    else:
                        # The common case, inlined for speed: no release, no line break inside.
                        parts = body.split(element)
                        tag = parts[0]
                        if len(tag) != 3 or not tag.isupper():
                            tag = tag.strip().upper()
                            if not tag:
                                line += newlines + terminator_lines
                                continue
                        yield Segment(
                            tag,
                            [p.split(component) if component in p else p for p in parts[1:]],
                            segment_line,
                        )
                line += newlines + terminator_lines
            if carry:
                pending = carry + pending
                carry = ""
        body = pending.lstrip()
        if body:
            self.unterminated = True
            segment = make(body, line + pending.count("\n", 0, len(pending) - len(body)))
            if segment is not None:
                yield segment

    def _segment(self, body: str, line: int) -> Segment | None:
        """One segment from its text without terminator; None for an empty tag."""
        chars = self.chars
        body = body.rstrip()
        if "\n" in body or "\r" in body:
            # A segment wrapped over several lines: line breaks are not data in EDIFACT.
            body = body.replace("\r", "").replace("\n", "")
        release = chars.release
        if release is not None and release in body:
            return self._released_segment(body, line)
        parts = body.split(chars.element)
        tag = parts[0].strip().upper()
        if not tag:
            return None
        component = chars.component
        elements: list[str | list[str]] = [
            part.split(component) if component in part else part for part in parts[1:]
        ]
        return Segment(tag, elements, line)

    def _released_segment(self, body: str, line: int) -> Segment | None:
        """The slow path: separators may be escaped by the release character."""
        chars = self.chars
        release = chars.release
        assert release is not None
        parts = _split_released(body, chars.element, release)
        tag = _unrelease(parts[0], release).strip().upper()
        if not tag:
            return None
        elements: list[str | list[str]] = []
        for part in parts[1:]:
            components = _split_released(part, chars.component, release)
            if len(components) == 1:
                elements.append(_unrelease(part, release))
            else:
                elements.append([_unrelease(value, release) for value in components])
        return Segment(tag, elements, line)
