"""The interchange envelope: UNA, UNB/UNZ, UNG/UNE, UNH/UNT, character sets, control counts.

:func:`read_interchange` decodes the bytes, walks the segments once and hands every message's
segments to a :class:`MessageReader` chosen by message type. It is tolerant of layout and
strict in reporting: a wrong count or reference is a warning with its place, a message that
the file cut short is dropped with a warning, and only a file with nothing readable in it
raises :class:`ReadError`.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from portcontrol.core.errors import Place, ReadError
from portcontrol.core.formats.edifact.charsets import choose_codec
from portcontrol.core.formats.edifact.tokenizer import (
    LEVEL_B,
    Segment,
    ServiceCharacters,
    Tokenizer,
)

Warn = Callable[[Place, str, str], None]
SERVICE_TAGS = frozenset({"UNA", "UNB", "UNG", "UNH", "UNT", "UNE", "UNZ"})
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# How far into a file we look for UNA/UNB/UNH before deciding it is not EDIFACT at all.
_HEADER_WINDOW = 4096


@dataclass(frozen=True, slots=True)
class MessageHeader:
    """What UNH says about one message, and where it starts."""

    reference: str
    type: str
    version: str
    release: str
    place: Place
    group_reference: str | None = None


class MessageReader(Protocol):
    """Receives the segments of one message, between UNH and UNT."""

    def start(self, header: MessageHeader) -> None: ...

    def segment(self, segment: Segment) -> None: ...

    def end(self) -> None: ...


@dataclass(slots=True)
class Interchange:
    """What the envelope found: syntax, character set used, parties, what was read."""

    syntax_identifier: str = ""
    charset: str = ""
    sender: str = ""
    recipient: str = ""
    reference: str = ""
    chars: ServiceCharacters = field(default_factory=ServiceCharacters)
    messages_read: int = 0
    message_types: list[str] = field(default_factory=list)


def _strip_bom(data: bytes, warn: Warn) -> bytes:
    """The bytes without a byte-order mark; UTF-16 is re-encoded as UTF-8."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :]
    if data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ReadError(
                "the file starts with a UTF-16 byte-order mark but is not UTF-16",
                code="edifact.encoding",
            ) from error
        warn(Place(line=1), "edifact.utf16", "the file is UTF-16; read as Unicode")
        return text.encode("utf-8")
    return data


def _service_characters(head: str) -> tuple[ServiceCharacters, int, bool]:
    """Separators, offset of the first segment after UNA, and whether UNA was present."""
    if head.startswith("UNA"):
        if len(head) < 9:
            raise ReadError(
                "the UNA service string advice is cut short",
                Place(line=1, tag="UNA"),
                code="edifact.una",
            )
        chars = ServiceCharacters.from_una(head[3:9])
        clash = chars.clashes()
        if clash:
            raise ReadError(clash, Place(line=1, tag="UNA"), code="edifact.una")
        return chars, 9, True
    if head.startswith("UNB\x1d"):
        return LEVEL_B, 0, False
    return ServiceCharacters(), 0, False


def _not_edifact(head: str) -> ReadError:
    """The error for a file that does not start like an interchange."""
    shown = head[:20].encode("unicode_escape").decode("ascii")
    return ReadError(
        f"not a UN/EDIFACT interchange: it should start with UNA, UNB or UNH, it starts with "
        f"{shown!r}",
        Place(line=1),
        code="edifact.not_edifact",
    )


def _syntax_identifier(head: str, chars: ServiceCharacters, offset: int) -> str:
    """The syntax identifier (UNOC, UNOW, ...) of the UNB segment at the start of ``head``."""
    body = head[offset:].lstrip()
    end = body.find(chars.terminator)
    unb = body[: end if end >= 0 else len(body)]
    if not unb[:3].upper() == "UNB":
        return ""
    elements = unb.split(chars.element)
    if len(elements) < 2:
        return ""
    return elements[1].split(chars.component)[0].strip().upper()


_BLANKS = frozenset(b" \t\r\n")


def _segment_start(
    data: bytes, tag: str, chars: ServiceCharacters, begin: int, last: bool = False
) -> int:
    """Byte offset of a segment ``tag`` (first from ``begin``, or the last one); -1 if none.

    A real segment start follows a terminator (with optional white space) that is not
    escaped, and its tag is followed by a data element separator. Separators are ASCII
    (checked when UNA is read), so the bytes can be searched without decoding them.
    """
    return segment_start(data, tag, chars, begin, last=last)


def segment_start(
    data: bytes,
    tag: str,
    chars: ServiceCharacters,
    begin: int,
    *,
    last: bool = False,
    first: int | None = None,
    end: int | None = None,
) -> int:
    """As :func:`_segment_start`, the first one found in ``data[first:end]`` (``begin`` is
    where the segments start: the bytes before a tag are looked at back to it).
    """
    tag_bytes = tag.encode("ascii")
    terminator = ord(chars.terminator)
    release = ord(chars.release) if chars.release else -1
    element = chars.element.encode("ascii")
    stop = len(data) if end is None else end
    position = stop if last else (begin if first is None else first)
    while True:
        if last:
            position = data.rfind(tag_bytes, begin, position)
        else:
            position = data.find(tag_bytes, position, stop)
        if position < 0:
            return -1
        before = position - 1
        while before >= begin and data[before] in _BLANKS:
            before -= 1
        starts = before < begin
        if not starts and data[before] == terminator:
            escapes = before - 1
            while escapes >= begin and data[escapes] == release:
                escapes -= 1
            starts = (before - 1 - escapes) % 2 == 0
        after = data[position + len(tag_bytes) : position + len(tag_bytes) + 8].lstrip()
        if starts and after.startswith(element):
            return position
        if not last:
            position += len(tag_bytes)


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


class EnvelopeWalk:
    """One pass over the segments: opens and closes groups and messages, checks counts."""

    def __init__(
        self,
        interchange: Interchange,
        reader_for: Callable[[MessageHeader], MessageReader | None],
        warn: Warn,
    ) -> None:
        self.interchange = interchange
        self.reader_for = reader_for
        self.warn = warn
        self.unb: Segment | None = None
        self.unz_seen = False
        self.after_unz: list[Segment] = []
        self.groups = 0
        self.messages_outside_groups = 0
        self.group: Segment | None = None
        self.group_messages = 0
        self.message: Segment | None = None
        self.reader: MessageReader | None = None
        self.count = 0

    def run(self, segments: Tokenizer) -> None:
        """Walk all segments; message bodies go straight to their reader."""
        self.walk(segments)
        self.close()

    def walk(self, segments: Iterable[Segment]) -> None:
        """Walk some segments, the next ones of the file (a file may be walked in parts)."""
        for segment in segments:
            if self.message is not None:
                self.count += 1
                segment.number = self.count
                tag = segment.tag
                if tag not in SERVICE_TAGS:
                    if self.reader is not None:
                        self.reader.segment(segment)
                    continue
                if tag == "UNT":
                    self._close_message(segment)
                    continue
                segment.number = 0
                self._close_message(None, segment)
            self._service(segment)

    def close(self) -> None:
        """The file has no more segments: close what is open and report what is missing."""
        if self.message is not None:
            self._close_message(None)
        self._finish()

    def _service(self, segment: Segment) -> None:
        """A segment outside any message: envelope segments, or stray data."""
        tag, warn = segment.tag, self.warn
        if self.unz_seen:
            self.after_unz.append(segment)
            return
        if tag == "UNB":
            if self.unb is not None:
                warn(
                    segment.place,
                    "edifact.unb_repeated",
                    "a second UNB inside the interchange is ignored",
                )
                return
            self.unb = segment
        elif tag == "UNG":
            if self.group is not None:
                self._close_group(None)
            self.group, self.group_messages = segment, 0
            self.groups += 1
        elif tag == "UNE":
            self._close_group(segment)
        elif tag == "UNH":
            self._open_message(segment)
        elif tag == "UNZ":
            if self.group is not None:
                self._close_group(None)
            self._check_unz(segment)
            self.unz_seen = True
        elif tag == "UNT":
            warn(segment.place, "edifact.stray_unt", "UNT without a message (no UNH before it)")
        elif tag == "UNA":
            warn(segment.place, "edifact.stray_una", "UNA in the middle of the file is ignored")
        else:
            warn(
                segment.place,
                "edifact.outside_message",
                f"segment {tag} outside any message (UNH..UNT) is ignored",
            )

    def _open_message(self, segment: Segment) -> None:
        self.message = segment
        self.count = 1
        segment.number = 1
        if self.group is not None:
            self.group_messages += 1
        else:
            self.messages_outside_groups += 1
        message_type = segment.get(1, 0).strip().upper()
        header = MessageHeader(
            reference=segment.get(0),
            type=message_type,
            version=segment.get(1, 1),
            release=segment.get(1, 2),
            place=segment.place,
            group_reference=self.group.get(4) if self.group is not None else None,
        )
        self.interchange.message_types.append(message_type)
        self.reader = self.reader_for(header)
        if self.reader is not None:
            self.reader.start(header)

    def _close_message(self, unt: Segment | None, closed_by: Segment | None = None) -> None:
        """End the open message; check the UNT count and reference when there is a UNT."""
        message = self.message
        assert message is not None
        if unt is None:
            where = closed_by.place if closed_by is not None else message.place
            self.warn(
                where,
                "edifact.unt_missing",
                f"message {message.get(0)!r} (line {message.line}) has no UNT; "
                f"its segments are kept",
            )
        else:
            declared, reference = unt.get(0).strip(), unt.get(1).strip()
            if declared != str(self.count):
                self.warn(
                    unt.place,
                    "edifact.segment_count",
                    f"UNT declares {declared or 'no'} segments, the message has {self.count}",
                )
            if reference != message.get(0).strip():
                self.warn(
                    unt.place,
                    "edifact.message_reference",
                    f"UNT reference {reference!r} differs from UNH reference {message.get(0)!r}",
                )
        if self.reader is not None:
            self.reader.end()
            self.interchange.messages_read += 1
        self.message, self.reader = None, None

    def _close_group(self, une: Segment | None) -> None:
        group = self.group
        if group is None:
            if une is not None:
                self.warn(une.place, "edifact.stray_une", "UNE without UNG is ignored")
            return
        if une is None:
            self.warn(
                group.place,
                "edifact.une_missing",
                f"functional group {group.get(4)!r} (line {group.line}) has no UNE",
            )
        else:
            declared, reference = une.get(0).strip(), une.get(1).strip()
            if declared != str(self.group_messages):
                self.warn(
                    une.place,
                    "edifact.group_count",
                    f"UNE declares {declared or 'no'} messages, the group has "
                    f"{self.group_messages}",
                )
            if reference != group.get(4).strip():
                self.warn(
                    une.place,
                    "edifact.group_reference",
                    f"UNE reference {reference!r} differs from UNG reference {group.get(4)!r}",
                )
        self.group = None

    def _check_unz(self, unz: Segment) -> None:
        declared, reference = unz.get(0).strip(), unz.get(1).strip()
        # With functional groups UNZ counts groups (plus any message outside a group).
        expected = self.groups + self.messages_outside_groups
        if declared != str(expected):
            what = "groups" if self.groups else "messages"
            self.warn(
                unz.place,
                "edifact.interchange_count",
                f"UNZ declares {declared or 'no'} {what}, the interchange has {expected}",
            )
        if self.unb is not None and reference != self.unb.get(4).strip():
            self.warn(
                unz.place,
                "edifact.interchange_reference",
                f"UNZ reference {reference!r} differs from UNB reference {self.unb.get(4)!r}",
            )

    def _finish(self) -> None:
        if self.after_unz:
            first = self.after_unz[0]
            self.warn(
                first.place,
                "edifact.after_unz",
                f"{len(self.after_unz)} segment(s) after UNZ are ignored",
            )
        if self.group is not None:
            self._close_group(None)
        if not self.unz_seen:
            self.warn(
                Place(line=None, tag="UNZ"),
                "edifact.unz_missing",
                "the interchange has no UNZ trailer: the file may be cut short after its "
                "last complete message",
            )


@dataclass(slots=True)
class OpenedInterchange:
    """An interchange ready to be walked: its bytes, separators and codec, and the byte range
    of its segments (after UNA, before a message the file cut short).
    """

    data: bytes
    interchange: Interchange
    chars: ServiceCharacters
    codec: str
    start: int
    end: int

    def tokenizer(self, start: int | None = None, end: int | None = None) -> Tokenizer:
        """The segments from byte ``start`` (a segment start) to ``end``, lines counted."""
        begin = self.start if start is None else start
        return Tokenizer(
            self.data,
            self.chars,
            begin,
            _line_of(self.data, begin),
            codec=self.codec,
            end=self.end if end is None else end,
        )


def read_interchange(
    data: bytes, reader_for: Callable[[MessageHeader], MessageReader | None], warn: Warn
) -> Interchange:
    """Decode ``data``, walk its envelope and feed each message to ``reader_for(header)``.

    Steps:
    1. Drop a byte-order mark and leading white space; find UNA (separators) and UNB.
    2. Decode by the syntax identifier, or by the likely real set with a warning.
    3. When the last message has neither UNT nor UNZ after it, the file was cut short: that
       message is dropped with a warning (nothing half-read is kept).
    4. Walk the segments, checking UNB/UNZ, UNG/UNE and UNH/UNT counts and references.
    """
    opened = open_interchange(data, warn)
    walk = EnvelopeWalk(opened.interchange, reader_for, warn)
    walk.run(opened.tokenizer())
    return finish_interchange(opened, walk)


def open_interchange(data: bytes, warn: Warn) -> OpenedInterchange:
    """Steps 1 to 3 of :func:`read_interchange`; ReadError when ``data`` is no interchange."""
    if not data:
        raise ReadError("the file is empty", Place(), code="edifact.not_edifact")
    data = _strip_bom(data, warn)
    # Leading white space is skipped by offset: slicing would copy a large file.
    first = 0
    while first < len(data) and data[first] in _BLANKS:
        first += 1
    head = data[first : first + _HEADER_WINDOW].decode("latin-1")
    if not head.startswith(("UNA", "UNB", "UNH")):
        raise _not_edifact(head)
    chars, offset, _ = _service_characters(head)
    interchange = Interchange(chars=chars)
    identifier = _syntax_identifier(head, chars, offset)
    if not identifier:
        if head[offset:].lstrip()[:3].upper() != "UNH":
            raise _not_edifact(head[offset:].lstrip() or head)
        warn(
            Place(line=1),
            "edifact.unb_missing",
            "the interchange has no UNB header; read as UNOC (Latin-1)",
        )
        identifier = "UNOC"
    interchange.syntax_identifier = identifier
    codec, charset_warning = choose_codec(data, identifier)
    interchange.charset = codec
    if charset_warning:
        warn(Place(line=1, tag="UNB"), "edifact.charset", charset_warning)
    start = first + offset
    end = _truncation_cut(data, chars, start, warn)
    return OpenedInterchange(data, interchange, chars, codec, start, end)


def finish_interchange(opened: OpenedInterchange, walk: EnvelopeWalk) -> Interchange:
    """What the walk found about the interchange; ReadError when no message was read."""
    interchange = opened.interchange
    if walk.unb is not None:
        interchange.sender = walk.unb.get(1, 0)
        interchange.recipient = walk.unb.get(2, 0)
        interchange.reference = walk.unb.get(4)
    if interchange.messages_read == 0:
        if opened.end < len(opened.data):
            raise ReadError(
                "the file is cut short: it has no complete message",
                Place(line=_line_of(opened.data, opened.end), tag="UNH"),
                code="edifact.truncated",
            )
        raise ReadError(
            "the interchange holds no message of the expected type",
            Place(),
            code="edifact.no_message",
        )
    return interchange


def _truncation_cut(data: bytes, chars: ServiceCharacters, offset: int, warn: Warn) -> int:
    """Where the readable text ends: before a last message that has no UNT nor UNZ after it."""
    # With a UNZ anywhere the interchange has its trailer: what follows it is only reported.
    if _segment_start(data, "UNZ", chars, offset) >= 0:
        return len(data)
    last_unh = _segment_start(data, "UNH", chars, offset, last=True)
    if last_unh < 0 or _segment_start(data, "UNT", chars, last_unh) >= 0:
        return len(data)
    line = _line_of(data, last_unh)
    warn(
        Place(line=line, segment=1, tag="UNH"),
        "edifact.truncated",
        f"the file is cut short: the message starting at line {line} has no UNT and no UNZ "
        f"follows; that message is not read",
    )
    return last_unh


SUPPORTED_MESSAGES = ("CUSCAR", "BAPLIE", "PAXLST")
# The first message header sits near the start; a mebibyte leaves room for a huge UNB/UNG.
_DETECT_WINDOW = 1 << 20


def detect_message_type(data: bytes) -> str | None:
    """CUSCAR, BAPLIE or PAXLST when ``data`` is an interchange whose first UNH says so.

    >>> detect_message_type(b"UNA:+.? 'UNB+UNOC:3+A+B+240501:1200+1'UNH+1+PAXLST:D:02B:UN'")
    'PAXLST'
    >>> detect_message_type(b"\\xef\\xbb\\xbf UNB+UNOW:4+A+B+1+1'\\n UNH + 7+CUSCAR:D:95B:UN'")
    'CUSCAR'
    >>> detect_message_type(b"voyage_number,hs_code") is None
    True
    """
    try:
        head = data[:_DETECT_WINDOW]
        if head.startswith(codecs.BOM_UTF8):
            head = head[len(codecs.BOM_UTF8) :]
        head = head.lstrip()
        text = head[:_HEADER_WINDOW].decode("latin-1")
        if not text.startswith(("UNA", "UNB", "UNH")):
            return None
        chars, offset, _ = _service_characters(text)
        position = _segment_start(head, "UNH", chars, offset)
        if position < 0:
            return None
        for segment in Tokenizer(head, chars, position, codec="latin-1"):
            message_type = segment.get(1, 0).strip().upper()
            return message_type if message_type in SUPPORTED_MESSAGES else None
    except ReadError:
        return None
    return None
