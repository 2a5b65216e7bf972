"""Raw consignment rows as Polars frames: CSV through Polars (or the csv module), EDIFACT rows.

The Polars CSV parser is used when the file is plain enough that its rows and line numbers are
certainly those of the csv module (UTF-8, no blank lines, no lone carriage returns, a header on
the first line, every row as wide as the header); anything else, or any Polars parse error
before the first batch, goes through the tolerant csv-module reader of :mod:`tabular`.
"""

from __future__ import annotations

import io
import os
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


def _plain_file(path: Path) -> bool:
    """True when no line of the file is blank and every line ends in LF or CRLF.

    Invalid UTF-8 is left to Polars, which refuses it; the csv-module reader then takes over.
    """
    previous = b"\n"
    returns = line_ends = 0
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            # One byte of the chunk before: a CRLF or blank line may straddle the boundary.
            joined = previous + chunk
            if b"\n\n" in joined or b"\n\r\n" in joined:
                return False
            returns += chunk.count(b"\r")
            line_ends += joined.count(b"\r\n")
            previous = chunk[-1:]
    return returns == line_ends


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
        batch = pl.read_csv(
            block,
            has_header=False,
            separator=self.delimiter,
            schema=dict.fromkeys(self.names, pl.Utf8),
            encoding="utf8",
        ).select(*self.selected, self.newlines.alias("_newlines"), self.empty.alias("_empty"))
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
        return batch.filter(~pl.col("_empty")).drop("_newlines", "_empty"), next_line


def polars_eligible(path: Path, table: CsvTable) -> bool:
    """Whether the Polars parser reads this file as the csv module would (see the module)."""
    return (
        table.kind == CONSIGNMENT
        and table._line_offset == 0
        and table.encoding in ("utf-8", "utf-8-sig")
        and _plain_file(path)
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


def _record_end(data: bytes) -> int:
    """The index after the last line break that ends a record (quotes balanced), or 0."""
    position = data.rfind(b"\n")
    while position >= 0:
        if data.count(b'"', 0, position) % 2 == 0:
            return position + 1
        position = data.rfind(b"\n", 0, position)
    return 0


def _record_blocks(path: Path, rows: int) -> Iterator[bytes]:
    """The records after the header line, in blocks of about ``rows`` records."""
    for _, _, block in _blocks(path, rows):
        yield block


def record_spans(path: Path, rows: int) -> Iterator[tuple[int, int, int]]:
    """Blocks of about ``rows`` whole records after the header: (offset, size, first line)."""
    for offset, line, block in _blocks(path, rows):
        yield offset, len(block), line


def _blocks(path: Path, rows: int) -> Iterator[tuple[int, int, bytes]]:
    """Blocks of whole records after the header: (offset, first line, bytes).

    The first line of a block is 2 plus the line breaks of the blocks before it: each record
    ends in one, plus those inside its quoted cells.
    """
    with path.open("rb") as stream:
        head = stream.read(_CHUNK)
        header_end = _first_record_end(head)
        line_bytes = max(1, len(head) // max(1, head.count(b"\n")))
        size = min(_MAX_BLOCK, max(_MIN_BLOCK, rows * line_bytes))
        offset, line = header_end, 2
        data = head[header_end:]
        while True:
            while len(data) > size:
                cut = _record_end(data[:size]) or _record_end(data)
                if not cut:
                    break
                yield offset, line, data[:cut]
                line += data.count(b"\n", 0, cut)
                offset += cut
                data = data[cut:]
            block = stream.read(size)
            if not block:
                if data:
                    yield offset, line, data
                return
            data += block


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
