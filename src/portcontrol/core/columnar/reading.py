"""Raw consignment rows as Polars frames: CSV through Polars (or the csv module), EDIFACT rows.

The Polars CSV parser is used when the file is plain enough that its rows and line numbers are
certainly those of the csv module (UTF-8, no blank lines, no lone carriage returns, a header on
the first line, every row as wide as the header); anything else, or any Polars parse error
before the first batch, goes through the tolerant csv-module reader of :mod:`tabular`.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl

from portcontrol.core.errors import Issue, Place, ReadError
from portcontrol.core.formats.tabular import CONSIGNMENT, CsvTable, open_csv
from portcontrol.core.manifest import CONSIGNMENT_ROW_FIELDS, Fields

_CHUNK = 8 << 20
# A block of records parsed at once: memory stays flat whatever the batch size asked for.
_MAX_BLOCK = 64 << 20
# ... and never less than this many bytes, unless the file is smaller.
_MIN_BLOCK = 1 << 16


def frame_from_fields(rows: list[tuple[Fields, Place]]) -> pl.DataFrame:
    """Field dicts with their places (an EDIFACT reader's rows) as a frame of raw rows."""
    columns: dict[str, list[Any]] = {name: [] for name in CONSIGNMENT_ROW_FIELDS}
    lines, segments, tags = [], [], []
    for fields, place in rows:
        for name, values in columns.items():
            values.append(fields.get(name))
        lines.append(place.line)
        segments.append(place.segment)
        tags.append(place.tag)
    return pl.DataFrame(
        {
            "line": pl.Series(lines, dtype=pl.Int64),
            "segment": pl.Series(segments, dtype=pl.Int64),
            "tag": pl.Series(tags, dtype=pl.Utf8),
            **{name: pl.Series(name, values, dtype=pl.Utf8) for name, values in columns.items()},
        }
    )


class PlainCheck:
    """Whether bytes fed in order, in pieces of any size, are plain: no blank line, every line
    ending in LF or CRLF (see the module docstring).
    """

    def __init__(self) -> None:
        # A blank line seen, and what was seen of carriage returns.
        self.blank = False
        self.returns = self.line_ends = 0
        # The last byte fed; a file starts as if after a line break.
        self.previous = b"\n"

    def feed(self, chunk: bytes) -> None:
        """The next piece of the file."""
        if not chunk or self.blank:
            return
        first = chunk[:1]
        # A line break followed by one (a blank line) or by a carriage return (a blank CRLF
        # line, or a lone carriage return: not plain either way), across pieces too.
        if (self.previous == b"\n" and first in b"\r\n") or _BLANK_LINE.search(chunk):
            self.blank = True
            return
        returns = chunk.count(b"\r")
        if returns:
            self.returns += returns
            self.line_ends += chunk.count(b"\r\n")
        if self.previous == b"\r" and first == b"\n":
            self.line_ends += 1
        self.previous = chunk[-1:]

    @property
    def plain(self) -> bool:
        """True when nothing fed so far breaks plainness."""
        return not self.blank and self.returns == self.line_ends


# Two line ends in a row, or a line end and a carriage return (searched as one expression:
# it is several times faster than two searches for "\n\n" and "\n\r\n").
_BLANK_LINE = re.compile(b"\n[\r\n]")


def _plain_file(path: Path) -> bool:
    """True when no line of the file is blank and every line ends in LF or CRLF.

    Invalid UTF-8 is left to Polars, which refuses it; the csv-module reader then takes over.
    """
    check = PlainCheck()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            check.feed(chunk)
            if check.blank:
                return False
    return check.plain


def _csv_table_head(path: Path) -> CsvTable:
    """The csv-module table of a file: sniffed encoding and delimiter, mapped header."""
    with path.open("rb") as stream:
        return open_csv(stream, name=path.name)


def read_csv_frames(
    source: str | os.PathLike[str], *, batch_size: int = 100_000
) -> Iterator[tuple[pl.DataFrame, list[Issue]]]:
    """Consignment rows of a CSV file in frames of about ``batch_size`` rows.

    Each frame comes with file-level warnings (all of them on the last frame). When Polars
    refuses the file part way (a line that is not UTF-8, a row wider than the header), the
    csv-module reader goes on from the first row not yet handed out. Raises ReadError as the
    csv-module reader does.
    """
    path = Path(source)
    table = _csv_table_head(path)
    if table.kind != CONSIGNMENT:
        raise ReadError(
            "the columnar reader takes goods (consignment) tables only", code="table.unknown"
        )
    handed = 0
    if polars_eligible(path, table):
        try:
            for frame, issues in _polars_frames(path, table, batch_size):
                handed += frame.height
                yield frame, issues
            return
        except pl.exceptions.PolarsError:
            pass
    yield from _module_frames(path, batch_size, handed)


class BlockParser:
    """Parses blocks of whole CSV records with Polars: canonical columns and line numbers.

    Built from plain values only (delimiter, header width, field names and positions), so a
    worker process can make its own from what the parent found in the header.
    """

    def __init__(
        self, delimiter: str, width: int, fields: tuple[str, ...], positions: tuple[int, ...]
    ) -> None:
        self.delimiter = delimiter
        self.names = [f"_c{i}" for i in range(width)]
        self.selected = [
            pl.col(self.names[p]).fill_null("").alias(f)
            for f, p in zip(fields, positions, strict=True)
        ]
        self.newlines = pl.sum_horizontal(
            [pl.col(n).str.count_matches("\n").fill_null(0) for n in self.names]
        )
        self.empty = pl.all_horizontal([pl.col(n).fill_null("") == "" for n in self.names])

    @classmethod
    def of(cls, table: CsvTable) -> BlockParser:
        """The parser of a table's header."""
        header = table.header
        return cls(table.delimiter, header.width, header.fields, tuple(header.positions))

    def parse(self, block: bytes, first_line: int) -> tuple[pl.DataFrame, int]:
        """The frame of one block whose first record starts on ``first_line``; the next line.

        A row's line is ``first_line`` plus the rows before it plus the line breaks inside
        their quoted cells (blank lines and lone carriage returns were ruled out beforehand).
        """
        parsed = pl.read_csv(
            block,
            has_header=False,
            separator=self.delimiter,
            schema=dict.fromkeys(self.names, pl.Utf8),
            encoding="utf8",
        )
        rows = parsed.height
        # Every record ends in a line break but perhaps the last; the others are in cells.
        in_cells = block.count(b"\n") - (rows if block.endswith(b"\n") else rows - 1)
        if in_cells == 0:
            # No line break inside a cell: a row's line is simply counted.
            batch = parsed.select(
                *self.selected,
                (pl.int_range(pl.len(), dtype=pl.Int64) + first_line).alias("line"),
                self.empty.alias("_empty"),
            )
            next_line = first_line + rows
        else:
            batch = parsed.select(
                *self.selected, self.newlines.alias("_newlines"), self.empty.alias("_empty")
            )
            lines = (
                pl.int_range(pl.len(), dtype=pl.Int64)
                + first_line
                + pl.col("_newlines").cum_sum().shift(1, fill_value=0)
            )
            batch = batch.with_columns(lines.alias("line"))
            next_line = first_line
            if batch.height:
                last = batch.row(batch.height - 1, named=True)
                next_line = last["line"] + last["_newlines"] + 1
            batch = batch.drop("_newlines")
        if batch["_empty"].any():
            batch = batch.filter(~pl.col("_empty"))
        return batch.drop("_empty"), next_line


def polars_eligible(path: Path, table: CsvTable) -> bool:
    """Whether the Polars parser reads this file as the csv module would (see the module)."""
    return head_eligible(table) and _plain_file(path)


def head_eligible(table: CsvTable) -> bool:
    """What the header tells of Polars eligibility: goods table, header first, UTF-8.

    The file must also be plain (:class:`PlainCheck`) for Polars to read it.
    """
    return (
        table.kind == CONSIGNMENT
        and table._line_offset == 0
        and table.encoding in ("utf-8", "utf-8-sig")
    )


def _polars_frames(
    path: Path, table: CsvTable, batch_size: int
) -> Iterator[tuple[pl.DataFrame, list[Issue]]]:
    """Frames parsed by Polars, mapped to canonical names, with line numbers counted.

    1. The file is cut into blocks of whole records (a line break ends a record when the
       quotes before it are balanced), so memory holds one block whatever the file's size.
    2. Each block is parsed by Polars, every cell as text (:class:`BlockParser`).
    """
    parser = BlockParser.of(table)
    next_line = 2
    pending: pl.DataFrame | None = None
    for block in _record_blocks(path, batch_size):
        frame, next_line = parser.parse(block, next_line)
        if pending is not None:
            yield pending, []
        pending = frame
    yield (
        (pending if pending is not None else _empty_frame(table.header.fields)),
        list(table.issues),
    )


def _record_end(data: bytes, start: int, end: int) -> int:
    """The index after the last line break in ``data[start:end]`` that ends a record (quotes
    balanced since ``start``, where a record begins), or 0.
    """
    position = data.rfind(b"\n", start, end)
    while position >= 0:
        if data.count(b'"', start, position) % 2 == 0:
            return position + 1
        position = data.rfind(b"\n", start, position)
    return 0


def _record_blocks(path: Path, rows: int) -> Iterator[bytes]:
    """The records after the header line, in blocks of about ``rows`` records."""
    for _, _, _, block in _blocks(path, rows):
        yield block


def record_spans(path: Path, rows: int) -> Iterator[tuple[int, int, int]]:
    """Blocks of about ``rows`` whole records after the header: (offset, size, first line)."""
    for offset, line, size, _ in _blocks(path, rows, contents=False):
        yield offset, size, line


def header_plain(path: Path) -> bool | None:
    """Whether the header record is plain; None when it does not end in a line break (a
    header too long to be read at once), where blocks cannot be checked on their own.
    """
    with path.open("rb") as stream:
        head = stream.read(_CHUNK)
    header = head[: _first_record_end(head)]
    if not header.endswith(b"\n"):
        return None
    check = PlainCheck()
    check.feed(header)
    return check.plain


def block_plain(path: Path, offset: int, size: int) -> bool:
    """Whether a block of :func:`record_spans` is plain.

    A block starts after a line break, as a :class:`PlainCheck` does: the blocks of a file
    and its header are all plain exactly when the whole file is.
    """
    check = PlainCheck()
    with path.open("rb") as stream:
        stream.seek(offset)
        check.feed(stream.read(size))
    return check.plain


def _blocks(
    path: Path, rows: int, *, contents: bool = True
) -> Iterator[tuple[int, int, int, bytes]]:
    """Blocks of whole records after the header: (offset, first line, size, bytes).

    The bytes are left empty unless ``contents``. The first line of a block is 2 plus the
    line breaks of the blocks before it: each record ends in one, plus those inside its
    quoted cells.
    """
    with path.open("rb") as stream:
        head = stream.read(_CHUNK)
        header_end = _first_record_end(head)
        line_bytes = max(1, len(head) // max(1, head.count(b"\n")))
        size = min(_MAX_BLOCK, max(_MIN_BLOCK, rows * line_bytes))
        offset, line = header_end, 2
        # ``data[start:]`` is read and not yet handed out (kept in place: no copies).
        data, start = head, header_end
        while True:
            while len(data) - start > size:
                cut = _record_end(data, start, start + size) or _record_end(data, start, len(data))
                if not cut:
                    break
                yield offset, line, cut - start, data[start:cut] if contents else b""
                line += data.count(b"\n", start, cut)
                offset += cut - start
                start = cut
            block = stream.read(size)
            if not block:
                if len(data) > start:
                    yield offset, line, len(data) - start, data[start:] if contents else b""
                return
            data = data[start:] + block
            start = 0


def _first_record_end(data: bytes) -> int:
    """The index after the header record."""
    position = data.find(b"\n")
    while position >= 0 and data.count(b'"', 0, position) % 2:
        position = data.find(b"\n", position + 1)
    return position + 1 if position >= 0 else len(data)


def _empty_frame(fields: tuple[str, ...]) -> pl.DataFrame:
    """A frame without rows."""
    return pl.DataFrame(schema={**dict.fromkeys(fields, pl.Utf8), "line": pl.Int64})


def _module_frames(
    path: Path, batch_size: int, skip: int = 0
) -> Iterator[tuple[pl.DataFrame, list[Issue]]]:
    """Frames of the tolerant csv-module reader, after the first ``skip`` rows."""
    with path.open("rb") as stream:
        table = open_csv(stream, name=path.name)
        names = table.header.fields
        columns: dict[str, list[str]] = {name: [] for name in names}
        lines: list[int] = []
        for index, (fields, place) in enumerate(table.rows()):
            if index < skip:
                continue
            for name in names:
                columns[name].append(fields[name])
            lines.append(place.line or 0)
            if len(lines) == batch_size:
                yield _frame(columns, lines), []
                columns, lines = {name: [] for name in names}, []
        yield _frame(columns, lines), list(table.issues)


def _frame(columns: dict[str, list[str]], lines: list[int]) -> pl.DataFrame:
    """Collected columns as a frame."""
    return pl.DataFrame(
        {
            **{n: pl.Series(n, c, dtype=pl.Utf8) for n, c in columns.items()},
            "line": pl.Series(lines, dtype=pl.Int64),
        }
    )


def read_csv_bytes_frames(
    data: bytes, *, batch_size: int = 100_000
) -> Iterator[tuple[pl.DataFrame, list[Issue]]]:
    """The csv-module frames of CSV bytes (for data not in a file)."""
    table = open_csv(io.BytesIO(data))
    names = table.header.fields
    columns: dict[str, list[str]] = {name: [] for name in names}
    lines: list[int] = []
    for fields, place in table.rows():
        for name in names:
            columns[name].append(fields[name])
        lines.append(place.line or 0)
    yield _frame(columns, lines), list(table.issues)
