"""CUSCAR rows validated column-wise: the complete result of the per-row reader, in batches.

The per-row reader hands a :class:`ManifestBuilder` a voyage per message header, a cargo unit
row per EQD and a consignment row per goods item. :class:`CuscarRows` keeps those calls, in
order, as rows of one frame (``record`` says which kind a row is) and cuts the frame into
batches at consignment (CNI) group boundaries; :class:`ConsignmentValidator` validates each
batch as one builder would validate its rows. With one batch the result is the per-row
reader's: records, warnings with their places, rejected items.

A batch ends after a CNI group once it holds ``batch_size`` goods items and cargo units, and
at the end of each slice of the interchange (:mod:`portcontrol.core.columnar.slices`: the
pieces that worker processes read). A batch that starts inside a message repeats that
message's voyage row first, so each batch stands on its own (as CSV batches do): a record
whose rows fall into two batches is in both. File-level warnings (envelope, control totals,
code lists) go with the batch being filled when they are found; joined in batch order they
are the per-row reader's.
"""

from __future__ import annotations

import gc
import queue
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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


@dataclass(slots=True)
class BatchStart:
    """The batch being filled, as a slice's reader takes it over: rows, warnings, voyage."""

    rows: list[dict[str, Any]]
    items: int
    issues: list[Issue]
    voyage_row: dict[str, Any] | None
    voyage_in_batch: bool


class CuscarRows(ManifestBuilder):
    """Keeps a CUSCAR reader's rows unvalidated, in order, and cuts them into raw batches.

    Batches are handed to ``on_batch`` as they are cut, or kept in ``ready``.
    """

    def __init__(
        self,
        batch_size: int = BATCH_ROWS,
        on_batch: Callable[[RawBatch], None] | None = None,
    ) -> None:
        super().__init__("cuscar")
        self.batch_size = batch_size
        self.on_batch = on_batch
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
        batch = (frame, self.pending_issues)
        self.rows, self.items, self.pending_issues = [], 0, []
        self.voyage_in_batch = False
        if self.on_batch is not None:
            self.on_batch(batch)
        else:
            self.ready.append(batch)

    def cut_if_any(self) -> None:
        """Close the batch being filled unless it holds nothing (the end of a slice)."""
        if self.rows or self.pending_issues:
            self.cut()

    def hand_over(self) -> BatchStart:
        """The batch being filled, for a slice's reader to go on with; this one starts anew."""
        start = BatchStart(
            self.rows, self.items, self.pending_issues, self.voyage_row, self.voyage_in_batch
        )
        self.rows, self.items, self.pending_issues = [], 0, []
        self.voyage_in_batch = False
        return start

    def take_over(self, start: BatchStart) -> None:
        """Go on with a batch handed over by another reader (its lists are left as they are)."""
        self.rows, self.items = list(start.rows), start.items
        self.pending_issues = list(start.issues)
        self.voyage_row, self.voyage_in_batch = start.voyage_row, start.voyage_in_batch

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
def collection_paused() -> Iterator[None]:
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


def read_ahead(produce: Callable[[Callable[[Any], None]], None], ahead: int = 2) -> Iterator[Any]:
    """What ``produce(emit)`` emits, in order, produced in a thread ``ahead`` items ahead.

    A large file is never held as rows at once. An exception of ``produce`` is raised here,
    after the items emitted before it.
    """
    handoff: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=ahead)
    stop = threading.Event()

    def emit(item: Any) -> None:
        while not stop.is_set():
            try:
                handoff.put(("item", item), timeout=0.1)
                return
            except queue.Full:
                continue
        raise _Stopped

    def run() -> None:
        try:
            with collection_paused():
                produce(emit)
            handoff.put(("done", None))
        except _Stopped:
            return
        except BaseException as error:  # noqa: BLE001 - handed to the consumer, raised there
            handoff.put(("error", error))

    worker = threading.Thread(target=run, name="cuscar-reader", daemon=True)
    worker.start()
    try:
        while True:
            kind, item = handoff.get()
            if kind == "done":
                return
            if kind == "error":
                raise item
            yield item
    finally:
        stop.set()
        worker.join()


class _Stopped(Exception):
    """The consumer went away: the reader stops at its next batch."""


def raw_cuscar_batches(data: bytes, batch_size: int = BATCH_ROWS) -> Iterator[RawBatch]:
    """Unvalidated row frames of a CUSCAR interchange and their file warnings, in file order.

    Raises ReadError when the per-row reader does (before any batch when the envelope cannot
    be read, or at the end when nothing was readable).
    """
    from portcontrol.core.columnar.slices import SlicedReading

    def produce(emit: Callable[[Any], None]) -> None:
        rows = CuscarRows(batch_size, on_batch=emit)
        SlicedReading(data, rows).run()
        rows.cut()

    yield from read_ahead(produce)


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
