"""CUSCAR rows validated column-wise: the complete result of the per-row reader, in batches.

The per-row reader hands a :class:`ManifestBuilder` a voyage per message header, a cargo unit
row per EQD and a consignment row per goods item. :class:`CuscarRows` keeps those calls, in
order, as rows of one frame (``record`` says which kind a row is) and cuts the frame into
batches at consignment (CNI) group boundaries; :class:`ConsignmentValidator` validates each
batch as one builder would validate its rows. With one batch the result is the per-row
reader's: records, warnings with their places, rejected items.

A batch that starts inside a message repeats that message's voyage row first, so each batch
stands on its own (as CSV batches do): a record whose rows fall into two batches is in both.
File-level warnings (envelope, control totals, code lists) go with the batch being filled
when they are found; joined in batch order they are the per-row reader's.
"""

from __future__ import annotations

import gc
import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import polars as pl

from portcontrol.core.columnar.batch import ValidatedBatch
from portcontrol.core.columnar.validate import (
    CARGO_UNIT,
    CONSIGNMENT,
    VOYAGE,
    ConsignmentValidator,
)
from portcontrol.core.errors import Issue, Place, ReadError
from portcontrol.core.manifest import CONSIGNMENT_ROW_FIELDS, Fields, ManifestBuilder

# Goods items and cargo units per batch: a few hundred megabytes at most per process.
BATCH_ROWS = 25_000
ROW_SCHEMA: dict[str, Any] = {
    "line": pl.Int64,
    "segment": pl.Int64,
    "tag": pl.Utf8,
    "record": pl.Utf8,
    **{name: pl.Utf8 for name in CONSIGNMENT_ROW_FIELDS},
}
RawBatch = tuple[pl.DataFrame, list[Issue]]


class CuscarRows(ManifestBuilder):
    """Keeps a CUSCAR reader's rows unvalidated, in order, and cuts them into raw batches."""

    def __init__(self, batch_size: int = BATCH_ROWS) -> None:
        super().__init__("cuscar")
        self.batch_size = batch_size
        self.rows: list[dict[str, Any]] = []
        self.items = 0
        self.pending_issues: list[Issue] = []
        self.ready: list[RawBatch] = []
        # The voyage row of the message being read, repeated when a batch starts inside it.
        self.voyage_row: dict[str, Any] | None = None
        self.voyage_in_batch = False

    def warn(self, place: Place, code: str, message: str) -> None:
        """A file-level warning, handed out with the batch being filled."""
        self.pending_issues.append(Issue(place, code, message))

    def add_voyage(self, fields: Fields, place: Place) -> None:  # type: ignore[override]
        """A message header's voyage: a row of its own."""
        row = _row(dict(fields), place, VOYAGE)
        self.voyage_row, self.voyage_in_batch = row, True
        self.rows.append(row)

    def add_cargo_unit_row(self, fields: Fields, place: Place) -> None:  # type: ignore[override]
        """An EQD's cargo unit row."""
        self._carry_voyage()
        self.rows.append(_row(fields, place, CARGO_UNIT))  # type: ignore[arg-type]
        self.items += 1

    def add_consignment_row(self, fields: Fields, place: Place) -> None:  # type: ignore[override]
        """A goods item's consignment row."""
        self._carry_voyage()
        self.rows.append(_row(fields, place, CONSIGNMENT))  # type: ignore[arg-type]
        self.items += 1

    def consignment_group_done(self) -> None:
        """A CNI group was handed over whole: a batch may end here."""
        if self.items >= self.batch_size:
            self.cut()

    def cut(self) -> None:
        """Close the batch being filled (rows and warnings so far)."""
        frame = pl.from_dicts(self.rows, schema=ROW_SCHEMA) if self.rows else _empty()
        self.ready.append((frame, self.pending_issues))
        self.rows, self.items, self.pending_issues = [], 0, []
        self.voyage_in_batch = False

    def _carry_voyage(self) -> None:
        if not self.voyage_in_batch and self.voyage_row is not None:
            self.rows.append(self.voyage_row)
        self.voyage_in_batch = True


def _row(fields: dict[str, Any], place: Place, record: str) -> dict[str, Any]:
    """A reader's field dict as a frame row (the dict is the reader's own, not reused)."""
    fields["line"], fields["segment"], fields["tag"] = place.line, place.segment, place.tag
    fields["record"] = record
    return fields


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema=ROW_SCHEMA)


@contextmanager
def _collection_paused() -> Iterator[None]:
    """No cyclic garbage collection while rows are read: they hold no cycles to collect.

    Reading makes millions of short-lived containers; the collector's passes over them are
    about a third of the reading time and free nothing reference counting does not.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _read_into(data: bytes, rows: CuscarRows) -> None:
    """Run the CUSCAR reader over ``data`` with ``rows`` as its builder; ReadError as it does."""
    from portcontrol.core.formats.edifact.cuscar import CuscarReader
    from portcontrol.core.formats.edifact.reading import read_messages

    read_messages(data, "CUSCAR", rows, CuscarReader)


def raw_cuscar_batches(data: bytes, batch_size: int = BATCH_ROWS) -> Iterator[RawBatch]:
    """Unvalidated row frames of a CUSCAR interchange and their file warnings, in file order.

    The reader runs in a thread a batch or two ahead of the consumer, so a large file is never
    held as rows at once. Raises ReadError when the per-row reader does (before any batch when
    the envelope cannot be read, or at the end when nothing was readable).
    """
    handoff: queue.Queue[RawBatch | BaseException | None] = queue.Queue(maxsize=2)
    stop = threading.Event()

    class Streaming(CuscarRows):
        def cut(self) -> None:
            super().cut()
            for batch in self.ready:
                while not stop.is_set():
                    try:
                        handoff.put(batch, timeout=0.1)
                        break
                    except queue.Full:
                        continue
            self.ready.clear()
            if stop.is_set():
                raise _Stopped

    def produce() -> None:
        rows = Streaming(batch_size)
        try:
            with _collection_paused():
                _read_into(data, rows)
            rows.cut()
            handoff.put(None)
        except _Stopped:
            return
        except BaseException as error:  # noqa: BLE001 - handed to the consumer, raised there
            handoff.put(error)

    worker = threading.Thread(target=produce, name="cuscar-reader", daemon=True)
    worker.start()
    try:
        while True:
            item = handoff.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        worker.join()


class _Stopped(Exception):
    """The consumer went away: the reader stops at its next batch."""


def read_cuscar_batches(data: bytes, *, batch_size: int = BATCH_ROWS) -> Iterator[ValidatedBatch]:
    """Validated batches of a CUSCAR interchange, in one process.

    Raises ReadError as :func:`~portcontrol.core.formats.edifact.read_cuscar` does.
    """
    validator = ConsignmentValidator("cuscar")
    for frame, issues in raw_cuscar_batches(data, batch_size):
        yield validator.validate(frame, issues)


def read_cuscar_columnar(data: bytes) -> ValidatedBatch:
    """A whole CUSCAR interchange as one validated batch (the per-row reader's result)."""
    batches = list(read_cuscar_batches(data, batch_size=1 << 62))
    if len(batches) != 1:  # pragma: no cover - one cut at the end only
        raise ReadError("the interchange was read in more than one batch")
    return batches[0]
