"""A CUSCAR interchange cut into slices of CNI groups, so that several processes read it.

Reading (tokenizer and message mapping) costs more than validating, and it is one pass over
the file; to use every processor the interchange is cut at CNI segments into slices, and
each slice is read and validated on its own. The envelope (UNB/UNG/UNH/UNT counts and
references, message headers, control totals) is still walked once, in file order, over the
bytes between slices; what the envelope needs of a slice it gets from the slice's bytes
(its segment count) and from the slice's reader (the sums CNT totals are checked against).

Steps of :meth:`SlicedReading.run`:

1. Cut points: the first CNI segment at or after the start of the segments, then the first
   one at least ``slice_bytes`` further, and so on, and the last CNI of each message cut
   (none when the file is not larger than a slice). A slice runs from a cut point to the
   next one in the same message: the last group of a message, its trailer and whatever
   follows up to the next cut point are the envelope walk's (step 2).
2. The bytes before a slice are walked as the one-process reader walks them.
3. At a slice inside a CUSCAR message, the message header is closed as the slice's CNI would
   close it (header equipment handed over, voyage committed). The slice then goes to a
   worker (``delegate``) when its segments can be counted from its bytes: no release
   character, no blank or tagless segment, no segment that might be a service segment.
   Otherwise (or without ``delegate``) it is walked here like the rest.
4. Either way the slice ends the batch being filled (its last CNI group closed first): the
   one-process reader cuts its batches at the same places, so both give the same batches.
   A worker's batch starts with what the batch being filled held (voyage row, header
   equipment, warnings).
5. Before anything else is walked, and at the end, the sums of the slices given away are
   added to their message's reader in file order: consignments, packages, gross weights
   (one by one, so the sum is the one-process reader's to the last digit) and CNT segments.
"""

from __future__ import annotations

import bisect
import re
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from decimal import Decimal

from portcontrol.core.columnar.batch import ValidatedBatch
from portcontrol.core.columnar.edifact import BatchStart, CuscarRows, collection_paused
from portcontrol.core.columnar.validate import ConsignmentValidator
from portcontrol.core.formats.edifact.cuscar import CuscarReader
from portcontrol.core.formats.edifact.envelope import (
    SERVICE_TAGS,
    EnvelopeWalk,
    MessageHeader,
    OpenedInterchange,
    finish_interchange,
    open_interchange,
    segment_start,
)
from portcontrol.core.formats.edifact.reading import check_bytes, read_errors, readers_for
from portcontrol.core.formats.edifact.tokenizer import Segment, ServiceCharacters, Tokenizer

# Bytes of a CUSCAR per goods item or cargo unit, about: slices hold about a batch each.
BYTES_PER_ITEM = 200
# Slices are never smaller than this (a worker's task costs a little of its own).
MIN_SLICE = 4096


@dataclass(frozen=True, slots=True)
class SliceStart:
    """What a worker needs to read a slice as the one-process reader would read it there."""

    header: MessageHeader
    voyage_number: str
    mode: str
    chars: ServiceCharacters
    codec: str
    first_line: int
    # The number of the slice's first segment in its message, and how many segments it has.
    first_segment: int
    segments: int
    batch_size: int
    batch: BatchStart


@dataclass(slots=True)
class SliceSums:
    """What a message's control totals need of a slice read elsewhere."""

    consignments: int = 0
    packages: int = 0
    weights: list[Decimal] = field(default_factory=list)
    totals: list[Segment] = field(default_factory=list)


SliceResult = tuple[list[ValidatedBatch], SliceSums]
Delegate = Callable[[bytes, SliceStart], "Future[SliceResult]"]


def slice_bytes(batch_size: int) -> int:
    """Bytes per slice for batches of about ``batch_size`` goods items and cargo units."""
    return max(MIN_SLICE, batch_size * BYTES_PER_ITEM)


class SlicedReading:
    """Reads a CUSCAR interchange into ``rows``, slice by slice (see the module docstring)."""

    def __init__(self, data: bytes, rows: CuscarRows, *, delegate: Delegate | None = None) -> None:
        check_bytes(data)
        self.data = bytes(data)
        self.rows = rows
        self.delegate = delegate
        self.size = slice_bytes(rows.batch_size)
        # Slices given away whose sums are not yet added to their message's reader.
        self.pending: deque[tuple[CuscarReader, Future[SliceResult]]] = deque()
        self._line_offset, self._line = 0, 1

    def run(self) -> None:
        """Read the whole interchange; ReadError as :func:`read_messages` raises it."""
        rows = self.rows
        with read_errors():
            opened = open_interchange(self.data, rows.warn)
            # Offsets are those of the bytes opened (without a byte-order mark, UTF-16 recoded).
            self.data = opened.data
            walk = EnvelopeWalk(
                opened.interchange, readers_for("CUSCAR", rows, CuscarReader), rows.warn
            )
            position = opened.start
            for start, end in self._slices(opened):
                self._walk(opened, walk, position, start)
                self._slice(opened, walk, start, end)
                position = end
            self._walk(opened, walk, position, opened.end)
            self._settle()
            walk.close()
            finish_interchange(opened, walk)

    # --- cut points -------------------------------------------------------------------------

    def _slices(self, opened: OpenedInterchange) -> list[tuple[int, int]]:
        """Step 1: the slices, as byte ranges from a CNI segment to the next cut point."""
        if opened.end - opened.start <= self.size:
            return []
        data, chars, begin, end = opened.data, opened.chars, opened.start, opened.end
        services = _service_starts(opened)
        cuts: set[int] = set()
        target = begin
        while target < end:
            cut = segment_start(data, "CNI", chars, begin, first=target, end=end)
            if cut < 0:
                break
            cuts.add(cut)
            # The last CNI of the message too: after it, only its last group is left to the
            # envelope walk (with the message's end, which a slice must not hold).
            after = bisect.bisect_right(services, cut)
            message_end = services[after] if after < len(services) else end
            cuts.add(segment_start(data, "CNI", chars, begin, last=True, end=message_end))
            target = cut + self.size
        ordered = sorted(cuts)
        return [
            (start, following)
            for start, following in zip(ordered, ordered[1:], strict=False)
            # A slice stays inside its message: no service segment between its two ends.
            if bisect.bisect_right(services, start) == bisect.bisect_right(services, following)
        ]

    # --- walking ----------------------------------------------------------------------------

    def _walk(self, opened: OpenedInterchange, walk: EnvelopeWalk, start: int, end: int) -> None:
        """Step 2: the segments of ``data[start:end]`` through the envelope walk."""
        if start >= end:
            return
        self._settle()
        walk.walk(
            Tokenizer(
                opened.data,
                opened.chars,
                start,
                self._line_at(start),
                codec=opened.codec,
                end=end,
            )
        )

    def _line_at(self, offset: int) -> int:
        """The line of a byte offset (offsets asked for only grow: lines are counted once)."""
        self._line += self.data.count(b"\n", self._line_offset, offset)
        self._line_offset = offset
        return self._line

    def _slice(self, opened: OpenedInterchange, walk: EnvelopeWalk, start: int, end: int) -> None:
        """Steps 3 and 4: one slice, read by a worker or walked here; the batch ends after it."""
        reader = walk.reader
        if walk.message is None or not isinstance(reader, CuscarReader):
            self._walk(opened, walk, start, end)
            return
        # What the slice's CNI does first: equipment of the header handed over, voyage known.
        # (After a slice given away these change nothing: its sums need not be in yet.)
        reader._close_group()
        reader._commit_voyage()
        text = self.data[start:end] if self.delegate is not None else b""
        segments = _countable(text, opened.chars) if self.delegate is not None else None
        if segments is None or self.delegate is None:
            self._walk(opened, walk, start, end)
            reader._close_group()
            self.rows.cut_if_any()
            return
        slice_start = SliceStart(
            reader.header,
            reader.voyage_number,
            reader.mode,
            opened.chars,
            opened.codec,
            self._line_at(start),
            walk.count + 1,
            segments,
            self.rows.batch_size,
            self.rows.hand_over(),
        )
        self.pending.append((reader, self.delegate(text, slice_start)))
        walk.count += segments
        self._settle(waiting=False)

    def _settle(self, *, waiting: bool = True) -> None:
        """Step 5: sums of the slices given away, added to their readers in file order.

        Without ``waiting``, only those of the first slices already read: a slice's future
        (and the batches it holds) is let go as soon as it can be, not at its message's end.
        """
        pending = self.pending
        while pending and (waiting or pending[0][1].done()):
            reader, future = pending.popleft()
            sums = future.result()[1]
            reader.consignments += sums.consignments
            reader.packages += sums.packages
            for weight in sums.weights:
                reader.add_gross(weight)
            reader.totals.extend(sums.totals)


def _service_starts(opened: OpenedInterchange) -> list[int]:
    """Byte offsets of the service segments (UNH, UNT, UNZ, ...) between start and end."""
    data, chars, begin = opened.data, opened.chars, opened.start
    found = []
    # One pass for every tag (each is UN and a letter); each place found is then checked.
    for match in _SERVICE_TAG.finditer(data, begin, opened.end):
        position = match.start()
        tag = match.group().decode("ascii")
        if segment_start(data, tag, chars, begin, first=position, end=position + 3) == position:
            found.append(position)
    return found


_SERVICE_TAG = re.compile(b"|".join(sorted({tag.encode("ascii") for tag in SERVICE_TAGS})))


def _countable(text: bytes, chars: ServiceCharacters) -> int | None:
    """How many segments the tokenizer finds in a slice, when its bytes tell; else None.

    A slice starts at a segment and ends after a terminator (and white space). When no
    release character stands before a terminator, every terminator ends a piece; the
    tokenizer skips a piece only when it is blank or has no tag, and a service segment inside
    would not be the reader's. The expression looks for all three (and a release character
    starting a piece) after any terminator, taking every byte that might be white space once
    decoded (all above ASCII) as white space.
    """
    terminator = chars.terminator.encode("ascii")
    if chars.release is not None and chars.release.encode("ascii") + terminator in text:
        return None
    last = text.rfind(terminator)
    if last < 0 or text[last + 1 :].strip(b" \t\r\n"):
        return None
    if _doubtful(chars).search(text, 0, last + 1):
        return None
    return text.count(terminator, 0, last + 1)


_DOUBTFUL: dict[ServiceCharacters, re.Pattern[bytes]] = {}


def _doubtful(chars: ServiceCharacters) -> re.Pattern[bytes]:
    """A terminator, white space perhaps, then a terminator, an element separator (no tag), a
    release character, or a tag that may be a service segment's (UN and A, B, E, G, H, T, Z).
    """
    if chars not in _DOUBTFUL:
        terminator = re.escape(chars.terminator.encode("ascii"))
        others = [terminator, re.escape(chars.element.encode("ascii")), rb"(?i:UN[ABEGHTZ])"]
        if chars.release is not None:
            others.append(re.escape(chars.release.encode("ascii")))
        blank = rb"[\t\n\x0b\x0c\r\x1c-\x1f \x80-\xff]*"
        _DOUBTFUL[chars] = re.compile(terminator + blank + b"(?:" + b"|".join(others) + b")")
    return _DOUBTFUL[chars]


# --- in a worker ------------------------------------------------------------------------------


class _SliceReader(CuscarReader):
    """A CUSCAR reader that keeps each gross weight for the message's reader to add."""

    def __init__(self, builder: CuscarRows) -> None:
        super().__init__(builder)
        self.weights: list[Decimal] = []

    def add_gross(self, weight: Decimal) -> None:
        """Kept, to be added where the message's control totals are checked."""
        self.weights.append(weight)


def read_slice(text: bytes, start: SliceStart) -> SliceResult:
    """A slice read and validated: its batches and the sums its message needs.

    Raises ReadError as the one-process reader would when it reads these segments.
    """
    rows = CuscarRows(start.batch_size)
    rows.take_over(start.batch)
    reader = _SliceReader(rows)
    reader.start(start.header)
    reader.voyage_added = True
    reader.voyage_number, reader.mode = start.voyage_number, start.mode
    number = start.first_segment - 1
    service: str | None = None
    with read_errors(), collection_paused():
        for segment in Tokenizer(text, start.chars, 0, start.first_line, codec=start.codec):
            number += 1
            segment.number = number
            if segment.tag in SERVICE_TAGS:
                service = segment.tag
                break
            reader.segment(segment)
        reader._close_group()
    read = number - start.first_segment + 1
    if service is not None or read != start.segments:
        raise _Miscounted(
            f"{read} segments read ({service or 'no service segment'}), {start.segments} counted"
        )
    rows.cut_if_any()
    validator = ConsignmentValidator("cuscar")
    batches = [validator.validate(frame, issues) for frame, issues in rows.ready]
    sums = SliceSums(reader.consignments, reader.packages, reader.weights, reader.totals)
    return batches, sums


class _Miscounted(RuntimeError):
    """A slice's bytes said otherwise than its segments: a fault of this module, not the file."""
