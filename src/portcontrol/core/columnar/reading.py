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
    if table._line_offset == 0 and table.encoding in ("utf-8", "utf-8-sig") and _plain_file(path):
        try:
            for frame, issues in _polars_frames(path, table, batch_size):
                handed += frame.height
                yield frame, issues
            return
        except pl.exceptions.PolarsError:
            pass
    yield from _module_frames(path, batch_size, handed)


def _polars_frames(
    path: Path, table: CsvTable, batch_size: int
) -> Iterator[tuple[pl.DataFrame, list[Issue]]]:
    """Frames parsed by Polars, mapped to canonical names, with line numbers counted.

    1. The file is cut into blocks of whole records (a line break ends a record when the
       quotes before it are balanced), so memory holds one block whatever the file's size.
    2. Each block is parsed by Polars, every cell as text.
    3. A row's line is the header's plus the rows before it plus the line breaks inside
       their quoted cells (blank lines and lone carriage returns were ruled out beforehand).
    """
    header = table.header
    names = [f"_c{i}" for i in range(header.width)]
    selected = [
        pl.col(names[p]).fill_null("").alias(f)
        for f, p in zip(header.fields, header.positions, strict=True)
    ]
    newlines = pl.sum_horizontal([pl.col(n).str.count_matches("\n").fill_null(0) for n in names])
    empty = pl.all_horizontal([pl.col(n).fill_null("") == "" for n in names])
    next_line = 2
    pending: pl.DataFrame | None = None
    for block in _record_blocks(path, batch_size):
        batch = pl.read_csv(
            block,
            has_header=False,
            separator=table.delimiter,
            schema=dict.fromkeys(names, pl.Utf8),
            encoding="utf8",
        ).select(*selected, newlines.alias("_newlines"), empty.alias("_empty"))
        lines = (
            pl.int_range(pl.len(), dtype=pl.Int64)
            + next_line
            + pl.col("_newlines").cum_sum().shift(1, fill_value=0)
        )
        batch = batch.with_columns(lines.alias("line"))
        if batch.height:
            last = batch.row(batch.height - 1, named=True)
            next_line = last["line"] + last["_newlines"] + 1
        frame = batch.filter(~pl.col("_empty")).drop("_newlines", "_empty")
        if pending is not None:
            yield pending, []
        pending = frame
    yield (pending if pending is not None else _empty_frame(header.fields)), list(table.issues)


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
    with path.open("rb") as stream:
        head = stream.read(_CHUNK)
        header_end = _first_record_end(head)
        line_bytes = max(1, len(head) // max(1, head.count(b"\n")))
        size = min(_MAX_BLOCK, max(1 << 16, rows * line_bytes))
        carry = head[header_end:]
        while True:
            block = stream.read(size)
            data = carry + block
            if not block:
                if data:
                    yield data
                return
            cut = _record_end(data)
            if cut:
                yield data[:cut]
                carry = data[cut:]
            else:
                carry = data


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
